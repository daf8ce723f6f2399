"""Site search, on whichever database the suite runs: SQLite's FTS5 or PostgreSQL's full-text search."""

import pytest

from articles.models import Article
from initiatives.models import City

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def names(data):
    return [result["name"] for result in data["results"]]


def test_the_record_named_exactly_ranks_first(client):
    data = search(client, q="Los Angeles")
    assert data["results"][0] == {
        "kind": "city", "name": "Los Angeles", "url": "http://testserver/cities/los-angeles/",
        "snippet": data["results"][0]["snippet"],
    }
    assert data["count"] > 20 and data["next"] and data["previous"] is None


def test_whatsapp_finds_the_initiative_and_its_article_with_marked_snippets(client):
    data = search(client, q="WhatsApp")
    kinds = {(r["kind"], r["name"]) for r in data["results"]}
    assert ("initiative", "Los Angeles's WhatsApp channel for municipal staff worldwide") in kinds
    assert ("article", "Can Cities Fix a Post-Pandemic World Order?") in kinds
    assert all("<mark>WhatsApp</mark>" in r["snippet"] for r in data["results"])


def test_hydrogen_is_found_in_an_article_body(client):
    data = search(client, q="hydrogen")
    assert "Cities Are Transforming U.S. Foreign Policy" in names(data)


def test_a_quoted_phrase_must_stand_together(client):
    assert search(client, q='"green hydrogen"')["count"] >= 1
    assert search(client, q='"hydrogen green"')["count"] == 0


def test_a_minus_excludes_a_word(client):
    with_c40 = search(client, q="megacities")
    without = search(client, q="megacities -C40")
    assert with_c40["count"] > without["count"]
    assert "C40 Cities" in names(with_c40) and "C40 Cities" not in names(without)


def test_or_accepts_either_word(client):
    either = search(client, q="Freetown or Kitakyushu", kind="city")
    assert set(names(either)) == {"Freetown", "Kitakyushu"}
    assert search(client, q="Freetown Kitakyushu", kind="city")["count"] == 0


def test_a_truncated_word_is_found_by_its_beginning(client):
    assert "Cities Are Transforming U.S. Foreign Policy" in names(search(client, q="hydrog"))


def test_filter_by_kind_with_counts_per_kind(client):
    data = search(client, q="Los Angeles", kind="article")
    assert {r["kind"] for r in data["results"]} == {"article"}
    counts = {k["value"]: k["count"] for k in search(client, q="Los Angeles")["kinds"]}
    assert counts["article"] == data["count"] == 4
    assert client.get("/search/", {"q": "x", "kind": "spaceship"}).status_code == 400


def test_the_html_page_marks_the_match_and_links_the_record(client):
    page = client.get("/search/", {"q": "MEXLA"}).content.decode()
    assert "<mark>MEXLA</mark>" in page
    assert 'href="/initiatives/mexla/"' in page


def test_drafts_are_not_found(client):
    article = Article.objects.get(slug="cities-are-transforming-us-foreign-policy")
    article.status = Article.Status.DRAFT
    article.save()
    assert "Cities Are Transforming U.S. Foreign Policy" not in names(search(client, q="hydrogen"))


def test_new_and_renamed_records_are_found_at_once(client):
    City.objects.create(name="Nairobi", slug="nairobi", country="Kenya", region="africa")
    assert names(search(client, q="Nairobi")) == ["Nairobi"]
    city = City.objects.get(slug="nairobi")
    city.name = "Mombasa"
    city.save()
    assert search(client, q="Nairobi")["count"] == 0
    city.delete()
    assert search(client, q="Mombasa")["count"] == 0


@pytest.mark.parametrize(
    "query",
    ["", "a", "x" * 10_000, "城市外交", "<script>alert(1)</script>", "' OR 1=1 --", "%", "\\", '"unclosed', "-",
     "or", "NOT AND NEAR(", "*", "title:", "🙂", "(((", "a:*"],
)
def test_odd_searches_give_a_clean_page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert client.get("/search/", {"q": query, "format": "json"}).status_code == 200


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "Los\tAngeles", "line\nbreak", "\x7f"])
def test_a_control_character_in_a_search_is_a_400_that_says_so(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    response = client.get("/search/", {"q": query, "format": "json"})
    assert response.status_code == 400
    assert "control character" in response.json()["error"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "²", "١", "+2", " 2", "1_0", "1.0", "9" * 5000])
def test_a_page_number_that_is_not_one_is_a_400(client, page):
    response = client.get("/search/", {"q": "Los Angeles", "page": page})
    assert response.status_code == 400
    assert "The page number is a whole number from 1" in response.content.decode()
    response = client.get("/search/", {"q": "Los Angeles", "page": page, "format": "json"})
    assert response.status_code == 400
    assert response.json() == {"error": "The page number is a whole number from 1, such as ?page=2."}


def test_a_page_past_the_last_is_a_404(client):
    assert client.get("/search/", {"q": "Los Angeles", "page": ""}).status_code == 200
    assert client.get("/search/", {"q": "Los Angeles", "page": "2"}).status_code == 200
    assert client.get("/search/", {"q": "Los Angeles", "page": "999"}).status_code == 404
    assert client.get("/search/", {"q": "Los Angeles", "page": "999999999"}).status_code == 404


def test_publishing_from_the_admin_list_makes_an_article_findable(client, editor_client):
    article = Article.objects.get(slug="cities-are-transforming-us-foreign-policy")
    editor_client.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [article.pk]})
    assert "Cities Are Transforming U.S. Foreign Policy" not in names(search(client, q="hydrogen"))
    editor_client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]})
    assert "Cities Are Transforming U.S. Foreign Policy" in names(search(client, q="hydrogen"))
