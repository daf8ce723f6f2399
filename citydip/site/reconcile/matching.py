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

    @classmethod
    def of(cls, query: Query) -> "Asked":
        text, countries = query.text, [country_key(country) for country in query.countries]
        head, comma, tail = text.rpartition(",")
        if comma and head.strip() and normal(tail) in country_keys():
            text, countries = head.strip(), [*countries, country_key(tail)]
        return cls(query, text, normal(text), frozenset(countries))

    def variants(self) -> set[str]:
        """The text as the database may hold it: as given, without its dots ("LA"), capitalised ("Saigon")."""
        undotted = PUNCTUATION_JOINS.sub("", self.text)
        return {self.text, undotted, self.text.title()}


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
    records = {kind: list(kind.records().filter(retrieval(kind, asked.values(), places))) for kind in kinds}
    return {key: {"result": ranked(one, records, places)} for key, one in asked.items()}


def geonames_places(asked: list[Asked]) -> dict[str, set[int]]:
    """The places of the gazetteer each text names, by the text's normal form (one query for the batch)."""
    variants = {variant: one.normal for one in asked for variant in one.variants()}
    places = defaultdict(set)
    for name, place_id in PlaceName.objects.filter(name__in=list(variants)).values_list("name", "place_id"):
        places[variants[name]].add(place_id)
    return places


def retrieval(kind: Kind, asked, places: dict[str, set[int]]) -> Q:
    """The records of this kind that any of the queries asking for it could mean."""
    condition = Q(pk__in=[])
    for one in asked:
        if kind not in one.query.kinds:
            continue
        for variant in one.variants():
            condition |= Q(name__icontains=variant) | Q(aliases__icontains=variant)
        condition |= Q(slug=slugify(one.text))
        first_word = one.text.split()[0]
        if len(normal(first_word)) >= 3:  # "Los Angelos" finds "Los Angeles"; "LA" would find too much
            condition |= Q(name__istartswith=first_word)
        if (identified := parse_identifier(one.text)) and identified[0] is kind:
            condition |= Q(slug=identified[1])
        if "acronym" in kind.fields:
            condition |= Q(acronym__iexact=one.text)
        if one.query.wikidata:
            condition |= Q(wikidata__in=one.query.wikidata)
        if kind.model is City and places.get(one.normal):
            condition |= Q(geonames_id__in=sorted(places[one.normal]))
    return condition


def ranked(asked: Asked, records: dict[Kind, list], places: dict[str, set[int]]) -> list[dict]:
    candidates = [
        candidate
        for kind in asked.query.kinds
        for record in records[kind]
        if (candidate := scored(asked, kind, record, places.get(asked.normal, set()))).score >= MIN_SCORE
    ]
    candidates.sort(key=lambda c: (-c.score, -c.certainty, c.kind.name, c.record.name, c.record.slug))
    surest = max((candidate.certainty for candidate in candidates), default=0)
    sure = [candidate for candidate in candidates if surest and candidate.certainty == surest]
    return [candidate.as_json(match=len(sure) == 1 and candidate is sure[0]) for candidate in candidates[: asked.query.limit]]


def scored(asked: Asked, kind: Kind, record: models.Model, places: set[int]) -> Candidate:
    names = [normal(record.name)]
    others = [normal(name) for name in [*record.alias_list(), getattr(record, "acronym", "")] if name]
    identified = parse_identifier(asked.text)
    features = {
        "name_exact": names[0] == asked.normal,
        "alias_exact": asked.normal in others,
        "name_similarity": round(max(similarity(asked.normal, name) for name in names + others), 3),
    }
    if identified is not None:
        features["identifier"] = identified == (kind, record.slug)
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
