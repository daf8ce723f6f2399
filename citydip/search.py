"""Site search across every public record kind: `/search/?q=`, optionally `&kind=`.

Each kind says which of its fields to search, weighted: a term in the name counts most, then the summary,
then the body. Records must contain every term. Results carry a snippet with the terms marked.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views import View

from articles.models import Article, Author, Paragraph, Topic
from initiatives.models import Body, City, Initiative, Network

from .formats import absolute

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
CANDIDATES_PER_KIND = 200
SNIPPET_RADIUS = 90


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    queryset: object
    name_field: str
    text_fields: tuple  # weighted after the name, strongest first


def kinds():
    paragraphs = Prefetch("paragraphs", queryset=Paragraph.objects.order_by("number"))
    return [
        Kind("article", "Article", Article.objects.published().prefetch_related(paragraphs), "title", ("summary", "paragraphs__text")),
        Kind("initiative", "Initiative", Initiative.objects.all(), "name", ("summary", "aliases")),
        Kind("city", "City", City.objects.all(), "name", ("aliases", "country")),
        Kind("network", "Network", Network.objects.all(), "name", ("acronym", "aliases", "description", "focus")),
        Kind("body", "Multilateral body", Body.objects.all(), "name", ("acronym", "aliases", "description")),
        Kind("author", "Author", Author.objects.filter(articles__status=Article.Status.PUBLISHED), "name", ("role", "bio")),
        Kind("topic", "Topic", Topic.objects.all(), "name", ("description",)),
    ]


@dataclass
class Result:
    kind: Kind
    record: object
    score: int
    snippet: str

    @property
    def name(self):
        return getattr(self.record, self.kind.name_field)


def terms_of(query):
    return [term for term in re.split(r"\s+", query.strip()) if term][:MAX_TERMS]


def texts_of(record, kind):
    """The record's searchable texts, strongest first (paragraphs of an article come from the prefetch)."""
    texts = []
    for field in kind.text_fields:
        if field == "paragraphs__text":
            texts += [p.text for p in record.paragraphs.all()]
        else:
            texts.append(getattr(record, field) or "")
    return texts


def highlight(text, terms):
    """An escaped excerpt of the text around the first term, each term wrapped in <mark>."""
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms if term.lower() in lowered]
    start = max(min(positions, default=0) - SNIPPET_RADIUS, 0)
    excerpt = text[start : start + 2 * SNIPPET_RADIUS + 40]
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    marked, position = [], 0
    for match in pattern.finditer(excerpt):
        marked += [escape(excerpt[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    marked.append(escape(excerpt[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + len(excerpt) < len(text) else ""
    return mark_safe(prefix + "".join(marked) + suffix)


def score(record, kind, terms):
    name = getattr(record, kind.name_field).lower()
    texts = [t.lower() for t in texts_of(record, kind)]
    phrase = " ".join(terms).lower()
    # The record called exactly what was asked comes first, then those whose name holds the phrase.
    total = 100 if name == phrase else 20 if phrase in name else 0
    for term in (t.lower() for t in terms):
        if term in name:
            total += 10
        for weight, text in zip(range(len(texts), 0, -1), texts):
            if term in text:
                total += min(weight, 3)
                break
    return total


def best_text(record, kind, terms):
    for text in [getattr(record, kind.name_field), *texts_of(record, kind)]:
        if any(term.lower() in text.lower() for term in terms):
            return text
    return getattr(record, kind.name_field)


def search(query, kind_key=None):
    terms = terms_of(query)
    if not terms:
        return []
    results = []
    for kind in kinds():
        if kind_key and kind.key != kind_key:
            continue
        fields = (kind.name_field, *kind.text_fields)
        condition = reduce(and_, [reduce(or_, [Q(**{f"{f}__icontains": term}) for f in fields]) for term in terms])
        records = kind.queryset.filter(pk__in=kind.queryset.filter(condition).values("pk")[:CANDIDATES_PER_KIND])
        for record in records:
            results.append(Result(kind, record, score(record, kind, terms), highlight(best_text(record, kind, terms), terms)))
    return sorted(results, key=lambda r: (-r.score, len(r.name), r.name.lower()))


class SearchView(View):
    def get(self, request):
        query = request.GET.get("q", "")
        truncated = len(query) > MAX_QUERY_LENGTH
        query = query[:MAX_QUERY_LENGTH]
        kind_keys = [kind.key for kind in kinds()]
        kind_key = request.GET.get("kind") or None
        if kind_key and kind_key not in kind_keys:
            raise BadRequest(f"Unknown kind. Search by one of: {', '.join(kind_keys)}.")
        output = request.GET.get("format", "html")
        if output not in ("html", "json"):
            raise BadRequest("Unknown format. Search answers ?format= html, json.")
        paginator = Paginator(search(query, kind_key), 20)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404("There is no such page of results.") from error
        if output == "json":
            return JsonResponse(
                {
                    "count": paginator.count,
                    "next": self.page_url(request, page.next_page_number()) if page.has_next() else None,
                    "previous": self.page_url(request, page.previous_page_number()) if page.has_previous() else None,
                    "query": query,
                    "results": [
                        {"kind": r.kind.key, "name": r.name, "slug": r.record.slug, "url": absolute(request, r.record), "snippet": str(r.snippet)}
                        for r in page.object_list
                    ],
                },
                json_dumps_params={"ensure_ascii": False},
            )
        return render(
            request,
            "search.html",
            {"query": query, "truncated": truncated, "page_obj": page, "kinds": kinds(), "kind": kind_key, "max_length": MAX_QUERY_LENGTH},
        )

    @staticmethod
    def page_url(request, number):
        query = request.GET.copy()
        query["page"] = number
        return absolute(request, f"{request.path}?{query.urlencode()}")
