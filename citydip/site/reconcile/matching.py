"""Candidates for a batch of reconciliation queries, scored from 0 to 100.

The whole batch costs a fixed number of database queries, whatever its size: one for the GeoNames names the
batch's texts may be (when it asks for cities), then one per kind of record it asks for, each selecting the
records any of its queries could mean — by name or alias containing the text, by the first word, by slug
(which folds accents and case: "Sao Paulo" finds "São Paulo"), by acronym, by identifier, by Wikidata id.
Scoring is then done here, for each query on its own:

- 100: the text is the record's name (case, accents and punctuation aside), its identifier, or — with the
  `wikidata` property — its Wikidata id;
- 90: one of its aliases or its acronym ("LA", "C40"); 85: a GeoNames alternate name of the city ("Saigon");
- else 80 × how alike the text and the closest of its names are;
- less 40 when a `country` or `wikidata` property contradicts the record.

A candidate is a `match` only when it alone is sure: it scores 100, and no other does as surely — a Wikidata id
or an identifier is surer than a name. "Los Angeles" is no match while two cities bear the name, and is one
with the country (or the Wikidata id) that tells them apart.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from initiatives.gazetteer import country_codes_by_name, folded
from initiatives.models import City, PlaceName

from .kinds import KINDS, Kind, parse_identifier
from .queries import Query

MIN_SCORE = 40  # below this a record is too unlike the text to be worth a look
CONTRADICTED = 40
PUNCTUATION_JOINS = re.compile(r"[.'’]")  # "L.A." is "LA", "Mayor's" is "Mayors"
WORDS = re.compile(r"\w+")


def normal(text: str) -> str:
    """A name as compared here: folded case, no accents, no punctuation ("L.A." → "la", "São Paulo" → "sao paulo")."""
    return " ".join(WORDS.findall(PUNCTUATION_JOINS.sub("", folded(text).casefold())))


def country_key(name: str) -> str:
    """A country's ISO code whatever the name a text gives it ("USA", "United States", "us"), else its name."""
    key = normal(name)
    return country_keys().get(key, key)


@cache
def country_keys() -> dict[str, str]:
    """Every name and ISO code of a country, in normal form → the ISO code."""
    codes = country_codes_by_name()
    return {code.casefold(): code for code in codes.values()} | {normal(name): code for name, code in codes.items()}


@dataclass(frozen=True)
class Asked:
    """A query as matched: its text without a trailing country ("Paris, France"), which joins its countries."""

    query: Query
    text: str
    normal: str
    countries: frozenset[str]
    first_word: str  # in normal form
    slug: str
    identified: tuple[Kind, str] | None  # the record the text names by identifier or address

    @classmethod
    def of(cls, query: Query) -> "Asked":
        text, countries = query.text, [country_key(country) for country in query.countries]
        head, comma, tail = text.rpartition(",")
        if comma and head.strip() and normal(tail) in country_keys():
            text, countries = head.strip(), [*countries, country_key(tail)]
        first_word = normal(text.split()[0])
        return cls(query, text, normal(text), frozenset(countries), first_word, slugify(text), parse_identifier(text))

    def variants(self) -> set[str]:
        """The text as a name may contain it, whatever the case: as given, and without its dots ("LA")."""
        return {self.text, PUNCTUATION_JOINS.sub("", self.text)}


@dataclass
class Candidate:
    kind: Kind
    record: models.Model
    score: int
    certainty: int  # 2: by identifier or Wikidata id, 1: by name, 0: neither, or something speaks against it
    features: dict[str, bool | float] = field(default_factory=dict)

    def as_json(self, match: bool) -> dict:
        return {
            "id": self.kind.identifier(self.record),
            "name": self.record.name,
            "description": self.kind.describe(self.record),
            "type": [self.kind.as_type()],
            "score": self.score,
            "match": match,
            "features": [{"id": name, "value": value} for name, value in self.features.items()],
        }


def reconcile(queries: dict[str, Query]) -> dict[str, dict]:
    """The result batch: for each query's key, its candidates, best first."""
    asked = {key: Asked.of(query) for key, query in queries.items()}
    places = geonames_places([one for one in asked.values() if KINDS["city"] in one.query.kinds])
    kinds = [kind for kind in KINDS.values() if any(kind in one.query.kinds for one in asked.values())]
    records = {
        kind: [Named.of(kind, record) for record in kind.records().filter(retrieval(kind, asked.values(), places))]
        for kind in kinds
    }
    results = {}  # by query: a batch often asks the same name twice, and gets the same answer
    for one in asked.values():
        if one not in results:
            results[one] = ranked(one, records, places.get(one.normal, set()))
    return {key: {"result": results[one]} for key, one in asked.items()}


@dataclass(frozen=True)
class Named:
    """A record with its names in normal form, made once for the whole batch."""

    kind: Kind
    record: models.Model
    name: str
    others: tuple[str, ...]  # aliases and acronym

    @classmethod
    def of(cls, kind: Kind, record: models.Model) -> "Named":
        others = [normal(name) for name in [*record.alias_list(), getattr(record, "acronym", "")] if name]
        return cls(kind, record, normal(record.name), tuple(other for other in others if other))

    def could_mean(self, asked: Asked, places: set[int]) -> bool:
        """What the database found for any query of the batch, kept for this one: the same tests, on normal forms."""
        record, text = self.record, asked.normal
        return bool(
            (text and any(text in name for name in (self.name, *self.others)))
            or (len(asked.first_word) >= 3 and self.name.startswith(asked.first_word))
            or record.slug == asked.slug
            or asked.identified == (self.kind, record.slug)
            or record.wikidata and record.wikidata in asked.query.wikidata
            or getattr(record, "geonames_id", None) in places
        )


def geonames_places(asked: list[Asked]) -> dict[str, set[int]]:
    """The places of the gazetteer each text names, by the text's normal form (one query for the batch)."""
    # As given, and capitalised ("saigon" → "Saigon"): the gazetteer's names are compared as they are written.
    variants = {variant: one.normal for one in asked for text in one.variants() for variant in (text, text.title())}
    places = defaultdict(set)
    for name, place_id in PlaceName.objects.filter(name__in=list(variants)).values_list("name", "place_id"):
        places[variants[name]].add(place_id)
    return places


def retrieval(kind: Kind, asked, places: dict[str, set[int]]) -> Q:
    """The records of this kind that any of the queries asking for it could mean: each distinct test once."""
    asked = [one for one in asked if kind in one.query.kinds]
    contained = {variant.casefold(): variant for one in asked for variant in one.variants()}.values()
    # "Los Angelos" finds "Los Angeles" by its first word; "LA" would find too much.
    starts = {one.text.split()[0] for one in asked if len(one.first_word) >= 3}
    slugs = {one.slug for one in asked} | {one.identified[1] for one in asked if one.identified and one.identified[0] is kind}
    condition = Q(slug__in=sorted(slugs)) | Q(wikidata__in=sorted({qid for one in asked for qid in one.query.wikidata}))
    for text in sorted(contained):
        condition |= Q(name__icontains=text) | Q(aliases__icontains=text)
    for word in sorted(starts):
        condition |= Q(name__istartswith=word)
    if "acronym" in kind.fields:
        condition |= Q(acronym__in=sorted({one.text for one in asked} | {one.text.upper() for one in asked}))
    if kind.model is City:
        condition |= Q(geonames_id__in=sorted({place for one in asked for place in places.get(one.normal, ())}))
    return condition


def ranked(asked: Asked, records: dict[Kind, list[Named]], places: set[int]) -> list[dict]:
    candidates = [
        candidate
        for kind in asked.query.kinds
        for named in records[kind]
        if named.could_mean(asked, places) and (candidate := scored(asked, named, places)).score >= MIN_SCORE
    ]
    candidates.sort(key=lambda c: (-c.score, -c.certainty, c.kind.name, c.record.name, c.record.slug))
    surest = max((candidate.certainty for candidate in candidates), default=0)
    sure = [candidate for candidate in candidates if surest and candidate.certainty == surest]
    return [candidate.as_json(match=len(sure) == 1 and candidate is sure[0]) for candidate in candidates[: asked.query.limit]]


def scored(asked: Asked, named: Named, places: set[int]) -> Candidate:
    kind, record = named.kind, named.record
    features = {
        "name_exact": named.name == asked.normal,
        "alias_exact": asked.normal in named.others,
        "name_similarity": round(max(similarity(asked.normal, name) for name in (named.name, *named.others)), 3),
    }
    if asked.identified is not None:
        features["identifier"] = asked.identified == (kind, record.slug)
    if kind.model is City and places:
        features["geonames_name"] = record.geonames_id in places
    certainty = 2 if features.get("identifier") else 1 if features["name_exact"] else 0
    if certainty:
        score = 100
    elif features["alias_exact"]:
        score = 90
    elif features.get("geonames_name"):
        score = 85
    else:
        score = round(80 * features["name_similarity"])
    if asked.query.wikidata and record.wikidata:
        features["wikidata_match"] = record.wikidata in asked.query.wikidata
        score, certainty = (100, 2) if features["wikidata_match"] else (score - CONTRADICTED, 0)
    if asked.countries and kind.model is City:
        features["country_match"] = country_key(record.country) in asked.countries
        if not features["country_match"]:
            score, certainty = score - CONTRADICTED, 0
    return Candidate(kind, record, max(score, 0), certainty, features)


def similarity(text: str, name: str) -> float:
    """How alike two normal names are, from 0 to 1: their likeness as strings, or more when the words of one
    are all in the other ("strong cities" in "strong cities network")."""
    ratio = SequenceMatcher(None, text, name).ratio()
    words, name_words = text.split(), name.split()
    shorter, longer = sorted([set(words), set(name_words)], key=len)
    if shorter and shorter <= longer:
        ratio = max(ratio, 0.5 + 0.5 * len(shorter) / len(longer))
    return ratio
