"""What an article names that the base does not know yet: cities, from the GeoNames gazetteer
(initiatives.gazetteer, initiatives.city_suggestions), and networks and multilateral bodies, from how their
names are written (initiatives.organisation_suggestions) — and one call that makes the record.

A suggestion costs an editor a look, a wrong record costs more, so a name is suggested only where it stands as
a name:
- "Nice" in "a nice idea" is lowercase; a capitalised common word that opens a sentence is no town; a word the
  text also writes in lowercase ("Reading", "Split"), a town's alternate name ("White House" is one of
  Casablanca's) or a town under LARGE_TOWN people is a town only where the text names its country nearby or
  says "mayor of …";
- a word that goes on into a longer capitalised name ("George Floyd", "Olympic Games", "Green New Deal",
  "Los Angeles County") is part of that name; names of countries, U.S. states and continents ("Armenia",
  "Washington") mean those;
- where a name is several towns, the one in a country named nearby wins, then one named anywhere, then the
  most populous;
- an acronym is suggested where the text expands it or calls it an organisation in the same sentence, never a
  roman numeral, an abbreviation such as GDP or COVID, or a line in capitals;
- names the base knows — of any record, by name, alias or acronym (initiatives.linking), a city also by its
  GeoNames id or by a GeoNames name of it — are never suggested.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from articles.models import Article
from citydip.core.models import unique_slug

from .city_suggestions import suggest_cities
from .linking import NameIndex
from .models import Body, City, Network
from .organisation_suggestions import suggest_organisations
from .suggestion_texts import KINDS, Suggestion, numbered, read_paragraphs

__all__ = ["Suggestion", "create_record", "suggest_for_article", "suggest_records"]

NamedRecord = City | Network | Body


def suggest_records(text: str | Iterable[tuple[int, str]]) -> list[Suggestion]:
    """The cities, networks and bodies a text names that the base does not know: cities first, then networks,
    then bodies, each in the order the text first names them.

    `text` is a whole text (its blank-line-separated blocks are its paragraphs, numbered from 1) or (number,
    text) pairs, as an article's paragraphs. Reads the base's names and the gazetteer in a few queries.
    """
    paragraphs = numbered(text)
    index = NameIndex.load([paragraph for _, paragraph in paragraphs])
    read = read_paragraphs(paragraphs, index)
    lowercase = {token.word for paragraph in read for token in paragraph.tokens if token.word.islower()}
    suggestions = [*suggest_cities(read, index, lowercase), *suggest_organisations(read, index)]
    return sorted(suggestions, key=lambda s: (KINDS.index(s.kind), s.paragraphs[:1]))


def suggest_for_article(article: Article) -> list[Suggestion]:
    """What the article's paragraphs name that the base does not know yet."""
    return suggest_records(article.paragraphs.order_by("number").values_list("number", "text"))


def coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 4)))  # as City stores them: four decimals


def create_record(suggestion: Suggestion) -> NamedRecord:
    """Make the record a suggestion describes. Saved one by one, so that the linker links its names in every
    article at once (initiatives.receivers), and history and caches hear of it."""
    names = {"name": suggestion.name, "aliases": "\n".join(suggestion.aliases)}
    with transaction.atomic():
        if suggestion.kind == "city":
            return City.objects.create(
                **names, slug=unique_slug(City, suggestion.name), country=suggestion.country,
                region=suggestion.region, latitude=coordinate(suggestion.latitude),
                longitude=coordinate(suggestion.longitude), geonames_id=suggestion.geonames_id,
            )
        acronym = suggestion.acronym if suggestion.acronym != suggestion.name else ""
        if suggestion.kind == "network":
            return Network.objects.create(**names, slug=unique_slug(Network, suggestion.name), acronym=acronym)
        return Body.objects.create(
            **names, slug=unique_slug(Body, suggestion.name), acronym=acronym,
            kind=suggestion.body_kind or Body.Kind.FORUM,
        )
