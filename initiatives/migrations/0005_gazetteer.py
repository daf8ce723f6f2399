# The GeoNames gazetteer (initiatives.gazetteer): its cities and their names, and the GeoNames id of a city.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0004_rejected_claim_suggestions'),
    ]

    operations = [
        migrations.CreateModel(
            name='Place',
            fields=[
                ('geonames_id', models.PositiveIntegerField(primary_key=True, serialize=False, verbose_name='GeoNames ID')),
                ('name', models.CharField(max_length=200)),
                ('country_code', models.CharField(help_text='ISO 3166-1 alpha-2.', max_length=2)),
                ('country', models.CharField(help_text='As the base names countries (initiatives.gazetteer).', max_length=100)),
                ('region', models.CharField(choices=[('north-america', 'North America'), ('latin-america', 'Latin America and the Caribbean'), ('europe', 'Europe'), ('africa', 'Africa'), ('middle-east', 'Middle East'), ('asia', 'Asia'), ('oceania', 'Oceania')], max_length=20)),
                ('latitude', models.FloatField(validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)])),
                ('longitude', models.FloatField(validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)])),
                ('population', models.PositiveIntegerField()),
            ],
            options={
                'ordering': ['-population', 'geonames_id'],
            },
        ),
        migrations.AddField(
            model_name='city',
            name='geonames_id',
            field=models.PositiveIntegerField(blank=True, help_text="The city's place in the GeoNames gazetteer (geonames.org), e.g. 3441575 for Montevideo.", null=True, unique=True, verbose_name='GeoNames ID'),
        ),
        migrations.CreateModel(
            name='PlaceName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('place', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='names', to='initiatives.place')),
            ],
            options={
                'ordering': ['name', 'place'],
                'constraints': [models.UniqueConstraint(fields=('name', 'place'), name='place_name_unique')],
            },
        ),
    ]
