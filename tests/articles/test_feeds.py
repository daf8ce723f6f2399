"""Atom feeds, the sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from articles.models import Article, Author, Authorship, Topic
from initiatives.models import Body, City, Initiative, Network

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SERVER = "http://testserver"
LISTINGS = ("/", "/articles/", "/authors/", "/cities/", "/networks/", "/initiatives/", "/topics/", "/bodies/", "/data/")


@pytest.fixture
def draft(db):
    article = Article.objects.create(
        title="A Draft Nobody May See",
        slug="a-draft-nobody-may-see",
        publication="Foreign Affairs",
        date_published=date(2030, 1, 1),  # newer than everything: it would head the feed if it leaked
        summary="Not yet.",
    )
    author = Author.objects.create(name="Drafty Writer", slug="drafty-writer")
    Authorship.objects.create(article=article, author=author, position=1)
    article.topics.add(Topic.objects.get(slug="climate"))
    return article


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_links(root):
    return [entry.find(f"{ATOM}link[@rel='alternate']").get("href") for entry in root.findall(f"{ATOM}entry")]


def test_latest_articles_feed_has_one_entry_per_published_article_newest_first(client, draft):
    root = feed(client, "/feeds/articles/")
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "citydip — latest articles"
    published = Article.objects.published().order_by("-date_published", "title")
    assert entry_links(root) == [SERVER + article.get_absolute_url() for article in published]
    assert draft.get_absolute_url() not in client.get("/feeds/articles/").content.decode()


def test_feed_entry_carries_title_summary_authors_date_and_topics(client):
    root = feed(client, "/feeds/articles/")
    article = Article.objects.get(slug="can-cities-fix-a-post-pandemic-world-order")
    entry = next(
        e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href").endswith(f"/{article.slug}/")
    )
    assert entry.find(f"{ATOM}title").text == article.title
    assert entry.find(f"{ATOM}summary").text == article.summary  # once the XML is read: HTML whose text is the summary
    assert [a.find(f"{ATOM}name").text for a in entry.findall(f"{ATOM}author")] == ["Nina Hachigian", "Anthony F. Pipa"]
    assert entry.find(f"{ATOM}published").text.startswith("2020-01-01T00:00:00"), "first published in 2020 (the day unknown)"
    assert entry.find(f"{ATOM}updated").text
    assert entry.find(f"{ATOM}id").text == SERVER + article.get_absolute_url()
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {t.name for t in article.topics.all()}


def test_feed_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # the content version (whether a cached copy is current), the articles, their bylines, their topics
    with django_assert_num_queries(4):
        client.get("/feeds/articles/")
    # and the topic first
    with django_assert_num_queries(5):
        client.get("/feeds/topics/climate/")


def test_topic_feed_lists_the_topics_published_articles(client, draft):
    topic = Topic.objects.get(slug="climate")
    root = feed(client, "/feeds/topics/climate/")
    assert root.find(f"{ATOM}title").text == "citydip — Climate"
    expected = Article.objects.published().filter(topics=topic).order_by("-date_published", "title")
    assert entry_links(root) == [SERVER + article.get_absolute_url() for article in expected]
    assert len(expected) >= 2
    assert draft.get_absolute_url() not in client.get("/feeds/topics/climate/").content.decode()


def test_topic_feed_of_an_unknown_topic_is_not_found(client):
    assert client.get("/feeds/topics/no-such-topic/").status_code == 404


def sitemap_locations(client):
    """/sitemap.xml is an index of one sitemap per kind of page; every page is in one of them."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    parts = [node.find(f"{SITEMAP}loc").text for node in ET.fromstring(index.content).findall(f"{SITEMAP}sitemap")]
    assert parts
    urls = []
    for part in parts:
        response = client.get(part.removeprefix(SERVER))
        assert response.status_code == 200, part
        urls += ET.fromstring(response.content).findall(f"{SITEMAP}url")
    root = ET.Element("urlset")
    root.extend(urls)
    return root, [url.find(f"{SITEMAP}loc").text for url in urls]


def test_sitemap_lists_every_public_page_once(client, draft):
    _, locations = sitemap_locations(client)
    assert len(locations) == len(set(locations))
    published = Article.objects.published()
    expected = {
        *(SERVER + path for path in LISTINGS),
        *(SERVER + article.get_absolute_url() for article in published),
        *(SERVER + author.get_absolute_url() for author in Author.objects.public()),
        *(
            SERVER + record.get_absolute_url()
            for model in (City, Network, Initiative, Topic, Body)
            for record in model.objects.all()
        ),
    }
    assert set(locations) == expected
    assert SERVER + draft.get_absolute_url() not in locations
    assert SERVER + "/authors/drafty-writer/" not in locations


def test_every_sitemap_location_answers(client):
    _, locations = sitemap_locations(client)
    for location in locations:
        assert client.get(location.removeprefix(SERVER)).status_code == 200, location


def test_sitemap_gives_articles_their_last_modification(client):
    root, _ = sitemap_locations(client)
    article = Article.objects.published().first()
    url = next(
        u for u in root.findall(f"{SITEMAP}url") if u.find(f"{SITEMAP}loc").text.endswith(article.get_absolute_url())
    )
    assert url.find(f"{SITEMAP}lastmod").text.startswith(article.updated_at.date().isoformat())


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line in ("Disallow: /", "Disallow: /articles/") for line in lines)
    assert client.post("/robots.txt").status_code == 405


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == static("favicon.svg")
    assert finders.find("favicon.svg"), "the icon is among the static files"
