"""The files of /data/ are built once per content version, never while a reader waits: a reader gets the file of
the current content, or the previous one (said, and never cached) while the next is built, or a 503 with
Retry-After when none was ever built."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from citydip import datasets
from citydip.models import DatasetFile, Lease
from initiatives.models import City, Initiative

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode("utf-8-sig")


def test_a_dataset_is_built_once_and_then_served_as_stored(django_assert_max_num_queries):
    reader = Client()
    first = reader.get("/data/cities.csv")
    assert first.status_code == 200 and first["X-Dataset-Status"] == "current"
    assert "Los Angeles" in text(first) and first["Content-Disposition"] == 'attachment; filename="citydip-cities.csv"'
    assert DatasetFile.objects.count() == len(datasets.DATASETS) * len(datasets.FORMATS), "every file, in one build"
    with django_assert_max_num_queries(3):  # the content version (page cache, then file) and the stored file
        again = Client(HTTP_HOST="localhost").get("/data/cities.csv")
    assert again.content == first.content


def test_the_file_follows_the_content():
    reader = Client()
    assert "Milano" not in text(reader.get("/data/cities.csv"))
    assert reader.get("/data/cities.csv")["X-Cache"] == "hit"
    City.objects.filter(slug="milan").update(name="Milano")
    assert "Milano" in text(reader.get("/data/cities.csv"))


def test_a_file_kept_in_the_page_cache_follows_any_edit_even_of_text_alone():
    reader = Client()
    reader.get("/data/initiatives.json")
    assert reader.get("/data/initiatives.json")["X-Cache"] == "hit"
    initiative = Initiative.objects.get(slug="mexla")
    initiative.summary = "Reworded by an editor."
    initiative.save()
    again = reader.get("/data/initiatives.json")
    assert again["X-Cache"] == "miss" and "Reworded by an editor." in text(again)


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
        assert "Italia" not in response.content.decode()
    datasets.build_stale()
    response = reader.get("/data/cities.json")
    assert response["X-Dataset-Status"] == "current" and "Italia" in response.content.decode()


def test_a_dataset_never_built_is_a_503_with_retry_after_while_another_process_builds(monkeypatch):
    Lease.objects.create(name="datasets", holder="elsewhere", expires_at=timezone.now() + timedelta(minutes=5))
    response = Client().get("/data/topics.csv")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "being built" in response.content.decode()


def test_one_build_at_a_time_and_a_lease_that_ran_out_is_taken_again():
    assert datasets.take_lease()
    assert datasets.build_stale() == [], "the lease is held: another build runs"
    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert datasets.take_lease(), "a build that died lets go when its lease runs out"
    datasets.let_go()
    assert len(datasets.build_stale()) == len(datasets.DATASETS) * len(datasets.FORMATS)


def test_the_command_builds_what_is_out_of_date():
    out = StringIO()
    call_command("build_datasets", stdout=out)
    assert "Built 14 files: articles.json, articles.csv" in out.getvalue()
    out = StringIO()
    call_command("build_datasets", stdout=out)
    assert "Nothing to build" in out.getvalue()


def test_the_files_name_the_site_by_its_configured_address(settings):
    settings.SITE_URL = "https://citydip.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "citydip.example.org"]
    rows = Client(HTTP_HOST="localhost:6666").get("/data/cities.json").json()["results"]
    assert rows[0]["url"].startswith("https://citydip.example.org/cities/")
