from django.db import migrations, models


def start_an_epoch(apps, schema_editor):
    # The old single token goes: every page cached under it is stale from now on.
    apps.get_model("citydip", "ContentVersion").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("citydip", "0004_content_version_and_dataset_files"),
    ]

    operations = [
        migrations.RunPython(start_an_epoch, migrations.RunPython.noop),
        migrations.RemoveField(model_name="contentversion", name="token"),
        migrations.AddField(
            model_name="contentversion", name="epoch", field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="contentversion", name="sequence", field=models.PositiveBigIntegerField(default=1),
        ),
        migrations.CreateModel(
            name="VersionTag",
            fields=[
                ("tag", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("sequence", models.PositiveBigIntegerField()),
            ],
        ),
        migrations.AlterField(
            model_name="datasetfile", name="version",
            field=models.CharField(help_text="The content version it was built from.", max_length=40),
        ),
    ]
