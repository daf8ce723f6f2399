"""The files of /data/ are built once per content version, never while a reader waits: a reader gets the file of
the current content, or the previous one (said, and never cached) while the next is built, or a 503 with
Retry-After when none was ever built."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from citydip.data import datasets, package
from citydip.data.models import DatasetFile, Lease
from initiatives.models import City, Initiative

pytestmark = pytest.mark.django_db

# The listings' files and those of the data package, every one of which a build makes.
EVERY_FILE = len(datasets.DATASETS) * len(datasets.FORMATS) + len(package.FILES)


def text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_a_dataset_is_built_once_and_then_served_as_stored(django_assert_max_num_queries):
    reader = Client()
    first = reader.get("/data/cities.csv")
    assert first.status_code == 200 and first["X-Dataset-Status"] == "current"
    exported = text(first)
    assert "Los Angeles" in exported and first["Content-Disposition"] == 'attachment; filename="citydip-cities.csv"'
    assert DatasetFile.objects.count() == EVERY_FILE, "every file, in one build"
    with django_assert_max_num_queries(3):  # the content version (page cache, then file) and the stored file's row
        again = Client(HTTP_HOST="localhost").get("/data/cities.csv")
    assert text(again) == exported


def test_the_file_follows_the_content():
    reader = Client()
    assert "Milano" not in text(reader.get("/data/cities.csv"))
    City.objects.filter(slug="milan").update(name="Milano")
    assert "Milano" in text(reader.get("/data/cities.csv"))


def test_the_file_follows_an_edit_of_text_alone():
    reader = Client()
    reader.get("/data/initiatives.json")
    initiative = Initiative.objects.get(slug="mexla")
    initiative.summary = "Reworded by an editor."
    initiative.save()
    assert "Reworded by an editor." in text(reader.get("/data/initiatives.json"))


def test_each_server_sends_the_file_from_its_own_copy_and_keeps_only_the_current_one(settings):
    reader = Client()
    first = reader.get("/data/topics.csv")
    assert first.streaming and "X-Cache" not in first, "sent from the file, not kept in the page cache"
    assert text(first) == bytes(DatasetFile.objects.get(name="topics", format="csv").content).decode("utf-8-sig")
    assert [path.name.split("-")[0] for path in settings.DATASETS_DIR.glob("topics-*.csv")] == ["topics"]
    City.objects.filter(slug="milan").update(name="Milano")
    reader.get("/data/topics.csv")
    copies = list(settings.DATASETS_DIR.glob("topics-*.csv"))
    assert len(copies) == 1 and DatasetFile.objects.get(name="topics", format="csv").version in copies[0].name


def test_while_the_next_file_is_built_readers_get_the_previous_one_marked_and_never_cached(monkeypatch):
    reader = Client()
    reader.get("/data/cities.json")
    monkeypatch.setattr(datasets, "build_in_background", lambda: None)  # a build under way elsewhere
    city = City.objects.get(slug="milan")
    city.country = "Italia"
    city.save()
    for _ in range(2):
        response = reader.get("/data/cities.json")
        assert response.status_code == 200 and response["X-Dataset-Status"].startswith("previous version")
        assert "no-store" in response["Cache-Control"] and "X-Cache" not in response
        assert "Italia" not in text(response)
    datasets.build_stale()
    response = reader.get("/data/cities.json")
    assert response["X-Dataset-Status"] == "current" and "Italia" in text(response)


def test_a_dataset_never_built_is_a_503_with_retry_after_while_another_process_builds(monkeypatch):
    Lease.objects.create(name="datasets", holder="elsewhere", expires_at=timezone.now() + timedelta(minutes=5))
    response = Client().get("/data/topics.csv")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "being built" in response.content.decode()


def test_a_build_renews_its_lease_after_each_file_so_that_one_that_dies_lets_go_soon(monkeypatch):
    expiries, store = [], datasets.store

    def storing(*args):
        expiries.append(Lease.objects.get(name="datasets").expires_at)
        store(*args)

    monkeypatch.setattr(datasets, "store", storing)
    datasets.build_stale()
    assert len(expiries) == EVERY_FILE
    assert expiries == sorted(expiries) and expiries[-1] > expiries[0], "renewed after each file"
    assert expiries[-1] - timezone.now() <= datasets.LEASE_TIME


def test_one_build_at_a_time_and_a_lease_that_ran_out_is_taken_again():
    assert datasets.take_lease()
    assert datasets.build_stale() == [], "the lease is held: another build runs"
    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert datasets.take_lease(), "a build that died lets go when its lease runs out"
    datasets.let_go()
    assert len(datasets.build_stale()) == EVERY_FILE


def test_the_command_builds_what_is_out_of_date():
    out = StringIO()
    call_command("build_datasets", stdout=out)
    assert f"Built {EVERY_FILE} files: articles.json, articles.csv" in out.getvalue()
    assert "datapackage.json, tables/articles.csv" in out.getvalue() and "citydip.sqlite." in out.getvalue()
    out = StringIO()
    call_command("build_datasets", stdout=out)
    assert "Nothing to build" in out.getvalue()


def test_the_files_name_the_site_by_its_configured_address(settings):
    settings.SITE_URL = "https://citydip.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "citydip.example.org"]
    rows = json.loads(text(Client(HTTP_HOST="localhost:6666").get("/data/cities.json")))["results"]
    assert rows[0]["url"].startswith("https://citydip.example.org/cities/")
