"""The editors' trial (issue 14, "Measure it"): one new article of our own (fixtures/editor_trial/), naming 3
cities the base knows, 4 it does not, 2 networks it does not and 5 claims a sentence each supports, brought in
as a saved web page, a PDF and a Word file. Each reads to the same metadata and suggestions; then the path an
editor takes in the admin — create the new records, accept the claims, publish — ends with every claim public
with its quote. The same path in a browser, clicks counted: tests/browser/test_editor_path.py."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Article
from initiatives import gazetteer
from initiatives.models import City, Membership, Network
from tests.paths import ROOT

pytestmark = pytest.mark.django_db

TRIAL = ROOT / "fixtures" / "editor_trial"
FILES = {"html": "a web page", "pdf": "a PDF", "docx": "a Word document"}
TITLE = "Sea Walls and Soft Power: How Coastal Cities Learn From Each Other"
ADDRESS = "https://civic-ledger.example.net/2026/10/sea-walls-and-soft-power/"
NEW_RECORDS = [
    "new city: Montevideo (Uruguay)",
    "new city: Lisbon (Portugal)",
    "new city: Bogotá (Colombia)",
    "new city: Accra (Ghana)",
    "new network: ICLEI",
    "new network: Eurocities",
]
# The one claim between records the base already knows, printed by the import.
KNOWN_CLAIM = "claim: Freetown — member — Mayors Migration Council (¶7)"
# The five claims, once the new records are made.
CLAIMS = [
    "claim: Montevideo — member — ICLEI (¶2)",
    "claim: Seoul — host — ICLEI (¶3)",
    "claim: Lisbon — chair — Eurocities (¶5)",
    "claim: Bogotá — founding member — Strong Cities Network (¶6)",
    KNOWN_CLAIM,
]


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    """The gazetteer, loaded again if a `flush` earlier in the run emptied it (see test_gazetteer)."""
    with django_db_blocker.unblock():
        gazetteer.ensure_loaded()


def imported(extension: str) -> list[str]:
    output = StringIO()
    call_command("import_article", str(TRIAL / f"sea_walls_and_soft_power.{extension}"), stdout=output)
    return output.getvalue().splitlines()


@pytest.mark.parametrize("extension", FILES)
def test_each_file_imports_with_its_metadata_and_says_what_the_base_does_not_know(extension):
    lines = imported(extension)
    article = Article.objects.get(canonical_url=ADDRESS)
    assert lines[0].startswith(f"Imported “{TITLE}” as a draft with 9 paragraphs.")
    assert lines[1] == (f"  Read from {FILES[extension]}: by Inês Carvalho, Kofi Boateng; first published 6 October "
                        f"2026 in The Civic Ledger; {ADDRESS}.")
    assert [line for line in lines if line.startswith("new ")] == NEW_RECORDS
    assert KNOWN_CLAIM in lines
    assert (article.title, [a.name for a in article.byline()], str(article.date_published), article.publication) == (
        TITLE, ["Inês Carvalho", "Kofi Boateng"], "2026-10-06", "The Civic Ledger"
    )
    assert article.status == Article.Status.DRAFT and not article.reposted_in
    assert [(p.number, p.kind) for p in article.paragraphs.all()][3] == (4, "heading")


def test_the_import_prints_no_claim_for_a_city_merely_named_beside_an_unknown_one():
    """Bogotá is not in the base yet: the cue "founding member" speaks of it, not of New York, named in its
    sentence as where mayors met."""
    assert [line for line in imported("html") if line.startswith("claim: ")] == [KNOWN_CLAIM]


def values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)"', html)


def test_from_the_import_to_published_claims_with_their_quotes(editor_client):
    imported("html")
    article = Article.objects.get(canonical_url=ADDRESS)

    # One click per new record: each Create button.
    records = reverse("admin:initiatives_record_suggestions", args=[article.pk])
    keys = values(editor_client.get(records).content.decode(), "create")
    assert len(keys) == 6
    for key in keys:
        assert editor_client.post(records, {"create": key}).status_code == 302
    assert not values(editor_client.get(records).content.decode(), "create"), "nothing left to suggest"
    bogota = City.objects.get(name="Bogotá")
    assert (bogota.country, bogota.region, bogota.geonames_id) == ("Colombia", "latin-america", 3688689)
    assert set(Network.objects.filter(name__in=["ICLEI", "Eurocities"]).values_list("slug", flat=True)) == {
        "iclei", "eurocities"
    }

    # The five claims, checked already; one click accepts them.
    claims = reverse("admin:initiatives_claim_suggestions", args=[article.pk])
    page = editor_client.get(claims).content.decode()
    checked = re.findall(r'name="checked" value="([^"]+)" checked', page)
    assert len(checked) == len(values(page, "accept")) == 5
    editor_client.post(claims, {"checked": checked, "accept_checked": "Accept the checked suggestions"})
    sources = {
        (m.city.name, m.role, m.network.name): [(s.paragraph.number, s.quote) for s in m.sources.all()]
        for m in Membership.objects.filter(sources__paragraph__article=article).distinct()
    }
    assert sorted(sources) == sorted([
        ("Montevideo", "member", "ICLEI"), ("Seoul", "host", "ICLEI"), ("Lisbon", "chair", "Eurocities"),
        ("Bogotá", "founding member", "Strong Cities Network"), ("Freetown", "member", "Mayors Migration Council"),
    ])
    paragraphs = {p.number: p.text for p in article.paragraphs.all()}
    for (_city, _role, _network), quoted in sources.items():
        [(number, quote)] = quoted
        assert quote in paragraphs[number]

    # Publish, accepting the links the new records made.
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [article.pk], "links": "accept"})
    article.refresh_from_db()
    assert article.is_published

    # What a reader sees: each claim with its quote, and each new city linking its network.
    reader = Client()
    public = reader.get(article.get_absolute_url()).content.decode()
    for _claim, [(number, quote)] in sources.items():
        assert re.search(rf'<p>“{re.escape(quote)}”</p></blockquote>\s*<p class="source-ref">— <a href="#q-p{number}-[0-9a-f]{{8}}">¶{number}</a>', public)
    for city, network in [("montevideo", "iclei"), ("lisbon", "eurocities"), ("bogota", "strong-cities-network")]:
        assert f'href="/networks/{network}/"' in reader.get(f"/cities/{city}/").content.decode()
    montevideo = reader.get("/cities/montevideo/?format=json").json()
    assert [(n["name"], n["role"], n["year"]) for n in montevideo["networks"]] == [("ICLEI", "member", 2009)]
