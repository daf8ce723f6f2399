"""Exploring connections as a reader does: two to four cities compared side by side, the shortest chains between
two cities, networks or bodies, and the networks that share member cities — every claim with its quote, as HTML
and as JSON; what cannot be answered says why; and a fixed number of queries whatever the data."""

import html
import re

import pytest
from django.template.loader import render_to_string
from jsonschema import Draft202012Validator, FormatChecker

from articles.models import Article, Paragraph
from initiatives import representations
from initiatives.models import City, Membership, MembershipSource, Network

pytestmark = pytest.mark.django_db

# An anonymous reader's page first reads the content version (tests/test_query_counts.py).
CONTENT_VERSION = 1
# What each page's queries are, whatever the size of the data: the test of this module and its _at_scale twin.
QUERY_COUNTS = [
    # the suggested cities; the cities; memberships and their quotes; participations and their quotes
    ("/cities/compare/?city=seoul&city=los-angeles", 1 + 1 + 2 + 2),
    ("/cities/compare/?city=seoul&city=los-angeles&format=json", 1 + 2 + 2),
    ("/cities/compare/", 1),
    # the two ends; the graph's four kinds of edge; the chains' cities, networks, initiatives and their quotes;
    # the memberships and participations of the chains and their quotes
    ("/connections/?from=seoul&to=freetown", 1 + 4 + 4 + 2 + 2),
    ("/connections/?from=seoul&to=freetown&format=json", 1 + 4 + 4 + 2 + 2),
    ("/connections/?from=network:urban-20&to=city:seoul", 1 + 4 + 2 + 2),
    # the largest networks with their member counts; their members; how many networks have members
    ("/networks/overlap/", 3),
    ("/networks/overlap/?format=json", 3),
    # the two networks; the cities in both, with their memberships and quotes
    ("/networks/overlap/?a=city-hub-and-network-for-gender-equity&b=urban-20", 1 + 2),
]


def page(response) -> str:
    return html.unescape(response.content.decode())


def quotes_of(memberships_or_participations) -> list[str]:
    return [source.quote for claim in memberships_or_participations for source in claim.sources.all()]


def validate(data, name):
    """The JSON against its representation's schema, the shared ones (Source, …) as the API describes them."""
    named = [
        representations.LINKED_RECORD, representations.CONNECTION_STEP, representations.CITY_COMPARISON,
        representations.CONNECTIONS, representations.NETWORK_OVERLAP, representations.SHARED_MEMBERS,
    ]
    from citydip.site.api import SCHEMAS

    components = {"schemas": {**SCHEMAS, **{r.name: r.schema for r in named}}}
    validator = Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": components}, format_checker=FormatChecker())
    errors = list(validator.iter_errors(data))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors[:5]]


def assert_sources_are_verbatim(sources):
    assert sources
    for source in sources:
        paragraph = Paragraph.objects.get(article__slug=source["article"], number=source["paragraph"])
        assert source["quote"] in paragraph.text
        assert source["url"] == f"http://testserver/articles/{source['article']}/#p{source['paragraph']}"


# Compare ---------------------------------------------------------------------------------------------


def test_compare_shows_what_both_cities_share_with_each_ones_quote_and_what_only_one_has(client):
    response = client.get("/cities/compare/?city=seoul&city=los-angeles")
    assert response.status_code == 200
    text = page(response)
    assert "<h1>Seoul and Los Angeles</h1>" in text
    shared, only = text.split('id="shared"')[1].split('id="only-one"')
    # Both are in the Urban 20, each in a role of its own, each role with the quotes that source it.
    assert 'href="/networks/urban-20/"' in shared
    for city in ("seoul", "los-angeles"):
        membership = Membership.objects.public().filter(city__slug=city, network__slug="urban-20")
        for quote in quotes_of(membership):
            assert quote in shared
    assert "Founding member" in shared and "Participant" in shared
    # Each quote links to its mark in the article's ¶10 (articles.passages).
    assert re.search(r'href="/articles/cities-are-transforming-us-foreign-policy/#q-p10-[0-9a-f]{8}"', shared)
    # Both took part in the first Urban 20 meeting.
    assert 'href="/initiatives/urban-20-first-meeting-2018/"' in shared
    # Only Los Angeles is in C40 Cities (as chair and member), and Seoul has no network of its own.
    assert 'href="/networks/c40-cities/"' not in shared
    los_angeles = only.split('id="only-los-angeles"')[1]
    assert 'href="/networks/c40-cities/"' in los_angeles and "chair, member" in los_angeles
    assert "0 networks" in only.split('id="only-seoul"')[1].split('id="only-los-angeles"')[0]


def test_compare_json_gives_every_network_and_initiative_with_who_shares_it_and_the_quotes(client):
    response = client.get("/cities/compare/?city=seoul&city=los-angeles&format=json")
    assert response.status_code == 200
    data = response.json()
    validate(data, "CityComparison")
    assert [city["url"] for city in data["cities"]] == ["http://testserver/cities/seoul/", "http://testserver/cities/los-angeles/"]
    networks = {network["slug"]: network for network in data["networks"]}
    assert networks["urban-20"]["shared_by"] == ["seoul", "los-angeles"]
    assert networks["c40-cities"]["shared_by"] == ["los-angeles"]
    assert {(claim["slug"], claim["role"]) for claim in networks["urban-20"]["cities"]} == {
        ("seoul", "participant"), ("los-angeles", "founding member"),
    }
    for network in data["networks"]:
        for claim in network["cities"]:
            assert_sources_are_verbatim(claim["sources"])
    shared_initiatives = {i["slug"] for i in data["initiatives"] if len(i["shared_by"]) == 2}
    assert shared_initiatives == {"urban-20-first-meeting-2018", "c40-virtual-assembly-of-mayors-2020"}


def test_compare_shows_what_three_cities_share_in_part(client):
    text = page(client.get("/cities/compare/?city=seoul&city=los-angeles&city=freetown"))
    assert "<h1>Seoul, Los Angeles and Freetown</h1>" in text
    partly = text.split('id="partly-shared"')[1].split('id="only-one"')[0]
    # Los Angeles and Freetown founded CHANGE; Seoul and Los Angeles are in the Urban 20.
    assert 'href="/networks/city-hub-and-network-for-gender-equity/"' in partly
    assert 'href="/networks/urban-20/"' in partly


def test_compare_takes_names_and_sends_them_on_to_the_address_with_slugs(client):
    response = client.get("/cities/compare/?city=Seoul&city=Los+Angeles&city=")
    assert response.status_code == 302
    assert response["Location"] == "/cities/compare/?city=seoul&city=los-angeles"
    twice = client.get("/cities/compare/?city=seoul&city=Seoul&format=json")
    assert twice.status_code == 302 and twice["Location"] == "/cities/compare/?city=seoul&format=json"


def test_compare_names_an_unknown_city_in_a_404_with_the_form_to_correct_it(client):
    response = client.get("/cities/compare/?city=seoul&city=narnia")
    assert response.status_code == 404
    text = page(response)
    assert "No city ‘narnia’" in text
    assert 'value="seoul"' in text and 'value="narnia"' in text  # the form, as typed, to correct
    data = client.get("/cities/compare/?city=seoul&city=narnia&format=json")
    assert data.status_code == 404 and data.json() == {"error": "No city ‘narnia’. Check the spelling, or find it in the list of cities."}


@pytest.mark.parametrize("query, message", [
    ("", None),
    ("?city=seoul", "Name at least one more city to compare with Seoul"),
])
def test_compare_with_fewer_than_two_cities_is_the_form_and_says_so(client, query, message):
    response = client.get(f"/cities/compare/{query}")
    assert response.status_code == 200
    text = page(response)
    assert '<form class="connection-form"' in text and 'name="city"' in text and 'list="city-names"' in text
    assert '<option value="Los Angeles">' in text  # the suggestions
    assert (message in text) if message else 'role="alert"' not in text
    as_json = client.get(f"/cities/compare/{query}{'&' if query else '?'}format=json")
    assert as_json.status_code == 400 and "two to four" in as_json.json()["error"]


def test_compare_refuses_more_than_four_cities(client):
    query = "&".join(f"city={slug}" for slug in ("seoul", "los-angeles", "freetown", "london", "tokyo"))
    response = client.get(f"/cities/compare/?{query}")
    assert response.status_code == 400
    assert "Compare two to four different cities: this asks for 5." in page(response)


def test_each_city_page_can_offer_the_compare_form():
    city = City.objects.get(slug="los-angeles")
    form = render_to_string("initiatives/includes/compare_form.html", {"city": city})
    assert 'action="/cities/compare/"' in form and 'method="get"' in form
    assert '<input type="hidden" name="city" value="los-angeles">' in form
    assert "Compare Los Angeles with…" in form
    assert 'href="/connections/?from=los-angeles"' in form


# Connections -----------------------------------------------------------------------------------------


def test_connections_shows_the_shortest_chains_each_step_with_its_quote(client):
    response = client.get("/connections/?from=seoul&to=freetown")
    assert response.status_code == 200
    text = page(response)
    assert "<h1>From Seoul to Freetown</h1>" in text
    assert "12 shortest chains of 4 steps link the city Seoul to the city Freetown; the first 5 are shown." in re.sub(r"<[^>]+>", "", text)
    chains = re.findall(r'<section class="chain".*?</section>', text, re.S)
    assert len(chains) == 5
    for chain in chains:
        assert re.search(r"<h2[^>]*>.*Seoul → .* → Freetown</h2>", chain)
        assert len(re.findall(r'<li><p class="step">', chain)) == 4
        assert len(re.findall(r"<blockquote", chain)) >= 4  # every step is quoted
    # One chain goes through the Urban 20, which both Seoul and Los Angeles are in, and CHANGE's launch.
    assert "Seoul</a> <span class=\"badge\">city</span> <span class=\"relation\">— participant of →</span> <a href=\"/networks/urban-20/\">" in text
    seoul_quote = quotes_of(Membership.objects.public().filter(city__slug="seoul", network__slug="urban-20"))[0]
    assert seoul_quote in text


def test_connections_json_gives_the_chains_step_by_step_with_sources(client):
    response = client.get("/connections/?from=seoul&to=freetown&format=json")
    assert response.status_code == 200
    data = response.json()
    validate(data, "Connections")
    assert data["from"] == {"kind": "city", "name": "Seoul", "slug": "seoul", "url": "http://testserver/cities/seoul/"}
    assert data["to"]["slug"] == "freetown" and data["length"] == 4 and data["count"] == 12 and data["longest"] == 6
    assert len(data["chains"]) == 5
    for chain in data["chains"]:
        assert chain[0]["from"]["slug"] == "seoul" and chain[-1]["to"]["slug"] == "freetown"
        for step, following in zip(chain, chain[1:], strict=False):
            assert step["to"] == following["from"]
        for step in chain:
            assert step["relation"] in ("membership", "participation", "network link", "body link")
            assert_sources_are_verbatim(step["sources"])


def test_connections_take_kinds_and_names_and_link_a_network_to_its_member(client):
    response = client.get("/connections/?from=Urban+20&to=city:Seoul")
    assert response.status_code == 302 and response["Location"] == "/connections/?from=urban-20&to=city%3Aseoul"
    data = client.get("/connections/?from=network:urban-20&to=city:seoul&format=json").json()
    assert data["from"]["kind"] == "network" and data["length"] == 1
    assert data["chains"][0][0]["statement"] == "Seoul — participant of Urban 20"


def test_a_bare_slug_is_a_city_before_a_network_and_a_kind_chooses_the_other(client):
    Network.objects.create(name="Seoul", slug="seoul")
    assert client.get("/connections/?from=seoul&to=freetown&format=json").json()["from"]["kind"] == "city"
    response = client.get("/connections/?from=network:seoul&to=freetown&format=json")
    assert response.json()["from"]["kind"] == "network"
    assert response.json()["length"] is None  # a network with no member is linked to nothing


def test_no_chain_is_said_in_a_sentence(client):
    City.objects.create(name="Atlantis", slug="atlantis", country="Nowhere", region="europe")
    response = client.get("/connections/?from=seoul&to=atlantis")
    assert response.status_code == 200
    assert "No chain of 6 steps or fewer links the city Seoul to the city Atlantis" in re.sub(r"<[^>]+>", "", page(response))
    data = client.get("/connections/?from=seoul&to=atlantis&format=json").json()
    assert data["length"] is None and data["count"] == 0 and data["chains"] == []


def test_chains_go_only_through_what_published_articles_quote(client):
    draft = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    draft.status = Article.Status.DRAFT
    draft.save()
    paragraph = Paragraph.objects.filter(article=draft).first()
    network = Network.objects.create(name="Draft network", slug="draft-network")
    for slug in ("seoul", "freetown"):
        membership = Membership.objects.create(city=City.objects.get(slug=slug), network=network)
        MembershipSource.objects.create(membership=membership, paragraph=paragraph, quote=paragraph.text[:30])
    data = client.get("/connections/?from=seoul&to=freetown&format=json").json()
    assert data["length"] != 2
    assert all(step["to"]["slug"] != "draft-network" for chain in data["chains"] for step in chain)


@pytest.mark.parametrize("query, status, message", [
    ("?from=seoul&to=narnia", 404, "No city, network or body ‘narnia’."),
    ("?from=body:narnia&to=seoul", 404, "No body ‘narnia’."),
    ("?from=place:seoul&to=freetown", 400, "‘place’ is not a kind of record a chain links"),
    ("?from=seoul&to=seoul", 400, "Choose two different records"),
    ("?from=seoul&to=" + "a" * 201, 400, "200 characters at most"),
])
def test_connections_say_what_cannot_be_answered(client, query, status, message):
    response = client.get(f"/connections/{query}")
    assert response.status_code == status and message in page(response)
    assert 'name="from"' in page(response)  # the form, to correct
    as_json = client.get(f"/connections/{query}&format=json")
    assert as_json.status_code == status and message in as_json.json()["error"]


def test_connections_with_one_end_is_the_form_asking_for_the_other(client):
    response = client.get("/connections/?from=los-angeles")
    assert response.status_code == 200
    assert 'value="los-angeles"' in page(response) and "Name two records to connect" in page(response)
    assert client.get("/connections/?from=los-angeles&format=json").status_code == 400
    assert client.get("/connections/").status_code == 200


# Network overlap -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/networks/overlap/", "/networks/", "/networks/?sort=-members&page=1"])
def test_overlap_matrix_counts_shared_members_and_links_each_count_to_the_cities(client, path):
    """On its own page, and on the list of networks, where a reader of the networks first looks."""
    response = client.get(path)
    assert response.status_code == 200
    text = page(response)
    assert '<div class="scroll-box" role="region"' in text and "<caption" in text
    assert '<th scope="col"><abbr title="Urban 20">U20</abbr></th>' in text
    assert '<th scope="row"><a href="/networks/c40-cities/">C40 Cities</a></th>' in text
    # Los Angeles and Freetown… of CHANGE's six members, two are in the Urban 20.
    link = "/networks/overlap/?a=city-hub-and-network-for-gender-equity&b=urban-20"
    assert f'<a href="{link}">2<span class="visually-hidden"> cities in City Hub and Network for Gender Equity and Urban 20</span></a>' in text


def test_overlap_json_lists_the_networks_and_their_pairs(client):
    data = client.get("/networks/overlap/?format=json").json()
    validate(data, "NetworkOverlap")
    assert data["total"] == len(data["networks"]) == 5
    first = data["pairs"][0]
    assert first == {
        "networks": ["city-hub-and-network-for-gender-equity", "urban-20"], "shared": 2,
        "url": "http://testserver/networks/overlap/?a=city-hub-and-network-for-gender-equity&b=urban-20",
    }


def test_shared_members_lists_the_cities_in_both_networks_with_their_quotes(client):
    response = client.get("/networks/overlap/?a=city-hub-and-network-for-gender-equity&b=urban-20")
    assert response.status_code == 200
    text = page(response)
    assert "<h1>Cities in both City Hub and Network for Gender Equity and Urban 20</h1>" in text
    members = Membership.objects.public().filter(network__slug__in=["city-hub-and-network-for-gender-equity", "urban-20"])
    cities = {"los-angeles", "london"} & set(members.values_list("city__slug", flat=True))
    both = [slug for slug in cities if members.filter(city__slug=slug).values("network").distinct().count() == 2]
    assert both
    for slug in both:
        assert f'href="/cities/{slug}/"' in text
        for quote in quotes_of(members.filter(city__slug=slug)):
            assert quote in text
    data = client.get("/networks/overlap/?a=city-hub-and-network-for-gender-equity&b=urban-20&format=json").json()
    validate(data, "SharedMembers")
    assert data["count"] == 2 and {city["slug"] for city in data["cities"]} >= set(both)
    for city in data["cities"]:
        assert {m["slug"] for m in city["memberships"]} == {"city-hub-and-network-for-gender-equity", "urban-20"}
        for membership in city["memberships"]:
            assert_sources_are_verbatim(membership["sources"])


@pytest.mark.parametrize("query, status, message", [
    ("?a=c40-cities&b=narnia", 404, "No network ‘narnia’."),
    ("?a=c40-cities&b=c40-cities", 400, "Choose two different networks."),
    ("?a=c40-cities", 200, "Name two networks"),
])
def test_shared_members_say_what_cannot_be_answered(client, query, status, message):
    response = client.get(f"/networks/overlap/{query}")
    assert response.status_code == status and message in page(response)
    as_json = client.get(f"/networks/overlap/{query}&format=json")
    assert as_json.status_code == (400 if status == 200 else status) and message in as_json.json()["error"]


# Every input answered; a fixed number of queries --------------------------------------------------


@pytest.mark.parametrize("url", [
    "/cities/compare/?city=<script>alert(1)</script>&city=seoul",
    "/cities/compare/?city=%E2%80%94&city=seoul",
    "/cities/compare/?city=seoul&city=los-angeles&format=xml",
    "/cities/compare/?city=seoul&city=los-angeles&format=json&format=json",
    "/connections/?from=<img src=x>&to=seoul",
    "/connections/?from=:&to=seoul",
    "/connections/?from=city:&to=seoul",
    "/connections/?from=%F0%9F%99%82&to=%E5%9F%8E%E5%B8%82",
    "/networks/overlap/?a=<b>&b=c40-cities",
    "/networks/overlap/?a=" + "x" * 10_000 + "&b=c40-cities",
    "/networks/overlap/?format=csv",
])
def test_no_input_makes_a_500_or_echoes_markup(client, url):
    response = client.get(url)
    assert response.status_code in (302, 400, 404)
    assert "<script>alert" not in response.content.decode() and "<img src=x>" not in response.content.decode()
    assert "<b>" not in response.content.decode()


@pytest.mark.parametrize("url, queries", QUERY_COUNTS)
def test_query_counts(client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(CONTENT_VERSION + queries):
        assert client.get(url).status_code == 200
