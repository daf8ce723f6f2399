"""The review of the links found in article bodies fits a laptop: the name, where it points and the decision
side by side, then the sentence around it, and the paragraph by its number."""

import re

import pytest

from initiatives.models import Mention

pytestmark = pytest.mark.django_db


def test_the_review_shows_name_target_decision_then_context_and_paragraph_number(editor_client):
    html = editor_client.get("/admin/initiatives/mention/").content.decode()
    columns = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', html)
    assert columns == ["text", "target", "status", "context", "paragraph_number"]
    mention = Mention.objects.select_related("paragraph__article").order_by("paragraph__number", "pk").first()
    paragraph = mention.paragraph
    assert f'<a href="{paragraph.get_absolute_url()}" title="{paragraph.article.title}">¶{paragraph.number}</a>' in html
    assert 'id="nav-sidebar"' not in html, "the lists take the whole width"
