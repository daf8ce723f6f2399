"""After an import, the editor hears what the article's sentences suggest: `import_article` prints the claims,
and the article's admin page links to their review."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.paths import DATA

pytestmark = pytest.mark.django_db


def test_import_article_prints_the_claims_the_sentences_make():
    output = StringIO()
    call_command("import_article", str(DATA / "small_embassies.html"), stdout=output)
    lines = output.getvalue().splitlines()
    assert "claim: Los Angeles — founding member — Climate Mayors (¶3)" in lines


def test_the_article_page_in_the_admin_links_to_the_claims_review(editor_client):
    article = Article.objects.get(slug="cities-are-transforming-us-foreign-policy")
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'href="/admin/initiatives/membership/suggested/{article.pk}/"' in html
    assert editor_client.get(f"/admin/initiatives/membership/suggested/{article.pk}/").status_code == 200
