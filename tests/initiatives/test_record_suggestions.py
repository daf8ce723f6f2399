"""Suggestions of the records a text names that the base does not know yet: the cities of the GeoNames
gazetteer, networks and bodies by how their names are written — few and sensible, none the base knows, none
where a capitalised word is not a name — and the record one of them makes."""

from datetime import date
from decimal import Decimal

import pytest

from articles.models import Article, Paragraph
from initiatives import gazetteer
from initiatives.linking import link_article
from initiatives.models import Body, City, Mention, Network
from initiatives.record_suggestions import Suggestion, create_record, suggest_for_article, suggest_records
from tests.paths import ROOT

pytestmark = pytest.mark.django_db

SOURCES = sorted((ROOT / "fixtures" / "sources").glob("*.txt"))
TEXT = """In March, Montevideo's mayor welcomed her counterparts from Nairobi and Lisbon, and a delegation from \
Bogotá, for a week of meetings on climate and migration. Los Angeles and Seoul sent observers.

Montevideo, Uruguay's capital, is a member of ICLEI, the global network of local governments for sustainability. \
Lisbon has long been active in Eurocities, the network of Europe's large cities.

It was a nice idea, one delegate said: cities that share a problem share its answers. Reading the final \
statement, the mayors agreed to meet again in Nairobi next year."""


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    """The gazetteer, loaded again if a `flush` earlier in the run emptied it (see test_gazetteer)."""
    with django_db_blocker.unblock():
        gazetteer.ensure_loaded()


def lines(text) -> list[str]:
    return [str(suggestion) for suggestion in suggest_records(text)]


def article_with(text: str, slug: str = "cities-across-continents") -> Article:
    """A draft whose paragraphs are the text's blocks, linked as an import links them."""
    article = Article.objects.create(
        title="Cities across continents", slug=slug, publication="Test", date_published=date(2024, 5, 1),
        summary="A test.",
    )
    for number, block in enumerate(text.split("\n\n"), start=1):
        Paragraph.objects.create(article=article, number=number, text=block)
    link_article(article)
    return article


def test_a_realistic_text_suggests_its_new_cities_and_networks_and_not_the_known_ones():
    suggestions = suggest_records(TEXT)
    assert [str(s) for s in suggestions] == [
        "new city: Montevideo (Uruguay)",
        "new city: Nairobi (Kenya)",
        "new city: Lisbon (Portugal)",
        "new city: Bogotá (Colombia)",
        "new network: ICLEI",
        "new network: Eurocities",
    ], "Los Angeles and Seoul are in the base; March, Reading and Nice are words here"
    montevideo = suggestions[0]
    assert montevideo == Suggestion(
        "city", "Montevideo", (1, 2), country="Uruguay", region="latin-america", geonames_id=3441575,
        population=montevideo.population, latitude=montevideo.latitude, longitude=montevideo.longitude,
    )
    assert montevideo.population > 1_000_000
    assert suggestions[1].paragraphs == (1, 3)
    assert suggestions[3].aliases == ("Bogota",), "its name without the accent, which names no other place"
    assert suggestions[4].paragraphs == (2,)


def test_the_five_sources_suggest_few_and_sensible_records():
    """Every city, network and body the curated texts name is in the base, but Wuhan, named in “Wuhan virus”."""
    suggested = {str(suggestion) for path in SOURCES for suggestion in suggest_records(path.read_text("utf-8"))}
    assert suggested == {"new city: Wuhan (China)"}


def test_the_curated_articles_suggest_the_same(django_assert_max_num_queries):
    suggested = set()
    for article in Article.objects.all():
        # The base's names (one query per kind), the gazetteer's places for the text's names, their other names,
        # the cities of their countries: a few queries, whatever the text holds.
        with django_assert_max_num_queries(10):
            suggested |= {str(suggestion) for suggestion in suggest_for_article(article)}
    assert suggested == {"new city: Wuhan (China)"}


@pytest.mark.parametrize(
    "text",
    [
        "It was a nice idea.",
        "Nice work, said the mayor of Los Angeles.",  # opens the sentence
        "Split decisions and Reading lists: Mobile phones help.",
        "The Speaker Of The House spoke.",
        "President Obama met George Floyd's family at the Olympic Games.",
        "Washington and Georgia, like Armenia and Egypt, joined.",  # a state and countries, which towns share
        "Hamilton said the plan works.",
        "He spoke at the White House.",  # one of Casablanca's alternate names
        "World War II, GDP and COVID-19 came up, as did the US, the UN and the EU.",
        "Then a Mayoral Forum met; the National Security Council and the Chicago Council on Global Affairs did not.",
        "Tourism generates jobs in Los Angeles County and in Tokyo Prefecture.",
        "Delegates came from Marrakesh and Calcutta.",  # GeoNames' names of Marrakech and Kolkata, in the base
    ],
)
def test_words_that_are_not_new_names_are_not_suggested(text):
    assert lines(text) == []


@pytest.mark.parametrize(
    "text, suggested",
    [
        ("We met the mayor of Nice.", ["new city: Nice (France)"]),
        ("Officials from Split, Croatia, came.", ["new city: Split (Croatia)"]),
        ("Officials from Reading and Mobile, in the United States, came.",
         ["new city: Reading (United States)", "new city: Mobile (United States)"]),
        ("Delegates came from Valencia.", ["new city: Valencia (Venezuela)"]),  # the most populous
        ("Delegates came from Valencia, in Spain.", ["new city: Valencia (Spain)"]),  # the country named
        ("Delegates came from Córdoba.", ["new city: Córdoba (Argentina)"]),
        ("Spain sent its mayors.\n\nDelegates came from Córdoba.", ["new city: Córdoba (Spain)"]),
    ],
)
def test_context_supports_a_name_and_chooses_between_towns(text, suggested):
    assert lines(text) == suggested


def test_networks_and_bodies_are_named_as_the_text_names_them():
    text = (
        "Lisbon joined the Cities Alliance and United Cities and Local Governments (UCLG). Members of UCLG met the "
        "Global Parliament of Mayors, the U.S. Conference of Mayors and the World Economic Forum; The Strong City "
        "Network, C40 Cities and the WHO were there."
    )
    suggestions = suggest_records(text)
    assert [str(s) for s in suggestions] == [
        "new city: Lisbon (Portugal)",
        "new network: Cities Alliance",
        "new network: United Cities and Local Governments (UCLG)",
        "new network: Global Parliament of Mayors",
        "new network: U.S. Conference of Mayors",
        "new body: World Economic Forum",
    ]
    assert suggestions[-1].body_kind == Body.Kind.FORUM


def test_a_whole_text_is_read_in_paragraphs_a_pair_list_keeps_its_numbers():
    assert suggest_records("Intro.\n\nIn Nairobi.")[0].paragraphs == (2,)
    assert suggest_records([(7, "Intro."), (9, "In Nairobi.")])[0].paragraphs == (9,)


def test_a_city_the_base_has_by_its_geonames_id_is_not_suggested():
    City.objects.create(name="Montevideo (city)", slug="montevideo-city", country="Uruguay", region="latin-america",
                        geonames_id=3441575)
    assert "new city: Montevideo (Uruguay)" not in lines(TEXT)


def test_a_city_made_from_a_suggestion_has_its_fields_and_links_the_articles_mentions():
    article = article_with(TEXT)
    bogota = next(s for s in suggest_for_article(article) if s.name == "Bogotá")
    city = create_record(bogota)
    assert (city.name, city.slug, city.country, city.region, city.geonames_id) == (
        "Bogotá", "bogota", "Colombia", "latin-america", 3688689
    )
    assert city.alias_list() == ["Bogota"]
    four_places = tuple(Decimal(str(round(x, 4))) for x in (bogota.latitude, bogota.longitude))
    assert (city.latitude, city.longitude) == four_places
    mentions = Mention.objects.filter(paragraph__article=article, city=city)
    assert [(m.paragraph.number, m.text, m.status) for m in mentions] == [(1, "Bogotá", Mention.Status.SUGGESTED)]
    assert "new city: Bogotá (Colombia)" not in {str(s) for s in suggest_for_article(article)}


def test_a_network_and_a_body_made_from_suggestions():
    article = article_with("Lisbon joined United Cities and Local Governments (UCLG) and the World Economic Forum.")
    suggestions = {s.name: s for s in suggest_for_article(article)}
    network = create_record(suggestions["United Cities and Local Governments"])
    body = create_record(suggestions["World Economic Forum"])
    assert isinstance(network, Network)
    assert (network.acronym, network.slug) == ("UCLG", "united-cities-and-local-governments")
    assert isinstance(body, Body) and body.kind == Body.Kind.FORUM
    assert [m.text for m in Mention.objects.filter(paragraph__article=article, network=network)] == [
        "United Cities and Local Governments", "UCLG"
    ]
    assert Mention.objects.filter(paragraph__article=article, body=body).count() == 1
