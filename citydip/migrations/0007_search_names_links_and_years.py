"""The search's names (exact first, "did you mean"), its links between entries (its facets) and entries' years;
the trigram index of the names, one per backend; then every entry afresh, so that an existing database finds by
topics, relations and the gazetteer's names at once."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# Adding columns makes SQLite copy the entries' table, which drops the triggers that keep its full-text index in
# step: they are made again, and the index rebuilt from the table.
FULL_TEXT = importlib.import_module("citydip.migrations.0003_full_text_index")
ENTRY_TRIGGERS = ["citydip_searchentry_ai", "citydip_searchentry_ad", "citydip_searchentry_au"]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX citydip_searchname_trigrams ON citydip_searchname USING gin (name gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX citydip_searchname_trigrams"]

SQLITE = [
    *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in ENTRY_TRIGGERS),
    *FULL_TEXT.SQLITE[1:],
    "INSERT INTO citydip_searchentry_fts(citydip_searchentry_fts) VALUES ('rebuild')",
    """
    CREATE VIRTUAL TABLE citydip_searchname_trigrams USING fts5(
        name, content='citydip_searchname', content_rowid='id', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER citydip_searchname_ai AFTER INSERT ON citydip_searchname BEGIN
        INSERT INTO citydip_searchname_trigrams(rowid, name) VALUES (new.id, new.name);
    END
    """,
    """
    CREATE TRIGGER citydip_searchname_ad AFTER DELETE ON citydip_searchname BEGIN
        INSERT INTO citydip_searchname_trigrams(citydip_searchname_trigrams, rowid, name) VALUES ('delete', old.id, old.name);
    END
    """,
    """
    CREATE TRIGGER citydip_searchname_au AFTER UPDATE ON citydip_searchname BEGIN
        INSERT INTO citydip_searchname_trigrams(citydip_searchname_trigrams, rowid, name) VALUES ('delete', old.id, old.name);
        INSERT INTO citydip_searchname_trigrams(rowid, name) VALUES (new.id, new.name);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER citydip_searchname_au",
    "DROP TRIGGER citydip_searchname_ad",
    "DROP TRIGGER citydip_searchname_ai",
    "DROP TABLE citydip_searchname_trigrams",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


def reindex(apps, schema_editor):
    # The live code, not historical models: the index is derived, made as the code that reads it makes it.
    from citydip.search.index import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("citydip", "0006_releases"),
        ("articles", "0004_article_canonical_url"),
        ("initiatives", "0006_load_gazetteer"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="slug",
            field=models.CharField(blank=True, help_text="The record's own, which the facets filter by.", max_length=200),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="year",
            field=models.PositiveSmallIntegerField(blank=True, help_text="An initiative's year, an article's.", null=True),
        ),
        migrations.CreateModel(
            name="SearchName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300)),
                ("key", models.CharField(db_index=True, max_length=300)),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="names", to="citydip.searchentry")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("entry", "name"), name="search_name_unique")],
            },
        ),
        migrations.CreateModel(
            name="SearchLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links", to="citydip.searchentry")),
                ("value", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="linked_from", to="citydip.searchentry")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("entry", "value"), name="search_link_unique")],
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
