"""A backup is the whole database as Django's JSON serialization, with natural foreign keys (records refer
to each other by slug), and the primary keys kept, so that history and logs still point at their records.

Left out: what migrations make (content types, permissions), what is derived (the search index, rebuilt on
restore) and what is transient (sessions, login-attempt counters).
"""

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from .search_index import rebuild

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "citydip.searchentry", "axes"]
CONTENT_MODELS = ["articles.article", "articles.author", "initiatives.city", "initiatives.network", "initiatives.initiative"]


class RestoreRefused(Exception):
    pass


def backup(path):
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, output=str(path), verbosity=0)


def is_empty():
    User = apps.get_model("auth", "User")
    return not User.objects.exists() and not any(apps.get_model(label).objects.exists() for label in CONTENT_MODELS)


@transaction.atomic
def restore(path, force=False):
    """Load a backup into this database in one transaction; over existing records only with force."""
    if not is_empty():
        if not force:
            raise RestoreRefused(
                "This database already holds records; restoring would mix two databases. "
                "Restore into a fresh one, or pass --force to replace everything in this one."
            )
        call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    rebuild()
