import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Paragraph
from initiatives.models import City, Initiative, Membership, MembershipSource, Network
from tests.paths import SIXTH_ARTICLE

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert len(queries) == 0


def test_home_shows_counts_and_ways_in(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for path in ("/articles/", "/initiatives/", "/cities/", "/networks/", "/topics/"):
        assert f'href="{path}"' in page
    assert "Most connected cities" in page
    assert 'href="/cities/los-angeles/"' in page


def home_section(page, heading_id):
    """The HTML of the home page's section headed by `heading_id`, up to its end."""
    start = page.index(f'id="{heading_id}"')
    return page[start:page.index("</section>", start)]


def test_home_invites_a_first_path_from_the_data(client):
    """A city, a network and two questions, chosen from the records: the best connected city (Los Angeles, in 4
    networks), the network with the most members (CHANGE, 6), and questions about the cities that follow."""
    page = client.get("/").content.decode()
    paths = page[page.index('<ul class="paths"'):page.index('<div class="grid">')]
    assert '<h2>Start with a city</h2>\n    <p><a href="/cities/los-angeles/">Los Angeles</a></p>' in paths
    assert "In 4 networks and 33 initiatives" in paths
    assert '<a href="/networks/city-hub-and-network-for-gender-equity/">' in paths
    assert '<a href="/connections/?from=tokyo&amp;to=freetown">How are Tokyo and Freetown connected?</a>' in paths
    assert '<a href="/cities/compare/?city=los-angeles&amp;city=tokyo">Compare Los Angeles and Tokyo</a>' in paths


def test_the_home_pages_questions_lead_to_answers(client):
    page = client.get("/").content.decode()
    questions = re.findall(r'<li><a href="(/(?:connections|cities/compare)/\?[^"]+)">([^<]+)</a></li>', page)
    assert len(questions) == 2
    for url, question in questions:
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, url
        answer = response.content.decode()
        for city in re.findall(r"(?:How are|Compare) (.+) and (.+?)(?: connected\?)?$", question)[0]:
            assert f">{city}<" in answer, (question, city)
        assert "<blockquote" in answer, f"{url}: the answer quotes its sources"


def test_home_says_what_is_new(client):
    """The three latest published articles (a draft is not among them), and the records added last."""
    call_command("import_article", str(SIXTH), stdout=StringIO())  # a draft, the newest article of all
    draft = Article.objects.get(status=Article.Status.DRAFT)
    latest = home_section(client.get("/").content.decode(), "latest")
    titles = re.findall(r'<h3><a href="/articles/[^"]+/">([^<]+)</a>', latest)
    expected = Article.objects.published().values_list("title", flat=True)[:3]
    assert titles == list(expected) == ["Toward City Diplomacy 2.0", "Cities Are Transforming U.S. Foreign Policy",
                                        "City Diplomacy in the Shifting COVID-19-Era Landscape"]
    assert draft.title not in latest

    City.objects.create(name="Zanzibar City", slug="zanzibar-city", country="Tanzania", region="africa")
    recent = home_section(client.get("/").content.decode(), "recent")
    cities = re.findall(r'<a href="/cities/([^"]+)/">', recent)
    assert cities == ["zanzibar-city", "warsaw", "tokyo", "taipei", "seoul"]
    initiatives = re.findall(r'<a href="/initiatives/([^"]+)/">', recent)
    assert len(initiatives) == 5
    assert initiatives == [i.slug for i in Initiative.objects.public().order_by("-pk")[:5]]


def test_an_unsourced_initiative_is_not_announced_as_new(client):
    """An initiative no published article quotes is for editors alone, even the newest."""
    Initiative.objects.create(name="Unquoted summit", slug="unquoted-summit", kind="event", summary="Not sourced.")
    assert "unquoted-summit" not in home_section(client.get("/").content.decode(), "recent")


def test_home_query_count_does_not_grow_with_the_records(client, django_assert_num_queries):
    """The content version (whether a cached copy is current), then 4 counts, the latest articles and their bylines,
    the recent initiatives and cities, the networks, the connected cities and the topics: 12, however many records
    there are."""
    paragraph = Paragraph.objects.filter(article__status="published").first()
    for index in range(5):
        city = City.objects.create(name=f"Test city {index}", slug=f"test-city-{index}", country="X", region="europe")
        network = Network.objects.create(name=f"Test network {index}", slug=f"test-network-{index}")
        membership = Membership.objects.create(city=city, network=network)
        MembershipSource.objects.create(membership=membership, paragraph=paragraph, quote=paragraph.text[:40])
    with django_assert_num_queries(12):
        response = client.get("/")
    assert b"Test city 4" in response.content


def test_home_without_records_still_reads(client):
    """An empty base: no path to offer, no question to ask, and the page says there is nothing yet."""
    for model in (Membership, City, Network, Initiative):
        model.objects.all().delete()
    Article.objects.all().delete()
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="paths"' not in page
    assert "No articles yet." in page
    assert "No records yet." in page


def test_404_page_matches_the_site(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b'class="site-header"' in response.content


@pytest.mark.parametrize("template, heading", [("500.html", "Something went wrong on our side"),
                                               ("503.html", "citydip is unavailable for a moment")])
def test_the_error_pages_without_the_database_fit_a_phone_and_name_the_site(template, heading):
    """500 and 503 are shown when the base may not answer: plain pages, laid out for a phone as the others are."""
    page = render_to_string(template, {"retry_after": 30})
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<a class="brand" href="/">city<span>dip</span></a>' in page
    assert f"<h1>{heading}</h1>" in page


SIXTH = SIXTH_ARTICLE


def dataset_counts(client):
    page = client.get("/data/").content.decode()
    rows = re.findall(r'<th scope="row">(\w+)</th><td>[^<]*</td><td class="num">(\d+)</td>', page)
    return {name.lower(): int(count) for name, count in rows}


def test_the_data_page_counts_what_each_dataset_holds(client):
    # A draft by a new author (Lena Okafor) and an existing one: neither it nor its new author is public.
    call_command("import_article", str(SIXTH), stdout=StringIO())
    counts = dataset_counts(client)
    assert counts["authors"] == 5 == Author.objects.public().count()
    assert len(counts) == 7
    for name, count in counts.items():
        assert json.loads(b"".join(client.get(f"/data/{name}.json").streaming_content))["count"] == count, name


def test_public_authors_are_the_authors_of_a_published_article():
    call_command("import_article", str(SIXTH), stdout=StringIO())
    published = Article.objects.published()
    assert set(Author.objects.public()) == {author for article in published for author in article.authors.all()}
    assert not Author.objects.public().filter(slug="lena-okafor").exists()
    assert Author.objects.public().filter(slug="nina-hachigian").count() == 1, "once, however many articles"
    Article.objects.filter(authors__slug="lena-okafor").update(status=Article.Status.PUBLISHED)
    assert Author.objects.public().filter(slug="lena-okafor").exists()


def test_an_author_of_drafts_only_is_neither_listed_nor_shown(client):
    call_command("import_article", str(SIXTH), stdout=StringIO())
    listed = {author["slug"] for author in client.get("/authors/?format=json").json()["results"]}
    assert listed == set(Author.objects.public().values_list("slug", flat=True))
    assert "lena-okafor" not in listed
    assert client.get("/authors/lena-okafor/").status_code == 404
