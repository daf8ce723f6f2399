"""`python manage.py release` freezes the public data as numbered releases, each served unchanged for ever with its
changelog and its citation; record pages say which release they were last in."""

import csv
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from citydip.data.models import Release, ReleasedRecord
from initiatives.models import City, Membership

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def release() -> str:
    out = StringIO()
    call_command("release", stdout=out)
    return out.getvalue()


def test_a_release_freezes_the_package_and_says_what_it_holds():
    said = release()
    assert said.startswith("Release 1: ") and "added, 0 changed, 0 removed" in said and "/data/releases/1/" in said
    reader = Client()
    descriptor = json.loads(body(reader.get("/data/releases/1/datapackage.json")))
    assert descriptor["version"] == "1"
    frozen = body(reader.get("/data/releases/1/tables/cities.csv"))
    City.objects.filter(slug="milan").update(name="Milano")
    assert body(reader.get("/data/releases/1/tables/cities.csv")) == frozen, "a release never changes"
    assert b"Milano" in body(reader.get("/data/tables/cities.csv")), "the current data do"
    archive = zipfile.ZipFile(io.BytesIO(body(reader.get("/data/releases/1/citydip.zip"))))
    assert archive.read("citydip/tables/cities.csv") == frozen


def test_the_changelog_names_what_was_added_changed_and_removed_by_slug_per_table():
    release()
    City.objects.filter(slug="milan").update(name="Milano")
    City.objects.create(name="Narnia", slug="narnia", country="Narnia", region="europe")
    membership = Membership.objects.public().get(city__slug="los-angeles", network__slug="c40-cities", role="chair")
    membership.delete()
    said = release()
    assert said.startswith("Release 2: ")
    page = Client().get("/data/releases/2/").content.decode()
    assert "Changes since release 1" in page
    assert "<code>milan</code>" in page and "<code>narnia</code>" in page
    assert "<code>los-angeles / c40-cities / chair</code>" in page
    changes = Release.objects.get(number=2).changes
    assert changes["cities"]["added"]["count"] == 1 and changes["cities"]["changed"]["keys"] == [["milan"]]
    assert changes["memberships"]["removed"]["keys"] == [["los-angeles", "c40-cities", "chair"]]
    changelog = list(csv.reader(io.StringIO(body(Client().get("/data/releases/2/changelog.csv")).decode())))
    assert ["cities", "added", "narnia"] in changelog and ["memberships", "removed", "los-angeles / c40-cities / chair"] in changelog


def test_each_release_is_cited_in_bibtex_ris_csl_and_citation_cff():
    release()
    reader = Client()
    page = reader.get("/data/releases/1/").content.decode()
    assert "Cite this dataset version" in page and "@misc{citydip_release_1," in page
    bibtex = body(reader.get("/data/releases/1/citation.bib")).decode()
    assert "version = {1}" in bibtex and "url = {http://127.0.0.1:8000/data/releases/1/}" in bibtex
    ris = body(reader.get("/data/releases/1/citation.ris")).decode()
    assert ris.startswith("TY  - DATA\r\n") and "ET  - 1\r\n" in ris and ris.endswith("ER  - \r\n")
    csl = json.loads(body(reader.get("/data/releases/1/citation.json")))
    assert csl[0]["type"] == "dataset" and csl[0]["version"] == "1"
    cff = reader.get("/data/releases/1/CITATION.cff")
    assert cff["Content-Disposition"] == 'attachment; filename="CITATION.cff"'
    text = body(cff).decode()
    assert "cff-version: 1.2.0" in text and "type: dataset" in text and 'version: "1"' in text


def test_the_releases_page_lists_them_and_the_data_page_links_the_latest():
    release()
    release()
    listing = Client().get("/data/releases/").content.decode()
    assert 'href="/data/releases/2/"' in listing and 'href="/data/releases/1/"' in listing
    data = Client().get("/data/").content.decode()
    assert 'href="/data/releases/2/"' in data and "No release yet" not in data


def test_an_unknown_release_or_file_is_a_404_page():
    release()
    reader = Client()
    missing = reader.get("/data/releases/7/")
    assert missing.status_code == 404 and "there is no release 7" in missing.content.decode()
    assert reader.get("/data/releases/7/citation.bib").status_code == 404
    assert reader.get("/data/releases/1/secrets.txt").status_code == 404
    assert reader.get("/data/releases/one/").status_code == 404


def test_record_pages_say_which_release_they_were_last_in():
    reader = Client()
    assert "release-note" not in reader.get("/cities/los-angeles/").content.decode(), "nothing before any release"
    release()
    assert 'In <a href="/data/releases/1/">release 1</a>' in reader.get("/cities/los-angeles/").content.decode()
    City.objects.create(name="Narnia", slug="narnia", country="Narnia", region="europe")
    release()
    assert 'In <a href="/data/releases/2/">release 2</a>' in reader.get("/cities/narnia/").content.decode()
    assert 'In <a href="/data/releases/2/">release 2</a>' in reader.get("/articles/cities-are-transforming-us-foreign-policy/").content.decode()
    City.objects.create(name="Atlantis", slug="atlantis", country="Nowhere", region="europe")
    assert "Not yet in a release" in reader.get("/cities/atlantis/").content.decode()
    assert ReleasedRecord.objects.filter(table="cities", slug="narnia", release=2).exists()
