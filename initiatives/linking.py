"""Entity links in article bodies: find the names of known records in each paragraph, store them as
mentions, and store each paragraph's text with those mentions linked — once, when the article is saved.
"""

import re

from django.db import transaction
from django.utils.html import escape, format_html

from articles.models import Paragraph

from .models import Body, City, Initiative, Mention, Network

# Where two records answer to the same name, the first kind here wins.
LINKED_MODELS = [("city", City), ("network", Network), ("initiative", Initiative), ("body", Body)]


def names_of(record):
    names = [record.name, *record.alias_list()]
    if getattr(record, "acronym", ""):
        names.append(record.acronym)
    return names


def name_index():
    """Every known name → (target field, record), longest names first so that "Paris Agreement" beats "Paris"."""
    index = {}
    for field, model in LINKED_MODELS:
        for record in model.objects.order_by("slug"):
            for name in names_of(record):
                index.setdefault(name, (field, record))
    return index


def matcher(index):
    if not index:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(index, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])")


def find_mentions(text, index, pattern):
    """(start, matched text, field, record) for each known name in the text, left to right, never overlapping."""
    if pattern is None:
        return []
    return [(m.start(), m.group(), *index[m.group()]) for m in pattern.finditer(text)]


def linked_html(text, mentions):
    parts, position = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.status == Mention.Status.REJECTED:
            continue
        end = mention.start + len(mention.text)
        parts.append(escape(text[position : mention.start]))
        parts.append(format_html('<a href="{}" class="mention">{}</a>', mention.target.get_absolute_url(), mention.text))
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


@transaction.atomic
def link_article(article, status=Mention.Status.SUGGESTED, index=None):
    """Recompute the mentions and linked HTML of every paragraph of the article.

    An editor's decision on a mention (accepted or rejected) survives when the same name is found again at
    the same place; new finds get `status`.
    """
    index = name_index() if index is None else index
    pattern = matcher(index)
    paragraphs = list(article.paragraphs.all())
    decided = {
        (m.paragraph_id, m.start, m.text): m.status
        for m in Mention.objects.filter(paragraph__article=article).exclude(status=Mention.Status.SUGGESTED)
    }
    Mention.objects.filter(paragraph__article=article).delete()
    mentions = []
    for paragraph in paragraphs:
        found = [
            Mention(
                paragraph=paragraph,
                start=start,
                text=text,
                status=decided.get((paragraph.pk, start, text), status),
                **{field: record},
            )
            for start, text, field, record in find_mentions(paragraph.text, index, pattern)
        ]
        mentions += found
        paragraph.html = linked_html(paragraph.text, found)
    Mention.objects.bulk_create(mentions)
    Paragraph.objects.bulk_update(paragraphs, ["html"])
    return mentions


def link_article_on_save(sender, article, **kwargs):
    link_article(article)
