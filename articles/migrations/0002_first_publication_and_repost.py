"""An article is dated and cited by where and when it first appeared; the repost we read is kept apart.

Before, `publication` and `date_published` held the repost (the CPD blog, 2024) and `original_publication`
the first place of publication, undated: citations gave the repost's date. Where an article had an
original publication, the two swap: the repost moves to `reposted_in` / `reposted_on`, the original to
`publication`. The first publication of the two curated reposts is known (see fixtures/curated); any
other keeps the repost's day until an editor gives the first one.
"""

from datetime import date

from django.db import migrations, models

# Foreign Policy's own pages: 16 April 2019; "spring 2020", after the U.S. froze W.H.O. funding (14 April).
FIRST_PUBLISHED = {
    "cities-will-determine-the-future-of-diplomacy": (date(2019, 4, 16), "day"),
    "can-cities-fix-a-post-pandemic-world-order": (date(2020, 1, 1), "year"),
}


def first_publication_first(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(reposted_in=""):
        original, original_date = article.reposted_in, article.reposted_on
        article.reposted_in, article.reposted_on = article.publication, article.date_published
        article.publication = original
        if original_date:
            article.date_published = original_date
        elif article.slug in FIRST_PUBLISHED:
            article.date_published, article.date_precision = FIRST_PUBLISHED[article.slug]
        article.save(update_fields=["publication", "date_published", "date_precision", "reposted_in", "reposted_on"])


def repost_first(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(reposted_in=""):
        original, original_date = article.publication, article.date_published
        article.publication, article.date_published = article.reposted_in, article.reposted_on or original_date
        article.reposted_in, article.reposted_on = original, original_date
        article.save(update_fields=["publication", "date_published", "reposted_in", "reposted_on"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RenameField("article", "original_publication", "reposted_in"),
        migrations.RenameField("article", "original_date", "reposted_on"),
        migrations.AddField(
            model_name="article",
            name="date_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")], default="day", max_length=5,
                help_text="How much of the date is known: for “spring 2020”, the year (and any day of it above).",
            ),
        ),
        migrations.RunPython(first_publication_first, repost_first),
        migrations.AlterField(
            model_name="article",
            name="publication",
            field=models.CharField(help_text="Where it first appeared, e.g. Foreign Policy.", max_length=200),
        ),
        migrations.AlterField(
            model_name="article",
            name="date_published",
            field=models.DateField(help_text="When it first appeared: cited, dated and sorted by this."),
        ),
        migrations.AlterField(
            model_name="article",
            name="reposted_in",
            field=models.CharField(
                blank=True, help_text="Where we read it, when that is a repost, e.g. the USC CPD blog.", max_length=200
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="reposted_on",
            field=models.DateField(blank=True, help_text="The day of the repost we read.", null=True),
        ),
    ]
