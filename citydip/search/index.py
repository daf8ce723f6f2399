"""What the site search indexes for each kind of public record, and keeping it current.

Each record kind says how to read its name (weighted most), summary and body (weighted least). Entries
exist only for public records: a draft article, or an author with no published article, has none.
"""

from dataclasses import dataclass

from django.db import transaction

from articles.models import Article, Author, Topic
from citydip.search.models import SearchEntry
from initiatives.models import Body, City, Initiative, Network


def join(*parts):
    return "\n".join(dict.fromkeys(part for part in parts if part))


@dataclass(frozen=True)
class IndexedKind:
    key: str
    label: str
    model: type
    public: object  # a function returning the queryset of public records
    read: object  # record → (other names, summary, body); the name is the record's own


KINDS = [
    IndexedKind(
        "article", "Article", Article,
        lambda: Article.objects.published().with_bylines().prefetch_related("paragraphs"),
        lambda a: (
            a.subtitle,
            join(a.summary, ", ".join(author.name for author in a.byline()), a.publication),
            join(*(p.text for p in a.paragraphs.all())),
        ),
    ),
    IndexedKind(
        "initiative", "Initiative", Initiative, Initiative.objects.public,
        lambda i: (join(*i.alias_list()), i.summary, i.get_kind_display()),
    ),
    IndexedKind(
        "city", "City", City, City.objects.all,
        lambda c: (join(*c.alias_list()), join(c.country, c.get_region_display()), ""),
    ),
    IndexedKind(
        "network", "Network", Network, Network.objects.all,
        lambda n: (join(n.acronym, *n.alias_list()), join(n.description, n.focus), ""),
    ),
    IndexedKind(
        "body", "Multilateral body", Body, Body.objects.all,
        lambda b: (join(b.acronym, *b.alias_list()), b.description, b.get_kind_display()),
    ),
    IndexedKind(
        "author", "Author", Author,
        Author.objects.public,
        lambda a: ("", join(a.role, a.bio), ""),
    ),
    IndexedKind("topic", "Topic", Topic, Topic.objects.all, lambda t: ("", t.description, "")),
]
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def entry_for(kind, record):
    aliases, summary, body = kind.read(record)
    return SearchEntry(
        kind=kind.key, object_id=record.pk, name=str(record)[:300], aliases=aliases, summary=summary, body=body,
        url=record.get_absolute_url(),
    )


ENTRY_FIELDS = ("name", "aliases", "summary", "body", "url")


@transaction.atomic
def reindex(records):
    """Bring the entries of these records (of one model) in line with what is public now; an entry that would
    say the same is left as it is (a save that changes nothing searched changes no search page)."""
    records = list(records)
    if not records:
        return
    kind = KIND_BY_MODEL[type(records[0])]
    ids = [record.pk for record in records]
    stored = {entry.object_id: entry for entry in SearchEntry.objects.filter(kind=kind.key, object_id__in=ids)}
    wanted = [entry_for(kind, record) for record in kind.public().filter(pk__in=ids)]
    unchanged = {entry.object_id for entry in wanted if saying(stored.get(entry.object_id)) == saying(entry)}
    if outdated := [entry.pk for object_id, entry in stored.items() if object_id not in unchanged]:
        SearchEntry.objects.filter(pk__in=outdated).delete()
    SearchEntry.objects.bulk_create(entry for entry in wanted if entry.object_id not in unchanged)


def saying(entry: SearchEntry | None) -> tuple | None:
    return entry and tuple(getattr(entry, name) for name in ENTRY_FIELDS)


@transaction.atomic
def rebuild():
    """Every entry afresh — after bulk loads that send no signals."""
    SearchEntry.objects.all().delete()
    for kind in KINDS:
        for start in range(0, kind.model.objects.count() + 1, 2000):
            chunk = list(kind.public().order_by("pk")[start : start + 2000])
            SearchEntry.objects.bulk_create(entry_for(kind, record) for record in chunk)
