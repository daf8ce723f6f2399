"""Entity links in article bodies: find the names of known records in each paragraph, store them as
mentions, and store each paragraph's text with those mentions linked — once, when the article is saved,
and again for the articles concerned when a named record is added, renamed or deleted.
"""

import re
from functools import reduce
from operator import or_

import nh3

from django.db import transaction
from django.db.models import Q
from django.utils.html import escape, format_html

from articles.models import Article, Paragraph

from .models import Body, City, Initiative, Mention, Network

# Where two records answer to the same name, the first kind here wins.
LINKED_MODELS = [("city", City), ("network", Network), ("initiative", Initiative), ("body", Body)]


def names_of(record):
    names = [record.name, *record.alias_list()]
    if getattr(record, "acronym", ""):
        names.append(record.acronym)
    return [name for name in names if name]


def name_index():
    """Every known name → (target field, record)."""
    index = {}
    for field, model in LINKED_MODELS:
        for record in model.objects.order_by("slug"):
            for name in names_of(record):
                index.setdefault(name, (field, record))
    return index


def matcher(index):
    """Names as whole words, case as written ("LA" is not "la"), longest first so "Paris Agreement" beats "Paris"."""
    if not index:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(index, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)")


def find_mentions(text, index, pattern):
    """(start, matched text, field, record) for each known name in the text, left to right, never overlapping."""
    if pattern is None:
        return []
    return [(m.start(), m.group(), *index[m.group()]) for m in pattern.finditer(text)]


def linked_html(text, mentions):
    """The paragraph's text, escaped, with each mention that is not rejected linked to its record's page.

    The result is what article pages mark safe, so it passes nh3 as well: only <a href class> survives.
    """
    parts, position = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.status == Mention.Status.REJECTED:
            continue
        parts.append(escape(text[position : mention.start]))
        parts.append(format_html('<a href="{}" class="mention">{}</a>', mention.target.get_absolute_url(), mention.text))
        position = mention.start + len(mention.text)
    parts.append(escape(text[position:]))
    return nh3.clean("".join(parts), tags={"a"}, attributes={"a": {"href", "class"}}, link_rel=None)


@transaction.atomic
def link_article(article, status=Mention.Status.SUGGESTED, index=None):
    """Recompute the mentions and linked HTML of every paragraph of the article.

    An editor's decision on a mention (accepted or rejected, or pointed at another record) survives when the
    same name is found again at the same place; new finds get `status`.
    """
    index = name_index() if index is None else index
    pattern = matcher(index)
    paragraphs = list(article.paragraphs.all())
    decided = {
        (m.paragraph_id, m.start, m.text): m
        for m in Mention.objects.filter(paragraph__article=article).exclude(status=Mention.Status.SUGGESTED)
    }
    Mention.objects.filter(paragraph__article=article).delete()
    mentions = []
    for paragraph in paragraphs:
        found = []
        for start, text, field, record in find_mentions(paragraph.text, index, pattern):
            earlier = decided.get((paragraph.pk, start, text))
            decision = {name: getattr(earlier, name) for name in Mention.TARGETS} if earlier else {field: record}
            found.append(
                Mention(paragraph=paragraph, start=start, text=text, status=earlier.status if earlier else status, **decision)
            )
        mentions += found
        paragraph.html = linked_html(paragraph.text, found)
    Mention.objects.bulk_create(mentions)
    Paragraph.objects.bulk_update(paragraphs, ["html"])
    return mentions


def render_paragraphs(paragraph_ids):
    """Store the linked HTML again after editors changed mentions (status or target) of these paragraphs."""
    paragraphs = list(
        Paragraph.objects.filter(pk__in=paragraph_ids).prefetch_related(
            "mentions__city", "mentions__network", "mentions__body", "mentions__initiative"
        )
    )
    for paragraph in paragraphs:
        paragraph.html = linked_html(paragraph.text, paragraph.mentions.all())
    Paragraph.objects.bulk_update(paragraphs, ["html"])


def relink_articles(article_ids):
    index = name_index()
    for article in Article.objects.filter(pk__in=set(article_ids)):
        link_article(article, index=index)


def articles_concerning(record, field):
    """Articles whose text holds one of the record's names, or that mention it already."""
    names = names_of(record)
    naming = Paragraph.objects.filter(reduce(or_, [Q(text__contains=name) for name in names])) if names else Paragraph.objects.none()
    return {*naming.values_list("article_id", flat=True), *Mention.objects.filter(**{field: record}).values_list("paragraph__article_id", flat=True)}


def link_article_on_save(sender, article, **kwargs):
    link_article(article)
