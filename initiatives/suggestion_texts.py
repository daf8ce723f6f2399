"""How the suggestions of new records read a text (initiatives.record_suggestions): its paragraphs, their words,
the names the base already knows in them, the countries they name; and what a suggestion is."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from . import gazetteer
from .linking import NameIndex

Kind = Literal["city", "network", "body"]
KINDS: tuple[Kind, ...] = ("city", "network", "body")

# Words that open sentences; capitalised there, they say nothing of a name.
FUNCTION_WORDS = frozenset({
    "a", "about", "after", "again", "against", "all", "also", "although", "among", "an", "and", "another", "any",
    "are", "as", "at", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "during", "each", "either", "even", "every", "few", "for", "from", "had", "has", "have", "he", "her",
    "here", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "last", "later", "like",
    "many", "may", "meanwhile", "more", "most", "much", "must", "my", "neither", "never", "next", "no", "nor",
    "not", "now", "of", "on", "once", "one", "only", "or", "other", "our", "over", "since", "so", "some", "still",
    "such", "than", "that", "the", "their", "then", "there", "these", "they", "this", "those", "though",
    "through", "thus", "to", "today", "too", "under", "unlike", "until", "up", "upon", "us", "we", "were", "what",
    "when", "where", "whether", "which", "while", "who", "why", "will", "with", "within", "without", "would",
    "yet", "you",
})
WORD = re.compile(r"\w+(?:['’]\w+)*")
POSSESSIVE = re.compile(r"['’]s$")
SENTENCE_END = ".!?:;…"
OPENING_MARKS = " \t\"“‘'(*[_–—-"


@dataclass(frozen=True)
class Suggestion:
    """A record an article names that the base does not know: what creating it takes, and where it is named."""

    kind: Kind
    name: str
    paragraphs: tuple[int, ...]
    country: str = ""
    region: str = ""
    geonames_id: int | None = None
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    aliases: tuple[str, ...] = ()
    acronym: str = ""
    body_kind: str = ""  # a guess of Body.Kind, for a body

    def __str__(self) -> str:
        """One line, as the import command prints it: "new city: Montevideo (Uruguay)", "new network: ICLEI"."""
        if self.kind == "city":
            return f"new city: {self.name} ({self.country})"
        acronym = f" ({self.acronym})" if self.acronym and self.acronym != self.name else ""
        return f"new {self.kind}: {self.name}{acronym}"

    @property
    def key(self) -> str:
        """What tells this suggestion from the article's others (the admin's Create button sends it)."""
        return f"city:{self.geonames_id}" if self.kind == "city" else f"{self.kind}:{self.name}"


@dataclass
class Token:
    start: int
    end: int
    word: str


@dataclass
class ReadParagraph:
    """A paragraph as the suggestions read it: its words, the places its text gives known names, its countries."""

    number: int
    text: str
    tokens: list[Token]
    known: list[tuple[int, int]]  # (start, end) of each name the base knows
    countries: set[str] = field(default_factory=set)
    heading: bool = False

    def is_known(self, start: int, end: int) -> bool:
        return any(start < known_end and known_start < end for known_start, known_end in self.known)


def tokens_of(text: str) -> list[Token]:
    """The words of a text, a possessive 's left out ("Montevideo's" is "Montevideo")."""
    tokens = []
    for match in WORD.finditer(text):
        word = POSSESSIVE.sub("", match.group())
        tokens.append(Token(match.start(), match.start() + len(word), word))
    return tokens


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def is_heading(text: str, tokens: list[Token]) -> bool:
    """A title in title case, where every word is capitalised whatever it is ("Can Cities Fix a Post-Pandemic
    World Order?"); a sentence full of names ends with a full stop."""
    long_words = [token.word for token in tokens if len(token.word) > 3]
    title_case = len(long_words) >= 2 and sum(map(is_capitalised, long_words)) >= 0.75 * len(long_words)
    return title_case and not text.rstrip("”\"' ").endswith(".")


def opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(OPENING_MARKS)
    return not before or before[-1] in SENTENCE_END


def numbered(text: str | Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(number, text) of each paragraph: given so, or a text's blank-line-separated blocks numbered from 1."""
    if isinstance(text, str):
        blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
        return list(enumerate((block for block in blocks if block), start=1))
    return [(number, paragraph) for number, paragraph in text]


@cache
def country_pattern() -> re.Pattern:
    """Any name of a country (gazetteer.country_codes_by_name) as a whole word, the longest first."""
    names = sorted(gazetteer.country_codes_by_name(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def read_paragraphs(paragraphs: list[tuple[int, str]], index: NameIndex) -> list[ReadParagraph]:
    """Each paragraph with its words, the known names in it and the countries it names."""
    country_names, countries = gazetteer.country_codes_by_name(), country_pattern()
    read = []
    for number, text in paragraphs:
        known = [(start, start + len(name)) for start, name in index.find(text)]
        tokens = tokens_of(text)
        named = {country_names[match.group()] for match in countries.finditer(text)}
        read.append(ReadParagraph(number, text, tokens, known, named, is_heading(text, tokens)))
    return read
