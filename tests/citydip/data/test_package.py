"""/data/ is a Frictionless Data Package of the public records — descriptor, a CSV per table, a ZIP and a SQLite
database — that `frictionless validate` passes, with the relations and their quotes, and no draft."""

import csv
import io
import json
import sqlite3
import zipfile

import pytest
from django.test import Client
from frictionless import Package, system

from articles.models import Article
from citydip.data import package
from citydip.data.tables import TABLES
from initiatives.models import City, Membership, Mention

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def served_package(tmp_path):
    """The package as a reader downloads it: the descriptor, then each table at the path it gives."""
    reader = Client()
    descriptor = reader.get("/data/datapackage.json")
    assert descriptor.status_code == 200 and descriptor["Content-Type"] == "application/json"
    content = body(descriptor)
    (tmp_path / "datapackage.json").write_bytes(content)
    (tmp_path / "tables").mkdir()
    for resource in json.loads(content)["resources"]:
        table = reader.get(f"/data/{resource['path']}")
        assert table.status_code == 200, resource["path"]
        (tmp_path / resource["path"]).write_bytes(body(table))
    return tmp_path


def test_the_served_package_passes_frictionless_validate(tmp_path):
    directory = served_package(tmp_path)
    with system.use_context(trusted=True):
        report = Package(str(directory / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])[:5]
    names = {task.name for task in report.tasks}
    assert {"articles", "paragraphs", "authors", "article_authors", "cities", "networks", "bodies", "initiatives",
            "memberships", "participations", "membership_sources", "participation_sources", "initiative_sources",
            "mentions", "topics", "initiative_topics", "article_topics"} <= names


def test_a_broken_foreign_key_fails_validation(tmp_path):
    """What the validation checks is real: a membership of a city the package lacks is reported."""
    directory = served_package(tmp_path)
    memberships = directory / "tables" / "memberships.csv"
    lines = memberships.read_text().splitlines()
    lines[1] = "narnia" + lines[1][lines[1].index(","):]
    memberships.write_text("\n".join(lines) + "\n")
    descriptor = json.loads((directory / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (directory / "datapackage.json").write_text(json.dumps(descriptor))
    with system.use_context(trusted=True):
        report = Package(str(directory / "datapackage.json")).validate()
    assert not report.valid
    assert "foreign-key" in {error[1] for error in report.flatten(["resourceName", "type"])}


def test_the_descriptor_states_keys_licences_version_and_sources():
    descriptor = json.loads(body(Client().get("/data/datapackage.json")))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["version"].startswith("0+") and descriptor["created"]
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0", "CC-BY-4.0"]
    assert "GeoNames" in descriptor["licenses"][1]["title"]
    assert any("GeoNames" in source["title"] for source in descriptor["sources"])
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert resources["paragraphs"]["licenses"][0]["title"] == "The article texts are © their publishers, quoted for research"
    assert resources["cities"]["schema"]["primaryKey"] == ["slug"]
    assert resources["membership_sources"]["schema"]["foreignKeys"][0] == {
        "fields": ["city", "network", "role"], "reference": {"resource": "memberships", "fields": ["city", "network", "role"]},
    }
    assert {"wikidata", "geonames_id"} <= {field["name"] for field in resources["cities"]["schema"]["fields"]}


def test_the_tables_hold_the_relations_with_their_quotes_and_ids():
    City.objects.filter(slug="los-angeles").update(geonames_id=5368361)
    reader = Client()
    cities = {row["slug"]: row for row in rows(body(reader.get("/data/tables/cities.csv")))}
    assert cities["los-angeles"]["wikidata"] == "Q65" and cities["los-angeles"]["geonames_id"] == "5368361"
    memberships = rows(body(reader.get("/data/tables/memberships.csv")))
    assert {"city": "los-angeles", "network": "c40-cities", "role": "chair"}.items() <= next(
        row for row in memberships if row["city"] == "los-angeles" and row["network"] == "c40-cities"
    ).items()
    sources = rows(body(reader.get("/data/tables/membership_sources.csv")))
    chair = next(row for row in sources if row["city"] == "los-angeles" and row["role"] == "chair")
    assert "using his position as chair of C40 Cities" in chair["quote"]
    assert chair["url"].endswith(f"/articles/{chair['article']}/#p{chair['paragraph']}")


def test_drafts_are_not_in_the_package():
    article = Article.objects.published().first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    reader = Client()
    assert article.slug not in {row["slug"] for row in rows(body(reader.get("/data/tables/articles.csv")))}
    assert article.slug not in {row["article"] for row in rows(body(reader.get("/data/tables/paragraphs.csv")))}
    assert article.slug not in {row["article"] for row in rows(body(reader.get("/data/tables/membership_sources.csv")))}
    public = Membership.objects.public().count()
    assert len(rows(body(reader.get("/data/tables/memberships.csv")))) == public


def test_the_sqlite_file_joins_memberships_to_cities_and_quotes(tmp_path):
    response = Client().get("/data/citydip.sqlite")
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.sqlite3"
    (tmp_path / "citydip.sqlite").write_bytes(body(response))
    database = sqlite3.connect(tmp_path / "citydip.sqlite")
    joined = database.execute(
        """SELECT cities.name, cities.country, networks.name, memberships.role, membership_sources.quote
           FROM memberships
           JOIN cities ON cities.slug = memberships.city
           JOIN networks ON networks.slug = memberships.network
           JOIN membership_sources USING (city, network, role)
           WHERE memberships.city = 'los-angeles' AND memberships.network = 'c40-cities'"""
    ).fetchall()
    assert joined and joined[0][:4] == ("Los Angeles", "United States", "C40 Cities", "chair")
    assert "chair of C40 Cities" in joined[0][4]
    declared = database.execute("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('membership_sources')").fetchall()
    assert ("memberships", "city", "city") in declared and ("paragraphs", "paragraph", "number") in declared
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute("SELECT count(*) FROM memberships").fetchone()[0] == Membership.objects.public().count()


def test_the_zip_holds_the_descriptor_and_every_table():
    response = Client().get("/data/citydip.zip")
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="citydip.zip"'
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert sorted(archive.namelist()) == sorted(
        ["citydip/datapackage.json", *(f"citydip/tables/{table.name}.csv" for table in TABLES)]
    )
    descriptor = json.loads(archive.read("citydip/datapackage.json"))
    assert archive.read("citydip/tables/cities.csv") == body(Client().get("/data/tables/cities.csv"))
    assert descriptor["resources"][0]["path"] == "tables/articles.csv"


def test_an_unknown_table_is_a_404():
    response = Client().get("/data/tables/narnia.csv")
    assert response.status_code == 404 and "no such table" in response.content.decode()


def test_the_package_is_read_in_a_fixed_number_of_queries(django_assert_num_queries):
    # One query a table, whatever its size, plus the content version and the latest release.
    with django_assert_num_queries(len(TABLES) + 2):
        package.build_current()


def test_the_data_page_lists_the_package_with_sizes_licence_and_listings():
    reader = Client()
    reader.get("/data/datapackage.json")  # built
    page = reader.get("/data/").content.decode()
    for link in ('href="/data/datapackage.json"', 'href="/data/citydip.zip"', 'href="/data/citydip.sqlite"',
                 'href="/data/tables/membership_sources.csv"', 'href="/data/cities.csv"', 'href="/data/initiatives.json"'):
        assert link in page
    assert "CC BY 4.0" in page and "© their publishers, quoted for research" in page
    assert "being built" not in page and "\xa0KB<" in page
    assert "No release yet" in page
    version = json.loads(body(reader.get("/data/datapackage.json")))["version"]
    assert f"Version <code>{version}</code>" in page


def test_zeros_are_values_and_empty_texts_are_missing(tmp_path):
    """A name at the very start of a paragraph is at offset 0, not a missing offset."""
    mention = Mention.objects.public().exclude(start=0).first()
    Mention.objects.filter(pk=mention.pk).update(start=0)
    (tmp_path / "citydip.sqlite").write_bytes(body(Client().get("/data/citydip.sqlite")))
    database = sqlite3.connect(tmp_path / "citydip.sqlite")
    assert database.execute("SELECT count(*) FROM mentions WHERE start = 0").fetchone()[0] >= 1
    assert database.execute("SELECT count(*) FROM articles WHERE subtitle = ''").fetchone()[0] == 0
