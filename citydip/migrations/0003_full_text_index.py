"""The database's own full-text index over SearchEntry, one per backend, behind citydip.search."""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE citydip_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(name, '') || ' ' || coalesce(aliases, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX citydip_searchentry_vector ON citydip_searchentry USING gin (search_vector)",
]
POSTGRES_REVERSE = ["ALTER TABLE citydip_searchentry DROP COLUMN search_vector"]

SQLITE = [
    """
    CREATE VIRTUAL TABLE citydip_searchentry_fts USING fts5(
        name, aliases, summary, body, content='citydip_searchentry', content_rowid='id', tokenize='porter unicode61'
    )
    """,
    """
    CREATE TRIGGER citydip_searchentry_ai AFTER INSERT ON citydip_searchentry BEGIN
        INSERT INTO citydip_searchentry_fts(rowid, name, aliases, summary, body) VALUES (new.id, new.name, new.aliases, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER citydip_searchentry_ad AFTER DELETE ON citydip_searchentry BEGIN
        INSERT INTO citydip_searchentry_fts(citydip_searchentry_fts, rowid, name, aliases, summary, body)
        VALUES ('delete', old.id, old.name, old.aliases, old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER citydip_searchentry_au AFTER UPDATE ON citydip_searchentry BEGIN
        INSERT INTO citydip_searchentry_fts(citydip_searchentry_fts, rowid, name, aliases, summary, body)
        VALUES ('delete', old.id, old.name, old.aliases, old.summary, old.body);
        INSERT INTO citydip_searchentry_fts(rowid, name, aliases, summary, body) VALUES (new.id, new.name, new.aliases, new.summary, new.body);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER citydip_searchentry_au",
    "DROP TRIGGER citydip_searchentry_ad",
    "DROP TRIGGER citydip_searchentry_ai",
    "DROP TABLE citydip_searchentry_fts",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("citydip", "0002_search_entry")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
