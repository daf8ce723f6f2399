import re

import pytest
from django.test import Client

from articles.models import Article, Author

pytestmark = pytest.mark.django_db


def test_article_list_shows_published_articles_newest_first(client):
    response = client.get("/articles/")
    assert response.status_code == 200
    page = response.content.decode()
    titles = list(Article.objects.published().order_by("-date_published", "title").values_list("title", flat=True))
    assert len(titles) == 5
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)


def test_article_page_has_anchored_paragraphs_and_linked_byline(client):
    article = Article.objects.get(slug="cities-are-transforming-us-foreign-policy")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for paragraph in article.paragraphs.all():
        assert f'id="p{paragraph.number}"' in page
    for author in article.authors.all():
        assert f'href="{author.get_absolute_url()}"' in page
    assert "Biden Would Do Well to Work with Them" in page


def test_article_body_links_known_cities_and_networks(client):
    page = client.get("/articles/cities-are-transforming-us-foreign-policy/").content.decode()
    assert re.search(r'<a href="/cities/los-angeles/" class="mention">Los Angeles</a>', page)
    assert re.search(r'<a href="/networks/urban-20/" class="mention">', page)


def test_article_page_lists_the_records_it_is_the_source_of(client):
    page = client.get("/articles/can-cities-fix-a-post-pandemic-world-order/").content.decode()
    assert "Records this article is the source of" in page
    assert 'href="/initiatives/' in page


def test_article_json_shape(client):
    data = client.get("/articles/can-cities-fix-a-post-pandemic-world-order/?format=json").json()
    assert data["title"] == "Can Cities Fix a Post-Pandemic World Order?"
    assert data["url"] == "http://testserver/articles/can-cities-fix-a-post-pandemic-world-order/"
    assert [a["name"] for a in data["authors"]] == ["Nina Hachigian", "Anthony F. Pipa"]
    assert data["paragraphs"][0]["anchor"] == "p1"
    assert data["sources"]
    texts = {p["number"]: p["text"] for p in data["paragraphs"]}
    for source in data["sources"]:
        assert source["article"] == data["slug"]
        assert source["quote"] in texts[source["paragraph"]]


def test_article_listing_json(client):
    data = client.get("/articles/?format=json").json()
    assert data["count"] == 5
    assert {"title", "slug", "url", "authors", "date_published"} <= set(data["results"][0])


def test_drafts_are_hidden_from_the_public_and_previewed_by_editors(editor_client):
    client = Client()
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.get_absolute_url() + "?format=json").status_code == 404
    assert article.title not in client.get("/articles/").content.decode()
    assert client.get("/articles/?format=json").json()["count"] == 4
    preview = editor_client.get(article.get_absolute_url())
    assert preview.status_code == 200
    assert b"Draft" in preview.content
    # An author whose only article is a draft has no public page.
    assert client.get("/authors/sohaela-amiri/").status_code == 404


def test_author_pages(client):
    response = client.get("/authors/nina-hachigian/")
    assert response.status_code == 200
    page = response.content.decode()
    for article in Article.objects.published().filter(authors__slug="nina-hachigian"):
        assert article.get_absolute_url() in page
    data = client.get("/authors/?format=json").json()
    assert data["count"] == Author.objects.public().count()
    detail = client.get("/authors/nina-hachigian/?format=json").json()
    assert len(detail["articles"]) == 3


def test_unknown_article_is_404(client):
    assert client.get("/articles/no-such-article/").status_code == 404


def test_article_page_carries_highwire_tags_json_ld_and_a_cite_block(client):
    page = client.get("/articles/can-cities-fix-a-post-pandemic-world-order/").content.decode()
    authors = re.findall(r'<meta name="citation_author" content="([^"]+)">', page)
    assert authors == ["Nina Hachigian", "Anthony F. Pipa"] or authors == ["Hachigian, Nina", "Pipa, Anthony F."]
    assert '<meta name="citation_title" content="Can Cities Fix a Post-Pandemic World Order?">' in page
    assert '<meta name="citation_publication_date" content="2020">' in page, "first published in 2020, the day unknown"
    assert '<script type="application/ld+json">' in page and '"@type": "Article"' in page
    assert "Cite this" in page and 'href="?format=bibtex"' in page


@pytest.mark.parametrize(
    "fmt, content_type, marker",
    [("bibtex", "application/x-bibtex", "@article{"), ("ris", "application/x-research-info-systems", "ER  - "),
     ("csl", "application/vnd.citationstyles.csl+json", '"container-title"')],
)
def test_article_citation_downloads(client, fmt, content_type, marker):
    response = client.get(f"/articles/can-cities-fix-a-post-pandemic-world-order/?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert marker in response.content.decode()


@pytest.mark.parametrize(
    "url, schema_type",
    [("/cities/los-angeles/", "City"), ("/networks/c40-cities/", "Organization"),
     ("/initiatives/c40-virtual-assembly-of-mayors-2020/", "Event"), ("/initiatives/mexla/", "Project")],
)
def test_records_carry_schema_org_json_ld(client, url, schema_type):
    import json
    page = client.get(url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["@type"] == schema_type
