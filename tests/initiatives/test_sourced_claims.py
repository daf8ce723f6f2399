"""Only sourced claims are public: a membership, participation or initiative is shown to readers only while a
published article quotes it. Quoted only from a draft, or not at all, it is invisible everywhere a reader
looks; the moment its article is published, it appears everywhere at once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from initiatives.models import (
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Network,
    Participation,
    ParticipationSource,
)
from tests.paths import SIXTH_ARTICLE

pytestmark = pytest.mark.django_db

SIXTH = SIXTH_ARTICLE
# ¶2 of the sixth article names Los Angeles, C40 Cities, the Urban 20, Paris and Buenos Aires.
QUOTE = "The conversation grew out of contacts made through C40 Cities, where Los Angeles has long been active"


@pytest.fixture
def draft():
    call_command("import_article", str(SIXTH), stdout=StringIO())
    return Article.objects.get(slug="mayors-at-the-waters-edge-coastal-cities-compare-notes")


@pytest.fixture
def reader():
    return Client()


def publish(article):
    article.status = Article.Status.PUBLISHED
    article.save()


def new_claims(draft):
    """A new network that Nairobi joins and a new initiative Nairobi leads, each quoted only from the draft."""
    paragraph = draft.paragraphs.get(number=2)
    nairobi = City.objects.create(name="Nairobi", slug="nairobi", country="Kenya", region="africa")
    network = Network.objects.create(name="Coastal Mayors Network", slug="coastal-mayors-network")
    membership = Membership.objects.create(city=nairobi, network=network, role="member")
    MembershipSource.objects.create(membership=membership, paragraph=paragraph, quote=QUOTE)
    initiative = Initiative.objects.create(
        name="Coastal flood-defence exchange", slug="coastal-flood-defence-exchange", kind="exchange",
        summary="Cities compare how they pay for flood defences.", year=2025,
    )
    initiative.networks.add(network)
    InitiativeSource.objects.create(initiative=initiative, paragraph=paragraph, quote=QUOTE)
    participation = Participation.objects.create(initiative=initiative, city=nairobi, role="lead")
    ParticipationSource.objects.create(participation=participation, paragraph=paragraph, quote=QUOTE)
    return membership, initiative, participation


def test_claims_quoted_only_from_a_draft_are_invisible_until_it_is_published(draft, reader):
    membership, initiative, participation = new_claims(draft)

    city = reader.get("/cities/nairobi/?format=json").json()
    assert city["networks"] == [] and city["initiatives"] == [] and city["sources"] == []
    assert reader.get("/initiatives/coastal-flood-defence-exchange/").status_code == 404
    assert reader.get("/networks/coastal-mayors-network/?format=json").json()["cities"] == []
    assert "Coastal flood-defence" not in reader.get("/initiatives/").content.decode()
    assert "Coastal flood-defence" not in reader.get("/networks/coastal-mayors-network/").content.decode()
    assert reader.get("/search/", {"q": "flood-defence", "format": "json", "kind": "initiative"}).json()["count"] == 0
    assert "coastal-flood-defence-exchange" not in reader.get("/sitemap-initiatives.xml").content.decode()
    cities = {row["slug"]: row for row in reader.get("/cities/?format=json&region=africa").json()["results"]}
    assert (cities["nairobi"]["network_count"], cities["nairobi"]["initiative_count"]) == (0, 0)
    networks = {row["slug"]: row for row in reader.get("/networks/?format=json").json()["results"]}
    assert (networks["coastal-mayors-network"]["member_count"], networks["coastal-mayors-network"]["initiative_count"]) == (0, 0)
    assert "coastal-flood-defence-exchange" not in reader.get("/data/initiatives.csv").getvalue().decode()

    publish(draft)

    city = reader.get("/cities/nairobi/?format=json").json()
    assert [n["slug"] for n in city["networks"]] == ["coastal-mayors-network"]
    assert [i["slug"] for i in city["initiatives"]] == ["coastal-flood-defence-exchange"]
    assert reader.get("/initiatives/coastal-flood-defence-exchange/").status_code == 200
    assert reader.get("/search/", {"q": "flood-defence", "format": "json", "kind": "initiative"}).json()["count"] == 1
    assert "coastal-flood-defence-exchange" in reader.get("/sitemap-initiatives.xml").content.decode()
    networks = {row["slug"]: row for row in reader.get("/networks/?format=json").json()["results"]}
    assert (networks["coastal-mayors-network"]["member_count"], networks["coastal-mayors-network"]["initiative_count"]) == (1, 1)


def test_a_claim_without_any_quote_is_invisible(reader):
    la, c40 = City.objects.get(slug="los-angeles"), Network.objects.get(slug="c40-cities")
    before = reader.get("/cities/los-angeles/?format=json").json()
    Membership.objects.create(city=la, network=Network.objects.get(slug="urban-20"), role="chair")
    Participation.objects.create(
        initiative=Initiative.objects.get(slug="c40-virtual-assembly-of-mayors-2020"), city=la, role="host"
    )
    MembershipSource.objects.filter(membership__city=la, membership__network=c40).delete()
    after = reader.get("/cities/los-angeles/?format=json").json()
    assert not any((n["slug"], n["role"]) == ("urban-20", "chair") for n in after["networks"]), "no quote at all"
    assert not any(n["slug"] == "c40-cities" for n in after["networks"]), "its only quotes are gone"
    assert len(after["initiatives"]) == len(before["initiatives"])
    page = reader.get("/cities/los-angeles/").content.decode()
    assert 'id="network-c40-cities"' not in page


def test_an_initiative_that_loses_its_last_published_quote_leaves_every_listing(reader):
    initiative = Initiative.objects.get(slug="la-whatsapp-group-of-city-staff")
    InitiativeSource.objects.filter(initiative=initiative).delete()
    assert reader.get(initiative.get_absolute_url()).status_code == 404
    assert initiative.slug not in reader.get("/initiatives/?format=json&city=los-angeles").content.decode()
    assert reader.get("/search/", {"q": initiative.name, "format": "json", "kind": "initiative"}).json()["count"] == 0


def test_the_inference_note_stands_beside_the_quote_in_json_and_on_the_page(reader):
    membership = Membership.objects.filter(city__slug="seoul").select_related("city", "network").first()
    membership.inference = "The text names the mayor, not the city."
    membership.save()
    data = reader.get("/cities/seoul/?format=json").json()
    [shown] = [n for n in data["networks"] if n["slug"] == membership.network.slug and n["role"] == membership.role]
    assert shown["inference"] == "The text names the mayor, not the city."
    assert all("inference" not in n for n in data["networks"] if n is not shown), "only where there is a note"
    assert "Editor’s note:</strong> The text names the mayor, not the city." in reader.get("/cities/seoul/").content.decode()


def test_initiatives_carry_their_status_and_scope(reader):
    data = reader.get("/initiatives/?format=json").json()["results"]
    assert all(row["status"] in ("proposed", "under way", "done", "unknown") for row in data)
    assert all(row["scope"] in ("international", "domestic") for row in data)
    initiative = Initiative.objects.public().first()
    initiative.status = Initiative.Status.PROPOSED
    initiative.save()
    assert reader.get(initiative.get_absolute_url(), {"format": "json"}).json()["status"] == "proposed"
    assert '<span class="status status-proposed">Proposed</span>' in reader.get(initiative.get_absolute_url()).content.decode()


def test_no_page_shows_an_empty_sources_heading(reader):
    for initiative in Initiative.objects.public()[:20]:
        page = reader.get(initiative.get_absolute_url()).content.decode()
        if 'id="sources"' in page:
            section = page.split('id="sources"', 1)[1].split("</section>", 1)[0]
            assert "<blockquote" in section, initiative.slug
