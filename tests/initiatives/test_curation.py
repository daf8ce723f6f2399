"""The curated records cover the five texts: names drawn by reading them, each with a page and a source."""

import pytest

from articles.models import Article, Topic
from initiatives.models import Body, City, Initiative, Membership, Network, Participation

pytestmark = pytest.mark.django_db

# Every city the texts name. Wuhan appears only in the slur "Wuhan virus" and is deliberately not a record.
CITIES = [
    "Atlanta", "Barcelona", "Berlin", "Boston", "Bristol", "Buenos Aires", "Charlotte", "Chicago", "Copenhagen",
    "Freetown", "Hanoi", "Helsinki", "Ho Chi Minh City", "Houston", "Jakarta", "Johannesburg", "Kitakyushu",
    "Kolkata", "London", "Los Angeles", "Mannheim", "Marrakech", "Mexico City", "Milan", "Minneapolis",
    "New York", "Paris", "San Antonio", "San Diego", "Seattle", "Seoul", "Taipei", "Tokyo",
]
# The capitals of the Pact of Free Cities, which the text describes without naming.
PACT_CAPITALS = ["Bratislava", "Budapest", "Prague", "Warsaw"]
NETWORKS = [
    "C40 Cities", "Urban 20", "Strong Cities Network", "Climate Mayors", "100 Resilient Cities",
    "Sister Cities International", "Mayors Migration Council", "Pact of Free Cities",
]
BODIES = [
    "United Nations", "G-20", "G-7", "World Bank", "World Health Organization", "European Union",
    "Green Climate Fund", "United Nations General Assembly", "Sustainable Development Goals", "Paris Agreement",
    "COP26", "Association of Southeast Asian Nations",
]
# The depth the curation issue asks for, by example.
INITIATIVES = {
    "c40-virtual-assembly-of-mayors-2020": ("event", "2020-03-27"),
    "la-whatsapp-group-of-city-staff": ("exchange", None),
    "mexla": ("commission", None),
    "urban-20-launch": ("network launch", None),
    "pact-of-free-cities-signing": ("agreement", None),
    "sdg-voluntary-local-reviews": ("review", None),
}


@pytest.mark.parametrize("name", CITIES + PACT_CAPITALS)
def test_every_city_the_texts_name_has_a_page(client, name):
    city = City.objects.get(name=name)
    response = client.get(city.get_absolute_url())
    assert response.status_code == 200
    assert f"<h1>{name}</h1>" in response.content.decode()
    assert city.latitude is not None and city.country


@pytest.mark.parametrize("name", NETWORKS)
def test_every_network_the_texts_name_has_a_page(client, name):
    network = Network.objects.get(name=name)
    assert client.get(network.get_absolute_url()).status_code == 200
    assert network.mentions.exists()


@pytest.mark.parametrize("name", BODIES)
def test_multilateral_bodies_are_records_of_their_own(client, name):
    body = Body.objects.get(name=name)
    assert client.get(body.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("slug, expected", INITIATIVES.items())
def test_the_initiatives_the_issue_names_are_curated(client, slug, expected):
    initiative = Initiative.objects.get(slug=slug)
    kind, date = expected
    assert initiative.kind == kind
    if date:
        assert initiative.date.isoformat() == date
    assert initiative.sources.exists()


def test_the_urban_20_was_launched_by_paris_and_buenos_aires_with_los_angeles_a_founding_member():
    """The texts credit the launch to the mayors of Paris and Buenos Aires; Los Angeles calls itself a founding
    member, which is a membership (dated by the launch), not a part in launching it."""
    launch = Initiative.objects.get(slug="urban-20-launch")
    founders = set(launch.participations.filter(role="founder").values_list("city__slug", flat=True))
    assert founders == {"paris", "buenos-aires"}
    founding = Membership.objects.filter(network__slug="urban-20", role="founding member")
    assert dict(founding.values_list("city__slug", "start_year")) == {"paris": 2017, "buenos-aires": 2017, "los-angeles": 2017}
    assert founding.get(city__slug="los-angeles").inference


def test_c40_memberships_rest_only_on_quotes_about_c40():
    """Attending the virtual assembly or hosting a summit is a part in that initiative, not a C40 membership."""
    members = set(Membership.objects.filter(network__slug="c40-cities").values_list("city__slug", "role"))
    assert members == {("los-angeles", "chair"), ("los-angeles", "member"), ("milan", "participant")}
    assembly = Initiative.objects.get(slug="c40-virtual-assembly-of-mayors-2020")
    attending = {"seoul", "milan", "london", "johannesburg", "jakarta", "kolkata"}
    assert attending <= set(assembly.participations.filter(role="participant").values_list("city__slug", flat=True))
    summit = Initiative.objects.get(slug="c40-world-mayors-summit-copenhagen-2019")
    assert summit.participations.filter(city__slug="copenhagen", role="host").exists()
    milan = Membership.objects.get(city__slug="milan", network__slug="c40-cities")
    assert [source.quote[:30] for source in milan.sources.all()] == ["The mayor of Milan is chairing"]
    commitment = Initiative.objects.get(slug="c40-emissions-commitments")
    assert {source.paragraph.article.slug for source in commitment.sources.all()} == {"can-cities-fix-a-post-pandemic-world-order"}


# Suggestions the texts report, none of them something a city is said to have done.
PROPOSALS = [
    "making-the-case-for-city-diplomacy-amid-budget-cuts", "institutional-and-policy-framework-for-city-diplomacy",
    "closer-city-work-with-multilateral-organizations", "equity-director-in-city-international-affairs-offices",
    "racial-justice-in-city-sdg-frameworks", "police-reform-as-an-international-city-topic",
    "global-narrative-on-openness-inclusion-and-diversity", "revival-of-sister-city-ties",
    "un-special-envoy-for-cities-proposal", "mayors-in-national-delegations-proposal",
    "subnational-governments-at-cop26-proposal",
]
# Measures at home that the texts cite as background to a city's diplomacy.
DOMESTIC = [
    "la-covid-19-testing-infrastructure", "la-covid-19-direct-cash-assistance", "la-police-reform",
    "la-carbon-neutrality-by-2050", "la-green-new-deal", "milan-walking-and-cycling-expansion-plan",
]


@pytest.mark.parametrize("slug", PROPOSALS)
def test_suggestions_are_proposed_not_done(slug):
    initiative = Initiative.objects.get(slug=slug)
    assert initiative.status == Initiative.Status.PROPOSED
    # Dated only where the text dates the suggestion: the 2020 roundtable's, not the undated ones.
    assert initiative.year == (2020 if slug in PROPOSALS[:7] else None)


def test_article_000s_proposals_quote_the_article():
    for slug in PROPOSALS[-3:]:
        [source] = Initiative.objects.get(slug=slug).sources.all()
        assert source.paragraph.article.slug == "can-cities-fix-a-post-pandemic-world-order"


def test_every_initiative_has_a_status_and_domestic_measures_are_marked():
    assert not Initiative.objects.exclude(status__in=Initiative.Status.values).exists()
    domestic = set(Initiative.objects.filter(scope=Initiative.Scope.DOMESTIC).values_list("slug", flat=True))
    assert set(DOMESTIC) <= domestic
    assert not domestic & set(INITIATIVES)


def test_the_migration_network_launched_in_morocco_is_the_mayors_migration_council():
    launch = Initiative.objects.get(slug="urban-migration-network-launched-in-morocco")
    assert list(launch.networks.values_list("slug", flat=True)) == ["mayors-migration-council"]
    assert launch.year == 2018 and "December 2018" in launch.inference
    council = Network.objects.get(slug="mayors-migration-council")
    assert council.founded == 2018
    assert not council.memberships.exists(), "the MMC has no members: cities take part in its work"


def test_an_initiative_and_a_network_or_body_never_share_a_slug():
    initiatives = set(Initiative.objects.values_list("slug", flat=True))
    assert not initiatives & set(Network.objects.values_list("slug", flat=True))
    assert not initiatives & set(Body.objects.values_list("slug", flat=True))


def test_the_gender_equity_network_has_its_acronym_and_its_memberships_explain_the_unnamed_network():
    change = Network.objects.get(slug="city-hub-and-network-for-gender-equity")
    assert change.acronym == "CHANGE"
    assert "City Hub And Network for Gender Equity" in change.alias_list()
    founding = change.memberships.filter(role="founding member")
    assert founding.count() == 6 and all("CHANGE" in membership.inference for membership in founding)


def test_hanoi_and_ho_chi_minh_city_are_named_in_the_flights_proposal():
    flights = Initiative.objects.get(slug="la-vietnam-nonstop-flights-proposal")
    assert flights.status == Initiative.Status.PROPOSED
    assert {"hanoi", "ho-chi-minh-city"} <= set(flights.participations.values_list("city__slug", flat=True))


def test_the_cities_reporting_sdg_progress_are_linked():
    reviews = Initiative.objects.get(slug="sdg-voluntary-local-reviews")
    assert reviews.participations.count() >= 5
    assert all(p.sources.exists() for p in reviews.participations.all())


def test_aliases_link_the_names_the_texts_use():
    assert "LA" in City.objects.get(slug="los-angeles").alias_list()
    strong = Network.objects.get(slug="strong-cities-network")
    assert {"Strong City Network", "Strong Cities"} <= set(strong.alias_list())
    assert "U20" in Network.objects.get(slug="urban-20").alias_list()


def test_every_article_and_initiative_has_topics_and_every_topic_explains_itself():
    assert not Article.objects.filter(topics__isnull=True).exists()
    assert not Initiative.objects.filter(topics__isnull=True).exists()
    assert all(topic.description.endswith(".") for topic in Topic.objects.all())


def test_curated_counts():
    """The figures reported in the curation note. Corrections of 2026-11-28 (fixtures/curated/README.md): three
    proposals of article 000 added (76 → 79 initiatives); six C40 memberships that no quote supported removed
    (25 → 19); Los Angeles's founder's part in the Urban 20 launch removed and Hanoi's and Ho Chi Minh City's parts
    in the flights proposal added (82 − 1 + 2 = 83 participations)."""
    assert (City.objects.count(), Network.objects.count(), Body.objects.count()) == (37, 9, 17)
    assert (Initiative.objects.count(), Membership.objects.count(), Participation.objects.count()) == (79, 19, 83)
