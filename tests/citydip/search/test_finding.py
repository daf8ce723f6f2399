"""What the search finds besides the records' own words: topics, relations, aliases and the gazetteer's names;
how it ranks; "did you mean". On whichever database the suite runs: SQLite or PostgreSQL."""

import pytest

from articles.models import Article, Topic
from initiatives.models import City, Initiative, Membership, MembershipSource, Network

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def names(data):
    return [result["name"] for result in data["results"]]


def every_name(client, **params):
    found, page = [], 1
    while True:
        data = search(client, **params, page=page)
        found += names(data)
        if not data["next"]:
            return found
        page += 1


def test_every_initiative_tagged_climate_is_found_by_climate(client):
    tagged = set(Initiative.objects.public().filter(topics__slug="climate").values_list("name", flat=True))
    assert len(tagged) == 16
    assert tagged <= set(every_name(client, q="climate", kind="initiative"))


def test_an_article_is_found_by_its_topics(client):
    article = Article.objects.published().filter(topics__isnull=False).first()
    topic = article.topics.first()
    assert article.title in every_name(client, q=topic.name, kind="article")


def test_a_city_is_found_by_the_names_of_its_networks(client):
    members = {m.city.name for m in Membership.objects.public().filter(network__slug="pact-of-free-cities").select_related("city")}
    assert members and members <= set(every_name(client, q="Pact of Free Cities", kind="city"))
    assert "Los Angeles" in every_name(client, q="C40", kind="city")


@pytest.mark.parametrize(
    ("query", "first"),
    [("Saigon", "Ho Chi Minh City"), ("Calcutta", "Kolkata"), ("Marrakesh", "Marrakech"), ("saigon", "Ho Chi Minh City")],
)
def test_a_city_is_found_first_by_its_other_names_in_the_gazetteer(client, query, first):
    data = search(client, q=query)
    assert data["results"][0]["name"] == first
    assert data["results"][0]["snippet"].startswith(f"Also called <mark>{query.capitalize()}</mark>.")


def test_a_city_answers_to_the_names_of_the_place_its_geonames_id_gives(client):
    assert search(client, q="Bombay")["count"] == 0
    City.objects.create(name="Mumbai", slug="mumbai", country="India", region="asia", geonames_id=1275339)
    assert names(search(client, q="Bombay"))[0] == "Mumbai"


@pytest.mark.parametrize(("query", "first"), [("U20", "Urban 20"), ("LA", "Los Angeles"), ("MEXLA", "MEXLA binational citizens' commission")])
def test_an_alias_or_acronym_named_exactly_comes_first(client, query, first):
    assert names(search(client, q=query))[0] == first


@pytest.mark.parametrize(("query", "first"), [("Climate", "Climate"), ("Paris", "Paris"), ("urban 20", "Urban 20")])
def test_the_record_named_exactly_comes_before_those_whose_names_hold_the_words(client, query, first):
    data = search(client, q=query)
    assert data["results"][0]["name"] == first
    assert data["count"] > 1


def test_la_with_points_finds_los_angeles_and_nothing_that_starts_with_an_a(client):
    data = search(client, q="L.A.")
    assert names(data) == ["Los Angeles"]
    assert data["results"][0]["snippet"].startswith("Also called <mark>LA</mark>.")


@pytest.mark.parametrize("query", ["Ki", "Fr", "Ba", "K"])
def test_a_word_of_one_or_two_letters_is_never_taken_as_a_beginning(client, query):
    assert search(client, q=query, kind="city")["count"] == 0  # not Kitakyushu, Freetown, Barcelona …


def test_a_longer_beginning_still_finds_the_word(client):
    assert "Kitakyushu" in names(search(client, q="Kitak", kind="city"))


def test_a_misspelt_word_gets_did_you_mean_and_the_corrected_results(client):
    data = search(client, q="climte")
    assert data["suggestion"] == "climate" and data["results_for"] == "climate"
    assert data["count"] == search(client, q="climate")["count"] > 0
    assert data["results"] == search(client, q="climate")["results"]


def test_did_you_mean_is_a_link_that_keeps_the_kind_and_filters(client):
    page = client.get("/search/", {"q": "climte", "kind": "initiative", "topic": "climate"}).content.decode()
    assert 'Did you mean <a href="?q=climate&amp;kind=initiative&amp;topic=climate">climate</a>?' in page
    assert "for “climate” (nothing matched “climte”)" in page


@pytest.mark.parametrize(("query", "corrected", "first"), [("saigonn", "saigon", "Ho Chi Minh City"), ("Kolkatta", "Kolkata", "Kolkata")])
def test_a_misspelt_name_is_corrected_to_the_name(client, query, corrected, first):
    data = search(client, q=query)
    assert data["suggestion"] == corrected
    assert names(data)[0] == first


def test_a_search_that_finds_gets_no_suggestion_and_gibberish_none_either(client):
    assert search(client, q="climate")["suggestion"] is None
    gibberish = search(client, q="qxzvkjw")
    assert gibberish["suggestion"] is None and gibberish["count"] == 0 and gibberish["results_for"] == "qxzvkjw"


# Kept current ---------------------------------------------------------------------------------------------------


def test_tagging_an_initiative_makes_it_found_by_the_topic_and_counted_in_its_facet(client):
    housing = Topic.objects.get(slug="housing")
    initiative = Initiative.objects.public().exclude(topics=housing).exclude(summary__icontains="housing").first()
    assert initiative.name not in every_name(client, q="housing", kind="initiative")
    initiative.topics.add(housing)
    assert initiative.name in every_name(client, q="housing", kind="initiative")
    assert initiative.name in every_name(client, q=initiative.name, topic="housing")
    initiative.topics.remove(housing)
    assert initiative.name not in every_name(client, q="housing", kind="initiative")


def test_joining_a_network_makes_a_city_found_by_its_name_and_renaming_the_network_follows(client):
    network = Network.objects.get(slug="urban-20")
    city = City.objects.exclude(memberships__network=network).get(slug="kitakyushu")
    assert "Kitakyushu" not in every_name(client, q="Urban 20", kind="city")
    quote = MembershipSource.objects.filter(paragraph__article__status=Article.Status.PUBLISHED).first()
    membership = Membership.objects.create(city=city, network=network)
    MembershipSource.objects.create(membership=membership, paragraph=quote.paragraph, quote=quote.quote)
    assert "Kitakyushu" in every_name(client, q="Urban 20", kind="city")
    network.name = "Urban Twenty"
    network.save()
    assert "Kitakyushu" in every_name(client, q="Twenty", kind="city")
    membership.delete()
    assert "Kitakyushu" not in every_name(client, q="Twenty", kind="city")
