"""Entity links in article bodies: find the names of known records in each paragraph, store them as
mentions, and store each paragraph's text with those mentions linked — once, when the article is saved,
and again for the paragraphs concerned when a named record is added, renamed or deleted.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import reduce
from operator import or_

import nh3
from django.db import connection, models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Length, Right, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape, format_html

from articles.models import Article, Paragraph

from .models import Body, City, Initiative, Mention, Network

# Where two records answer to the same name, the first kind here wins.
LINKED_MODELS = [("city", City), ("network", Network), ("initiative", Initiative), ("body", Body)]
MODELS = dict(LINKED_MODELS)
FIELDS = {model: field for field, model in LINKED_MODELS}
# What the links read of a record: its names, and its slug.
NamesAndSlug = tuple[frozenset[str], str]

# A name is found as a whole word, case as written ("LA" is not "la"): where no letter, digit, _ or - comes
# just before it, and no letter, digit or _ just after.
STARTS = re.compile(r"(?<![\w-])")
ENDS = re.compile(r"(?!\w)")
# How many characters at the end of a name the database compares with a few paragraphs, to read only the
# names that they may hold.
NAME_ENDING_LENGTH = 8

# A name directly followed by one of these words is the start of a longer proper name that names another
# entity — "Los Angeles County", "Tokyo Prefecture", "Chicago Council on Global Affairs", "New York State" —
# so it is not a mention of the record (unless that longer name is itself a known name, which wins as the
# longest). The rule is deliberately narrow: only these words, capitalised as written, and only after the
# name. Any other following word leaves the link in place — "Los Angeles Mayor Eric Garcetti", the "Atlanta
# Mayor's Office of International Affairs", the "Tokyo Metropolitan Government" are the city itself or its
# own offices — and so does a word before the name ("Port of Los Angeles" is the city's port). Other longer
# names (a newspaper, a team) are left to editors, who reject such a suggested link.
LONGER_NAME_WORDS = (
    "County", "Council", "District", "Governorate", "Metropolitan Area", "Metropolitan Region", "Oblast",
    "Prefecture", "Province", "Region", "State",
)
LONGER_NAME = re.compile(r"\s+(?:" + "|".join(map(re.escape, LONGER_NAME_WORDS)) + r")(?!\w)")


def inside_longer_name(text: str, end: int) -> bool:
    """Whether the name that ends at `end` of the text goes on into a longer proper name (LONGER_NAME_WORDS)."""
    return LONGER_NAME.match(text, end) is not None


def name_fields(model: type[models.Model]) -> list[str]:
    """The fields a record's names are read from, in the order names_in takes them."""
    return ["name", "aliases", *(["acronym"] if hasattr(model, "acronym") else [])]


def names_in(name: str, aliases: str, acronym: str = "") -> list[str]:
    """A record's names: its name, its aliases (one a line, as NamedRecord.alias_list reads them), its acronym."""
    return [each for each in [name, *(alias.strip() for alias in aliases.splitlines()), acronym] if each]


def names_of(record: models.Model) -> list[str]:
    return names_in(*(getattr(record, field) for field in name_fields(type(record))))


def names_and_slug(record: models.Model) -> NamesAndSlug:
    """What the links read of a record: its names, and its slug (where they point, and which of two records
    of one kind with the same name wins)."""
    return frozenset(names_of(record)), record.slug


def stored_names_and_slug(model: type[models.Model], pk: int | None) -> NamesAndSlug | None:
    """The names and slug of the record as the database holds it, or None when it holds no such record."""
    row = model.objects.filter(pk=pk).values_list("slug", *name_fields(model)).first() if pk is not None else None
    return (frozenset(names_in(*row[1:])), row[0]) if row else None


def places_to_end(text):
    return (match.start() for match in ENDS.finditer(text))


def endings_in(texts):
    """How the names the texts may hold end, NAME_ENDING_LENGTH characters of each: as a text does where a name may end."""
    return sorted({text[end - NAME_ENDING_LENGTH : end] for text in texts for end in places_to_end(text) if end >= NAME_ENDING_LENGTH})


def named_with(model, endings):
    """The records of the model that may have a name with one of these endings, and a few more: all those with
    a name shorter than an ending, aliases (which lie one a line in a single field) or an acronym."""
    condition = Q(ending__in=endings) | Q(length__lt=NAME_ENDING_LENGTH) | ~Q(aliases="")
    if hasattr(model, "acronym"):
        condition |= ~Q(acronym="")
    return model.objects.alias(ending=Right("name", NAME_ENDING_LENGTH), length=Length("name")).filter(condition)


class NameIndex:
    """Every known name → the record it links to: the first kind in LINKED_MODELS that has a record by that
    name, and of that kind the record first by slug.

    Read in one query per kind, and only the names and slugs: at scale, whole records take ten times longer.
    """

    def __init__(self, targets):
        self.targets = targets  # name → (field, id, slug, the record's own name)
        self.longest = max(map(len, targets), default=0)
        self.stand_ins = {}

    @classmethod
    def load(cls, texts=None):
        """Every name; or, given the texts the index is for, those that may stand in them (and a few more)."""
        endings = endings_in(texts) if texts is not None else None
        if endings is not None and len(endings) > (connection.features.max_query_params or 30_000) - 9:
            endings = None  # too many for one query (SQLite takes 999 parameters in some builds): every name
        targets = {}
        for field, model in LINKED_MODELS:
            records = model.objects.all() if endings is None else named_with(model, endings)
            claims = {}
            for pk, slug, *names in records.order_by().values_list("pk", "slug", *name_fields(model)):
                for name in names_in(*names):
                    # The first slug as Python orders strings: as SQLite does, and PostgreSQL in the C collation.
                    if name not in claims or slug < claims[name][1]:
                        claims[name] = (pk, slug, names[0])
            for name, claim in claims.items():
                targets.setdefault(name, (field, *claim))
        return cls(targets)

    def find(self, text):
        """(start, name) for each known name in the text, left to right, never overlapping: at each place a
        name may start, the longest that ends where a name may end ("Paris Agreement" beats "Paris") — unless
        it goes on into a longer proper name ("Los Angeles County"), which is then passed over whole: neither
        it nor a shorter name inside it is a mention."""
        ends = list(places_to_end(text))
        found, position = [], 0
        for start in (match.start() for match in STARTS.finditer(text)):
            if start < position:
                continue
            for end in reversed(ends[bisect_right(ends, start) : bisect_right(ends, start + self.longest)]):
                if (name := text[start:end]) in self.targets:
                    if not inside_longer_name(text, end):
                        found.append((start, name))
                    position = end
                    break
        return found

    def target(self, name):
        """(field, record) the name links to; the record holds what a link needs (id, slug, name), no more."""
        field, pk, slug, record_name = self.targets[name]
        if (field, pk) not in self.stand_ins:
            self.stand_ins[field, pk] = MODELS[field](pk=pk, slug=slug, name=record_name)
        return field, self.stand_ins[field, pk]


def linked_html(text, mentions):
    """The paragraph's text, escaped, with each accepted mention linked to its record's page: a link is public
    only once an editor has accepted it (the curated texts' links are accepted when they are seeded).

    The result is what article pages mark safe, so it passes nh3 as well: only <a href class> survives.
    """
    parts, position = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.status != Mention.Status.ACCEPTED:
            continue
        parts.append(escape(text[position : mention.start]))
        parts.append(format_html('<a href="{}" class="mention">{}</a>', mention.target.get_absolute_url(), mention.text))
        position = mention.start + len(mention.text)
    parts.append(escape(text[position:]))
    return nh3.clean("".join(parts), tags={"a"}, attributes={"a": {"href", "class"}}, link_rel=None)


def identity(mention):
    """All that a mention says: where, what, how decided, and to which record."""
    targets = (getattr(mention, f"{name}_id") for name in Mention.TARGETS)
    return (mention.paragraph_id, mention.start, mention.text, mention.status, *targets)


def relink(paragraphs: Iterable[Paragraph], status: str = Mention.Status.SUGGESTED) -> list[Mention]:
    """Recompute the mentions and linked HTML of these paragraphs, and write what changed.

    An editor's decision on a mention (accepted or rejected, or pointed at another record) survives when the
    same name is found again at the same place; new finds get `status`. A mention found again as it was stays
    as it was, id included. Returns the paragraphs' mentions.
    """
    paragraphs = list(paragraphs)
    if not paragraphs:
        return []
    with transaction.atomic():
        index = NameIndex.load([paragraph.text for paragraph in paragraphs])
        stored = Mention.objects.filter(paragraph__in=paragraphs).select_related(*Mention.TARGETS).order_by()
        stored = {(m.paragraph_id, m.start, m.text): m for m in stored}
        mentions, changed = [], []
        for paragraph in paragraphs:
            found = mentions_in(paragraph, index, stored, status)
            html = linked_html(paragraph.text, found)
            if html != paragraph.html:
                paragraph.html = html
                changed.append(paragraph)
            mentions += found
        kept = {mention.pk for mention in mentions}
        gone = [mention.pk for mention in stored.values() if mention.pk not in kept]
        if gone:
            Mention.objects.filter(pk__in=gone).delete()
        Mention.objects.bulk_create([mention for mention in mentions if mention.pk is None])
        Paragraph.objects.bulk_update(changed, ["html"])
    return mentions


def mentions_in(paragraph, index, stored, status):
    """The names found in the paragraph as mentions: the stored one where it says the same, else a new one."""
    found = []
    for start, text in index.find(paragraph.text):
        earlier = stored.get((paragraph.pk, start, text))
        if earlier and earlier.status != Mention.Status.SUGGESTED:
            decision = {"status": earlier.status, **{name: getattr(earlier, name) for name in Mention.TARGETS}}
        else:
            field, record = index.target(text)
            decision = {"status": status, field: record}
        mention = Mention(paragraph=paragraph, start=start, text=text, **decision)
        found.append(earlier if earlier and identity(earlier) == identity(mention) else mention)
    return found


def link_article(article: Article, status: str = Mention.Status.SUGGESTED) -> list[Mention]:
    """Recompute the mentions and linked HTML of every paragraph of the article."""
    return relink(article.paragraphs.all(), status=status)


def render_paragraphs(paragraph_ids: Iterable[int]) -> None:
    """Store the linked HTML again after editors changed mentions (status or target) of these paragraphs."""
    paragraphs = list(
        Paragraph.objects.filter(pk__in=paragraph_ids).prefetch_related(
            "mentions__city", "mentions__network", "mentions__body", "mentions__initiative"
        )
    )
    for paragraph in paragraphs:
        paragraph.html = linked_html(paragraph.text, paragraph.mentions.all())
    Paragraph.objects.bulk_update(paragraphs, ["html"])


def paragraphs_concerning(
    record: models.Model, before: NamesAndSlug | None, after: NamesAndSlug | None
) -> list[Paragraph]:
    """The paragraphs whose links may change when the record's names and slug go from `before` to `after` (None
    where the record is not, or not yet known): those whose text holds a name it gained or lost — or any of
    its names, if it moved to another slug or is new or gone — and those that mention it, if it moved or went.

    Any other paragraph finds the same names, pointing at the same records, as before. The database looks
    for the names as plain strings (case as written, on both databases); word boundaries are for `relink`.
    """
    if before == after:
        return []
    old_names, old_slug = before or (frozenset(), None)
    new_names, new_slug = after or (frozenset(), None)
    moved = old_slug != new_slug
    names = old_names | new_names if moved else old_names ^ new_names
    conditions = [Q(GreaterThan(StrIndex("text", Value(name)), 0)) for name in sorted(names)]
    if moved and before is not None:
        conditions.append(Q(pk__in=Mention.objects.filter(**{FIELDS[type(record)]: record}).values("paragraph")))
    if not conditions:
        return []
    return list(Paragraph.objects.filter(reduce(or_, conditions)).order_by("article_id", "number"))
