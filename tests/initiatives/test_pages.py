import re

import pytest

from articles.models import Article
from initiatives.models import Initiative, Membership, MembershipSource, Network

pytestmark = pytest.mark.django_db


def links_in(response):
    return set(re.findall(r'href="([^"#?]+)', response.content.decode()))


def test_city_page_lists_its_networks_with_role_and_source(client):
    membership = Membership.objects.filter(city__slug="los-angeles").select_related("network").first()
    response = client.get("/cities/los-angeles/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Los Angeles</h1>" in page
    assert membership.network.get_absolute_url() in links_in(response)
    assert membership.get_role_display().lower() in page
    quote = membership.sources.first().quote
    assert quote.replace("’", "&#x27;") in page or quote in page


def test_city_json_has_networks_with_name_url_role_year_and_sources(client):
    data = client.get("/cities/los-angeles/?format=json").json()
    assert data["name"] == "Los Angeles" and data["slug"] == "los-angeles"
    assert data["url"] == "http://testserver/cities/los-angeles/"
    assert data["networks"], "Los Angeles belongs to networks"
    for network in data["networks"]:
        assert set(network) >= {"name", "url", "role", "year", "sources"}
        assert network["url"].startswith("http://testserver/networks/")
    assert data["sources"]
    for source in data["sources"]:
        assert set(source) >= {"article", "paragraph", "quote"}
    assert data["wikidata_url"] == "https://www.wikidata.org/wiki/Q65"


def test_sources_in_json_are_verbatim_in_the_paragraph_they_name(client):
    data = client.get("/cities/los-angeles/?format=json").json()
    for source in data["sources"]:
        article = client.get(f"/articles/{source['article']}/?format=json").json()
        paragraph = next(p for p in article["paragraphs"] if p["number"] == source["paragraph"])
        assert source["quote"] in paragraph["text"]


def test_network_page_lists_member_cities_as_links(client):
    network = Network.objects.get(slug="c40-cities")
    response = client.get(network.get_absolute_url())
    assert response.status_code == 200
    for membership in network.memberships.all():
        assert membership.city.get_absolute_url() in links_in(response)
    data = client.get(network.get_absolute_url() + "?format=json").json()
    assert {c["slug"] for c in data["cities"]} == set(network.memberships.values_list("city__slug", flat=True))


def test_initiative_page_shows_cities_networks_topics_and_sources(client):
    initiative = Initiative.objects.filter(participations__isnull=False, networks__isnull=False).first()
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    links = links_in(response)
    for participation in initiative.participations.all():
        assert participation.city.get_absolute_url() in links
    for network in initiative.networks.all():
        assert network.get_absolute_url() in links
    for topic in initiative.topics.all():
        assert topic.get_absolute_url() in links
    for source in initiative.sources.all():
        # A source link leads to the quote, marked in its paragraph (articles.passages).
        assert source.marked_url in set(re.findall(r'href="([^"]+)"', response.content.decode()))
    data = client.get(initiative.get_absolute_url() + "?format=json").json()
    assert data["sources"] and all({"article", "paragraph", "quote"} <= set(s) for s in data["sources"])


def test_a_student_walks_city_network_city_initiative_article_by_links(client):
    """Los Angeles → one of its networks → another member city → one of its initiatives → the source paragraph."""

    def detail_links(response, prefix, exclude=()):
        return sorted(url for url in links_in(response) if url.startswith(prefix) and url != prefix and url not in exclude)

    city_page = client.get("/cities/los-angeles/")
    walks = [
        (network_url, other_url)
        for network_url in detail_links(city_page, "/networks/")
        for other_url in detail_links(client.get(network_url), "/cities/", exclude=["/cities/los-angeles/"])
        if detail_links(client.get(other_url), "/initiatives/")
    ]
    assert walks, "some network of Los Angeles links another member city that has initiatives"
    network_url, other_url = walks[0]
    initiative_url = detail_links(client.get(other_url), "/initiatives/")[0]
    initiative_page = client.get(initiative_url)
    assert initiative_page.status_code == 200
    quote_link = re.search(r'href="(/articles/[^"/]+/)#(q-p(\d+)-[0-9a-f]{8})"', initiative_page.content.decode())
    article_page = client.get(quote_link.group(1)).content.decode()
    # The quote's mark, inside its paragraph.
    paragraph = re.search(rf'<p id="p{quote_link.group(3)}" class="para">.*?</p>\n', article_page).group()
    assert f'<mark class="quote" id="{quote_link.group(2)}">' in paragraph


@pytest.mark.parametrize("url", ["/cities/", "/networks/", "/initiatives/", "/topics/", "/bodies/"])
def test_listings_answer_html_and_json(client, url):
    assert client.get(url).status_code == 200
    data = client.get(url + "?format=json").json()
    assert set(data) >= {"count", "next", "previous", "results"}
    assert data["count"] > 0
    for result in data["results"]:
        assert result["name"] and result["slug"] and result["url"].startswith("http://testserver/")


def test_an_initiative_card_links_the_cities_that_took_part(client):
    page = client.get("/initiatives/").content.decode()
    cards = re.findall(r'<article class="card">.*?</article>', page, re.S)
    shown = Initiative.objects.order_by("name").prefetch_related("participations__city")[: len(cards)]
    assert any(initiative.participations.all() for initiative in shown)
    for card, initiative in zip(cards, shown):
        assert initiative.get_absolute_url() in card
        for participation in initiative.participations.all():
            assert f'<a href="{participation.city.get_absolute_url()}">{participation.city.name}</a>' in card


def test_listings_paginate_with_absolute_next_links(client, settings):
    data = client.get("/cities/?format=json").json()
    if data["count"] > settings.PAGE_SIZE:
        assert data["next"] == "http://testserver/cities/?format=json&page=2"
        second = client.get(data["next"]).json()
        assert second["previous"] == "http://testserver/cities/?format=json&page=1"
        assert len(data["results"]) == settings.PAGE_SIZE
    assert data["previous"] is None


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", ""])
def test_bad_page_numbers_give_a_400_or_404_page_not_a_500(client, page):
    response = client.get(f"/cities/?page={page}")
    assert response.status_code == {"abc": 400, "-1": 400, "0": 400, "1.5": 400, "99999": 404, "": 200}[page]
    if response.status_code == 400:
        assert b"The page number is a whole number from 1" in response.content
    if response.status_code == 404:
        assert b"Not found" in response.content


@pytest.mark.parametrize("url", ["/cities/nowhere/", "/networks/nowhere/", "/initiatives/nowhere/", "/topics/nowhere/", "/bodies/nowhere/"])
def test_unknown_slugs_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"citydip" in response.content


def test_unknown_format_is_a_400_page(client):
    response = client.get("/cities/los-angeles/?format=xml")
    assert response.status_code == 400
    assert b"Unknown format" in response.content


def test_topic_page_lists_its_initiatives_and_articles(client):
    response = client.get("/topics/climate/")
    assert response.status_code == 200
    links = links_in(response)
    topic_articles = Article.objects.published().filter(topics__slug="climate")
    assert topic_articles.exists()
    for article in topic_articles:
        assert article.get_absolute_url() in links
    for initiative in Initiative.objects.filter(topics__slug="climate"):
        assert initiative.get_absolute_url() in links


def test_mentions_of_a_city_link_to_the_paragraph_anchor(client):
    response = client.get("/cities/los-angeles/")
    anchors = re.findall(r'href="/articles/[^"]+#p\d+"', response.content.decode())
    assert anchors
    assert "Mentioned in" in response.content.decode()


def test_drafts_do_not_leak_through_city_pages(client):
    article = MembershipSource.objects.filter(membership__city__slug="los-angeles").first().paragraph.article
    article.status = Article.Status.DRAFT
    article.save()
    page = client.get("/cities/los-angeles/").content.decode()
    assert article.title not in page
    data = client.get("/cities/los-angeles/?format=json").json()
    assert article.slug not in {s["article"] for s in data["sources"]}
    assert article.slug not in {m["article"] for m in data["mentioned_in"]}
