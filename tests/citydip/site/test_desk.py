"""The admin's start page is the editors' desk: what waits for them, counted, each a link to the list that
shows it, and the import of a new article."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from initiatives.models import Membership, Mention

pytestmark = pytest.mark.django_db


def desk_rows(html: str) -> dict[str, tuple[str, int]]:
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td class="count">(\d+)</td></tr>', html)
    return {label: (url.replace("&amp;", "&"), int(count)) for url, label, count in rows}


def test_the_desk_counts_what_waits_and_links_to_it(editor_client, django_assert_max_num_queries):
    Article.objects.filter(slug="cities-are-transforming-us-foreign-policy").update(status=Article.Status.DRAFT)
    # session, user, permissions, the five counts, the app list; the draft's new records (6) and claims (13)
    with django_assert_max_num_queries(31):
        response = editor_client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Your desk</h1>" in html and "Waiting for an editor" in html
    assert 'href="/admin/articles/article/import/"' in html
    rows = desk_rows(html)
    assert rows["Drafts waiting"] == ("/admin/articles/article/?status__exact=draft", 1)
    suggested = Mention.objects.filter(status=Mention.Status.SUGGESTED).count()
    assert rows["Links to review"] == ("/admin/initiatives/mention/?status__exact=suggested", suggested)
    unsourced = Membership.objects.count() - Membership.objects.public().count()
    assert rows["Memberships not yet sourced"] == ("/admin/initiatives/membership/?sourced=no", unsourced)
    assert unsourced > 0, "the draft's claims are not sourced while it is a draft"
    for url, count in rows.values():
        listed = editor_client.get(url)
        assert listed.status_code == 200, url
        assert f"{count} " in listed.content.decode() or count == 0, url


def test_readers_do_not_see_the_desk(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_desk_lists_each_draft_with_what_it_still_suggests(editor_client):
    from io import StringIO

    from django.core.management import call_command

    from tests.paths import ROOT

    call_command("import_article", str(ROOT / "fixtures" / "editor_trial" / "sea_walls_and_soft_power.html"), stdout=StringIO())
    article = Article.objects.get(status=Article.Status.DRAFT)
    html = editor_client.get("/admin/").content.decode()
    assert "Drafts in progress" in html
    records_url = reverse("admin:initiatives_record_suggestions", args=[article.pk])
    claims_url = reverse("admin:initiatives_claim_suggestions", args=[article.pk])
    records = re.search(rf'<a href="{records_url}">(\d+)</a>', html)
    claims = re.search(rf'<a href="{claims_url}">(\d+)</a>', html)
    assert records and claims, html
    from initiatives.claim_suggestions import suggest_claims
    from initiatives.record_suggestions import suggest_for_article

    assert int(records.group(1)) == len(suggest_for_article(article)) == 6  # 4 cities, 2 networks
    assert int(claims.group(1)) == len(suggest_claims(article)) == 1
