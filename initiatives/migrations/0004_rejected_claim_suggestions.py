# The claims editors rejected among those suggested from an article's sentences (initiatives.claim_suggestions).

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from citydip.core.admin.editors import GROUP_NAME

MODEL = "rejectedclaimsuggestion"


def let_editors_reject(apps, schema_editor):
    """The Editors group holds every permission of the content apps (citydip 0001): add this model's too, where
    the group is already there. Permissions are normally created after all migrations run."""
    config = apps.get_app_config("initiatives")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="initiatives", content_type__model=MODEL
        )
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_versioned_rows'),
        ('initiatives', '0003_quotes_ordered_by_id'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RejectedClaimSuggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(help_text="The membership's or participation's role that was suggested.", max_length=20)),
                ('rejected_at', models.DateTimeField(auto_now_add=True)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rejected_claim_suggestions', to='initiatives.city')),
                ('initiative', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='rejected_claim_suggestions', to='initiatives.initiative')),
                ('network', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='rejected_claim_suggestions', to='initiatives.network')),
                ('paragraph', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.paragraph')),
                ('rejected_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('initiative__isnull', True), ('network__isnull', False)), models.Q(('initiative__isnull', False), ('network__isnull', True)), _connector='OR'), name='rejected_claim_suggestion_one_other_end'), models.UniqueConstraint(condition=models.Q(('network__isnull', False)), fields=('paragraph', 'city', 'network', 'role'), name='rejected_membership_suggestion_unique'), models.UniqueConstraint(condition=models.Q(('initiative__isnull', False)), fields=('paragraph', 'city', 'initiative', 'role'), name='rejected_participation_suggestion_unique')],
            },
        ),
        migrations.RunPython(let_editors_reject, migrations.RunPython.noop),
    ]
