"""The cities a text names that the base does not know yet, found in the GeoNames gazetteer
(initiatives.gazetteer): the rules are initiatives.record_suggestions'."""

import re
from collections import defaultdict
from dataclasses import dataclass

from . import gazetteer
from .linking import NameIndex, inside_longer_name
from .models import City, Place
from .suggestion_texts import (
    FUNCTION_WORDS,
    ReadParagraph,
    Suggestion,
    Token,
    is_capitalised,
    opens_sentence,
)

# English words that are also towns of the gazetteer: the text means the word unless it names the country.
COMMON_WORDS = frozenset({
    "bar", "bath", "best", "central", "deal", "east", "green", "hope", "human", "independence", "liberty", "man",
    "march", "mobile", "nice", "north", "of", "olympic", "opportunity", "police", "port", "progress", "reading",
    "republic", "south", "split", "union", "van", "victory", "west",
})
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
})
# Words after a city's name that keep it the city ("Nairobi Mayor …", "Bogotá City Hall").
STILL_THE_CITY = frozenset({"Mayor", "Mayor's", "Mayor’s", "Mayors", "City", "Metropolitan"})
# A town this large, named by its own name, needs no country named nearby.
LARGE_TOWN = 100_000
NAME_WORDS_MAX = 5
# What may stand between two words of one place name: a space, a hyphen, "St. ", an apostrophe.
NAME_GAP = re.compile(r"\.?[ \u00a0]|[-’'.]")
CITY_CUE_BEFORE = re.compile(r"\b(?:mayors?|city|town|capital|municipality|people) of\s+$", re.I)
CITY_CUE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:mayor|Mayor|city hall|City Hall)\b")
# A single word said to speak is a person ("Hamilton said"), whatever town shares the name.
SPEAKS_AFTER = re.compile(r"^,?\s+(?:said|says|told|tells|wrote|writes|argued|argues|added|adds|explained|noted)\b")
SPEAKS_BEFORE = re.compile(r"\b(?:said|says|according to)\s+$")


@dataclass
class Found:
    """A name of the gazetteer in a paragraph: its first and last words, and the places that answer to it."""

    paragraph: ReadParagraph
    first: int
    last: int
    name: str
    places: list[Place]

    @property
    def single_word(self) -> bool:
        return self.first == self.last


def candidate_phrases(paragraph: ReadParagraph) -> dict[tuple[int, int], str]:
    """(first, last word) → text, for each run of up to NAME_WORDS_MAX words that could be a place's name:
    capitalised at both ends, with particles between ("Rio de Janeiro")."""
    tokens, text, phrases = paragraph.tokens, paragraph.text, {}
    for first, token in enumerate(tokens):
        if not is_capitalised(token.word):
            continue
        for last in range(first, min(first + NAME_WORDS_MAX, len(tokens))):
            word = tokens[last].word
            if last > first and not NAME_GAP.fullmatch(text[tokens[last - 1].end : tokens[last].start]):
                break
            if not (is_capitalised(word) or word in gazetteer.PARTICLES):
                break
            if is_capitalised(word):
                phrases[first, last] = " ".join(text[token.start : tokens[last].end].split())
    return phrases


def find_places(paragraphs: list[ReadParagraph]) -> list[Found]:
    """Each paragraph's gazetteer names, left to right, the longest at each place, leaving out headings and the
    names the base knows (and whatever overlaps one: "Paris" in "Paris Agreement")."""
    phrases = {paragraph.number: candidate_phrases(paragraph) for paragraph in paragraphs}
    places = gazetteer.places_named(name for found in phrases.values() for name in found.values())
    found = []
    for paragraph in paragraphs:
        if paragraph.heading:
            continue
        longest = {}
        for (first, last), name in phrases[paragraph.number].items():
            if name in places:
                longest[first] = max(longest.get(first, first), last)
        position = 0
        for first in sorted(longest):
            if first < position:
                continue
            last = longest[first]
            position = last + 1
            start, end = paragraph.tokens[first].start, paragraph.tokens[last].end
            if not paragraph.is_known(start, end):
                name = phrases[paragraph.number][first, last]
                found.append(Found(paragraph, first, last, name, places[name]))
    return found


def is_common(word: str, lowercase: set[str]) -> bool:
    """Whether a word is an English word in this text: a common one, or one the text also writes in lowercase."""
    lower = word.lower()
    return lower in FUNCTION_WORDS or lower in COMMON_WORDS or lower in MONTHS or lower in lowercase


def joins_previous(text: str, previous: Token, token: Token) -> bool:
    """Whether the word before makes a longer capitalised name with this one ("President Obama", "Greater
    London"); a function word opening the sentence does not ("In Nairobi")."""
    if not is_capitalised(previous.word) or text[previous.end : token.start].strip():
        return False
    return not (opens_sentence(text, previous.start) and previous.word.lower() in FUNCTION_WORDS)


def joins_next(text: str, tokens: list[Token], last: int) -> bool:
    """Whether the name goes on into a longer capitalised one: "George Floyd", "Olympic Games", "Port of Los
    Angeles" (but "Nairobi Mayor …" and "Bogotá City Hall" are the city's own)."""
    if last + 1 >= len(tokens):
        return False
    token, following = tokens[last], tokens[last + 1]
    gap = text[token.end : following.start]
    if gap.strip(" -") == "" and is_capitalised(following.word) and following.word not in STILL_THE_CITY:
        return True
    after_of = last + 2 < len(tokens) and is_capitalised(tokens[last + 2].word)
    return following.word == "of" and gap == " " and after_of


def stands_as_name(found: Found, lowercase: set[str]) -> bool:
    """Whether the name stands in the text as a name of its own (see initiatives.record_suggestions)."""
    paragraph, tokens = found.paragraph, found.paragraph.tokens
    text, first = paragraph.text, tokens[found.first]
    if found.name in gazetteer.not_city_names():
        return False
    if found.single_word and is_common(found.name, lowercase) and opens_sentence(text, first.start):
        return False
    if found.first > 0 and joins_previous(text, tokens[found.first - 1], first):
        return False
    end = tokens[found.last].end
    if found.single_word and (SPEAKS_AFTER.search(text[end:]) or SPEAKS_BEFORE.search(text[: first.start])):
        return False
    return not joins_next(text, tokens, found.last) and not inside_longer_name(text, end)


def near_countries(paragraphs: list[ReadParagraph]) -> dict[int, set[str]]:
    """Paragraph number → the countries it or the paragraphs on either side name."""
    return {
        paragraph.number: set().union(*(other.countries for other in paragraphs[max(i - 1, 0) : i + 2]))
        for i, paragraph in enumerate(paragraphs)
    }


def is_supported(found: Found, place: Place, near: set[str], lowercase: set[str]) -> bool:
    """Whether the text makes the name this town: its country named nearby, a cue ("mayor of …"), or — by the
    town's own name, not a common word — a town of LARGE_TOWN people or more."""
    paragraph = found.paragraph
    start, end = paragraph.tokens[found.first].start, paragraph.tokens[found.last].end
    own_name = gazetteer.folded(found.name) == gazetteer.folded(place.name)
    if not own_name:  # an alternate name ("White House" is one of Casablanca's): its country in the paragraph
        return place.country_code in paragraph.countries and not paragraph.text[:start].endswith("the ")
    if place.country_code in near or CITY_CUE_BEFORE.search(paragraph.text[:start]):
        return True
    if CITY_CUE_AFTER.search(paragraph.text[end:]):
        return True
    return place.population >= LARGE_TOWN and not (found.single_word and is_common(found.name, lowercase))


def choose(found: Found, near: set[str], anywhere: set[str]) -> Place:
    """Of the towns a name may be, the one in a country named nearby, else anywhere in the text; of those, one
    the name is the own name of ("Reading", Pennsylvania, before Redding, California, which GeoNames also calls
    Reading); then the largest."""
    own = gazetteer.folded(found.name)
    return max(found.places, key=lambda place: (
        place.country_code in near, place.country_code in anywhere, gazetteer.folded(place.name) == own,
        place.population,
    ))


def known_cities(places: list[Place], names: dict[int, list[str]]) -> set[int]:
    """The places the base already has as a city: by GeoNames id, or by one of the place's names (accents
    aside) that a city of the same country has as its name or an alias ("Marrakech" is GeoNames' Marrakesh)."""
    countries = {place.country for place in places}
    rows = list(City.objects.filter(country__in=countries).values_list("geonames_id", "name", "aliases", "country"))
    ids = {geonames_id for geonames_id, *_ in rows if geonames_id}
    city_names = {
        (gazetteer.folded(name), country)
        for _, own, aliases, country in rows
        for name in [own, *aliases.splitlines()]
        if name.strip()
    }
    known = set()
    for place in places:
        place_names = [place.name, *names.get(place.pk, [])]
        if place.pk in ids or any((gazetteer.folded(name), place.country) in city_names for name in place_names):
            known.add(place.pk)
    return known


def city_aliases(place: Place, written: set[str], names: list[str], taken: set[str]) -> tuple[str, ...]:
    """What joins a new city's aliases, where certain: its name without accents ("Bogota" for Bogotá, where
    GeoNames has it) and the ways the text wrote it — each only where no other place answers to it and no record
    of the base has it (`taken`). GeoNames' other alternate names (exonyms in thirty languages, nicknames) are
    left out: aliases link names in every article, and a wrong one links a wrong city."""
    unaccented = [name for name in names if name == gazetteer.folded(place.name)]
    aliases = [name for name in [*unaccented, *sorted(written)] if name != place.name and name not in taken]
    return tuple(dict.fromkeys(aliases))


def suggest_cities(paragraphs: list[ReadParagraph], index: NameIndex, lowercase: set[str]) -> list[Suggestion]:
    """The towns of the gazetteer the paragraphs name, as names, with support, that the base does not have."""
    near = near_countries(paragraphs)
    anywhere = set().union(*(paragraph.countries for paragraph in paragraphs))
    places, mentions, supported = {}, defaultdict(list), set()
    for found in find_places(paragraphs):
        if not stands_as_name(found, lowercase):
            continue
        place = choose(found, near[found.paragraph.number], anywhere)
        places.setdefault(place.pk, place)
        mentions[place.pk].append(found)
        if is_supported(found, place, near[found.paragraph.number], lowercase):
            supported.add(place.pk)
    chosen = [place for pk, place in places.items() if pk in supported]
    names = gazetteer.alternate_names(place.pk for place in chosen)
    known = known_cities(chosen, names)
    new = [place for place in chosen if place.pk not in known]
    # An alias must name one place only: those that name others are taken too.
    written = {place.pk: {found.name for found in mentions[place.pk]} for place in new}
    others = gazetteer.places_named(name for place in new for name in [*names.get(place.pk, []), *written[place.pk]])
    suggestions = []
    for place in new:
        taken = set(index.targets) | {name for name, named in others.items() if any(p.pk != place.pk for p in named)}
        suggestions.append(Suggestion(
            "city", place.name, tuple(sorted({found.paragraph.number for found in mentions[place.pk]})),
            country=place.country, region=place.region, geonames_id=place.pk, population=place.population,
            latitude=place.latitude, longitude=place.longitude,
            aliases=city_aliases(place, written[place.pk], names.get(place.pk, []), taken),
        ))
    return suggestions
