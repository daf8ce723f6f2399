"""`backup` and `restore` round-trip the whole database, and refuse to mix two databases."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import Client

from citydip.backup import EXCLUDED
from citydip.editors import grant_editor_permissions

# Real transactions: a restore truncates tables, which PostgreSQL refuses inside a test's open transaction
# with deferred constraints pending. Transactional tests run after the others and start from an empty
# database, so each seeds its own.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def seeded():
    call_command("seed", verbosity=0)
    editors = grant_editor_permissions(Group, Permission)  # a flush before this test removed the group
    User.objects.create_user("ed", password="a-long-editor-password", is_staff=True).groups.add(editors)


def every_record():
    """Every record of every backed-up model, serialized with natural foreign keys, in a stable order."""
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXCLUDED or model._meta.app_label in EXCLUDED or not model._meta.managed:
            continue
        data = serializers.serialize("json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True)
        snapshot[label] = json.loads(data)
    return snapshot


def test_a_backup_restores_to_an_identical_database(tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    before = every_record()
    call_command("flush", interactive=False, verbosity=0)  # a fresh, empty database
    call_command("restore", str(path), stdout=StringIO())
    after = every_record()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert sum(len(records) for records in after.values()) > 1000
    client = Client()
    assert client.get("/cities/los-angeles/").status_code == 200
    assert client.get("/search/?q=WhatsApp&format=json").json()["count"] == 2, "the search index is rebuilt"


def test_restore_refuses_a_database_that_holds_records_unless_forced(tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", str(path))
    call_command("restore", str(path), "--force", stdout=StringIO())
    assert Client().get("/cities/los-angeles/").status_code == 200


@pytest.mark.parametrize("content", ['[{"model": "initiatives.city", "fields": {"name": 1}}]', "not json", ""])
def test_a_damaged_backup_writes_nothing(tmp_path, content):
    path = tmp_path / "damaged.json"
    path.write_text(content)
    before = every_record()
    with pytest.raises(CommandError):
        call_command("restore", str(path), "--force")
    assert every_record() == before


def test_backup_and_restore_refuse_bad_paths(tmp_path):
    with pytest.raises(CommandError, match=".json"):
        call_command("backup", str(tmp_path / "backup.txt"))
    with pytest.raises(CommandError, match="no folder"):
        call_command("backup", str(tmp_path / "missing" / "backup.json"))
    with pytest.raises(CommandError, match="not a backup file"):
        call_command("restore", str(tmp_path / "absent.json"))
