"""`backup` and `restore` round-trip the whole database, and refuse to mix two databases."""

import datetime
import hashlib
import json
import re
import sys
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from citydip.core.admin.editors import grant_editor_permissions
from citydip.data.backup import EXCLUDED, ExactJSONEncoder, backed_up_models
from initiatives.models import City

# Real transactions: a restore truncates tables, which PostgreSQL refuses inside a test's open transaction
# with deferred constraints pending. Transactional tests run after the others and start from an empty
# database, so each seeds its own.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def seeded():
    call_command("seed", verbosity=0)
    editors = grant_editor_permissions(Group, Permission)  # a flush before this test removed the group
    # Joined 0.5 ms after a whole second: a backup that kept milliseconds only would restore another time.
    joined = datetime.datetime(2026, 11, 28, 17, 2, 12, 500, tzinfo=datetime.UTC)
    User.objects.create_user("ed", password="a-long-editor-password", is_staff=True, date_joined=joined).groups.add(editors)


def every_record():
    """Every record of every backed-up model, serialized with natural foreign keys, in a stable order."""
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXCLUDED or model._meta.app_label in EXCLUDED or not model._meta.managed:
            continue
        data = serializers.serialize(
            "json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True, cls=ExactJSONEncoder
        )
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


def test_a_backup_is_the_file_dumpdata_writes_closed_with_a_manifest(tmp_path):
    """Its records are those `dumpdata` writes, with times to the microsecond where `dumpdata` keeps milliseconds;
    the last element counts them and checks their bytes."""
    call_command("backup", str(tmp_path / "backup.json"), stdout=StringIO())
    dumped = tmp_path / "dumpdata.json"
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, output=str(dumped), verbosity=0)
    written = (tmp_path / "backup.json").read_bytes()
    records, manifest = written.rsplit(b', {"citydip_manifest"', 1)
    assert b".000500Z" in records, "the editor joined half a millisecond after the second"
    to_milliseconds = re.sub(rb'(T\d\d:\d\d:\d\d\.\d{3})\d{3}(Z|[+-]\d\d:\d\d)"', rb'\1\2"', records)
    assert to_milliseconds == dumped.read_bytes()[:-1]
    manifest = json.loads(b'{"citydip_manifest"' + manifest[:-1])["citydip_manifest"]
    assert manifest["counts"]["initiatives.city"] == City.objects.count()
    assert manifest["sha256"] == hashlib.sha256(records).hexdigest()


def test_a_backup_cut_at_a_record_boundary_is_refused_and_writes_nothing(tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    text = path.read_text()
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index(', {"model": "initiatives.city"')] + "]")  # complete JSON, half the data
    cities = City.objects.count()
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(cut), "--force", stdout=StringIO())
    tampered = tmp_path / "tampered.json"
    tampered.write_text(text.replace('"name": "Milan"', '"name": "Milano"'))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tampered), "--force", stdout=StringIO())
    assert City.objects.count() == cities and City.objects.filter(name="Milan").exists()


def test_a_dumpdata_file_restores_without_a_manifest_and_its_stored_html_is_made_again(tmp_path):
    from articles.models import Paragraph

    paragraph = Paragraph.objects.filter(html__contains="mention").first()
    honest = paragraph.html
    Paragraph.objects.filter(pk=paragraph.pk).update(html='<script>alert("from the file")</script>')
    dumped = tmp_path / "dumpdata.json"
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, output=str(dumped), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="without-manifest"):
        call_command("restore", str(dumped), stdout=StringIO())
    call_command("restore", str(dumped), "--without-manifest", stdout=StringIO())
    assert Paragraph.objects.get(pk=paragraph.pk).html == honest


def test_a_restore_keeps_editors_signed_in_and_names_who_may_sign_in(tmp_path):
    editor = Client()
    editor.force_login(User.objects.get(username="ed"))
    User.objects.create_superuser("root", password="a-long-root-password")
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    out = StringIO()
    call_command("restore", str(path), "--force", stdout=out)
    assert "Users who may sign in to the admin: ed, root (superuser)." in out.getvalue()
    assert editor.get("/admin/").status_code == 200, "the session survived the restore"


def test_a_backup_reads_each_model_in_a_few_queries(tmp_path):
    # What natural keys name (a mention's paragraph and its article) is joined, not fetched record by record:
    # that took minutes at scale.
    with CaptureQueriesContext(connection) as queries:
        call_command("backup", str(tmp_path / "backup.json"), stdout=StringIO())
    assert len(json.loads((tmp_path / "backup.json").read_text())) > 1000
    assert len(queries) <= 3 * len(backed_up_models())


def test_a_restored_database_takes_new_records(tmp_path):
    # The restored ids are past the id sequences (PostgreSQL): a new record must not collide with one of them.
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    call_command("restore", str(path), "--force", stdout=StringIO())
    city = City.objects.create(name="Restored Later", slug="restored-later")
    assert city.pk > City.objects.exclude(pk=city.pk).order_by("-pk").first().pk


class Terminal(StringIO):
    def isatty(self):
        return True


def test_backup_and_restore_show_their_progress_on_a_terminal(tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    cities = City.objects.count()
    monkeypatch.setattr(sys, "stderr", Terminal())
    call_command("backup", str(path), stdout=StringIO())
    shown = sys.stderr.getvalue()
    assert "cities: 100%" in shown and f"{cities}/{cities}" in shown and "rows/s" in shown

    monkeypatch.setattr(sys, "stderr", Terminal())
    call_command("restore", str(path), "--force", stdout=StringIO())
    shown = sys.stderr.getvalue()
    assert f"{cities}/{cities}" in shown and "search index: 100%" in shown


def test_backup_and_restore_are_silent_elsewhere(tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    monkeypatch.setattr(sys, "stderr", StringIO())  # a pipe, a log file, CI
    call_command("backup", str(path), stdout=StringIO())
    call_command("restore", str(path), "--force", stdout=StringIO())
    assert sys.stderr.getvalue() == ""


def test_a_backup_cut_short_leaves_the_earlier_one_whole(tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    earlier = path.read_bytes()

    def cut(queryset):
        raise OSError("disk full")

    monkeypatch.setattr("citydip.data.backup.records_of", cut)
    with pytest.raises(OSError):
        call_command("backup", str(path), stdout=StringIO())
    assert path.read_bytes() == earlier
    assert [file.name for file in tmp_path.iterdir()] == ["backup.json"]


def test_a_restore_over_the_database_invalidates_the_cached_pages(tmp_path):
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    City.objects.filter(slug="milan").update(name="Milano")  # after the backup, behind the cache's back
    reader = Client()
    assert b"Milano" in reader.get("/cities/milan/").content
    call_command("restore", str(path), "--force", stdout=StringIO())
    page = reader.get("/cities/milan/")
    assert page["X-Cache"] == "miss" and b"Milano" not in page.content


def test_a_backup_sees_the_database_as_it_was_when_it_began(tmp_path, monkeypatch):
    """An edit committed while the backup runs is in it whole or not at all (PostgreSQL's snapshot)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's backup runs alone: a write waits for its lock")
    import psycopg2

    from citydip.data import backup as backup_module

    database = connection.settings_dict

    def edited_meanwhile(model):
        if model is City:  # another session commits an edit, as an editor's would
            other = psycopg2.connect(
                dbname=database["NAME"], host=database["HOST"], port=database["PORT"], user=database["USER"]
            )
            with other, other.cursor() as cursor:
                cursor.execute("UPDATE initiatives_city SET name = 'Milano' WHERE slug = 'milan'")
            other.close()
        return original(model)

    original = backup_module.records_of
    monkeypatch.setattr(backup_module, "records_of", edited_meanwhile)
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=StringIO())
    records = json.loads(path.read_text())
    cities = {r["fields"]["slug"]: r["fields"]["name"] for r in records if r.get("model") == "initiatives.city"}
    assert cities["milan"] == "Milan"
    assert City.objects.get(slug="milan").name == "Milano"  # the edit went in, after the backup's snapshot


@pytest.mark.parametrize("content, message", [
    ('{"model": "initiatives.city"}', "is not a backup"),
    ("[]", "holds no records"),
])
def test_a_file_that_is_no_backup_is_refused_before_anything_is_replaced(tmp_path, content, message):
    path = tmp_path / "other.json"
    path.write_text(content)
    cities = City.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--force", stdout=StringIO())
    assert City.objects.count() == cities
