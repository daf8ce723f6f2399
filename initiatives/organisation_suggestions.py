"""The networks and multilateral bodies a text names that the base does not know yet: capitalised names built
on a word such as Network, Alliance, Council or Forum ("Global Covenant of Mayors for Climate & Energy"), names
like "Eurocities", and acronyms in capitals that the text expands or calls an organisation ("ICLEI, a network of
…"). The rules are initiatives.record_suggestions'."""

import re

from .linking import NameIndex
from .models import Body
from .suggestion_texts import FUNCTION_WORDS, ReadParagraph, Suggestion, Token, is_capitalised

NETWORK_WORDS = frozenset({"Network", "Alliance", "Covenant", "Partnership", "Initiative"})
BODY_WORDS = frozenset({"Council", "Forum", "Compact"})
# A name with one of these words is of a network of cities ("Cities Alliance", "Mayors Migration Council").
CITY_WORDS = frozenset({"Cities", "Mayors", "Municipalities", "Towns", "Governments", "Metropolises"})
ANCHORS = NETWORK_WORDS | BODY_WORDS | {"Cities", "Mayors"}
# Lowercase words that stand inside such names ("Global Parliament of Mayors", "City Hub and Network for …").
INNER_WORDS = frozenset({"of", "for", "on", "and", "&", "de", "des", "du", "la"})
# A body's name that opens so is a nation's or a city's own institution ("National Security Council").
DOMESTIC = frozenset({
    "National", "Federal", "State", "City", "County", "Municipal", "Provincial", "Presidential", "Security",
})
# Capitals that name no organisation: abbreviations of the texts' subjects, units, codes.
NOT_ORGANISATIONS = frozenset({
    "AD", "AI", "AM", "BC", "BCE", "BIPOC", "CE", "CEO", "CEOS", "CFO", "CO", "COVID", "CTO", "DC", "EST", "ET",
    "FAQ", "GDP", "GHG", "GMT", "HIV", "HQ", "ICU", "ID", "IT", "JFK", "KPI", "KPIS", "LAX", "LGBT", "LGBTQ",
    "MBA", "MERS", "NGO", "NGOS", "NYC", "OK", "PDF", "PHD", "PM", "PPE", "PR", "RSVP", "SARS", "TV", "UK", "US",
    "USA", "UTC",
})
ROMAN_NUMERAL = re.compile(r"[IVXLCDM]+")
# Letters only, not inside "COVID-19", "N95" or "U.S.".
ACRONYM = re.compile(r"(?<![\w.\-])[A-Z]{2,10}(?![\w\-]|\.\w)")
ORGANISATION_CUES = re.compile(
    r"\b(?:networks?|alliances?|associations?|organi[sz]ations?|members?|membership|join(?:s|ed|ing)?|coalitions?"
    r"|federations?|leagues?|forums?|councils?|partnerships?|agenc(?:y|ies)|bod(?:y|ies)|secretariat)\b",
    re.I,
)
NETWORK_CUES = re.compile(r"\b(?:networks?|alliances?|coalitions?|members?|membership|join(?:s|ed|ing)?)\b", re.I)
SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+|$)")
EXPANDED_BEFORE = re.compile(r"((?:[A-Z][\w’'&.\-]*)(?:\s+(?:[A-Z][\w’'&.\-]*|of|for|on|and|&|the))*)\s*\($")
EXPANDED_AFTER = re.compile(r"^\s*\(([A-Z][\w’'&.\-]*(?:\s+(?:[A-Z][\w’'&.\-]*|of|for|on|and|&|the)){1,9})\)")
BODY_KINDS = [  # the first that the name matches: a guess that the editor checks
    (re.compile(r"^(?:UN|U\.N\.|United Nations)|UN\b"), Body.Kind.UN_SYSTEM),
    (re.compile(r"\b(?:Compact|Agreement|Convention|Accord|Treaty|Protocol)\b"), Body.Kind.AGREEMENT),
    (re.compile(r"\bBank\b"), Body.Kind.DEVELOPMENT_BANK),
    (re.compile(r"\bFund\b"), Body.Kind.FUND),
    (re.compile(r"\b(?:Conference|Summit)\b"), Body.Kind.CONFERENCE),
    (re.compile(r"\b(?:Union|Association|Organi[sz]ation of)\b"), Body.Kind.REGIONAL),
]


def kind_of(name: str) -> str:
    """"network" where the name's words make it one (a network of cities, or a Network, Alliance …), else "body"."""
    words = set(name.split())
    return "network" if words & (NETWORK_WORDS | CITY_WORDS) or name.lower().endswith("cities") else "body"


def body_kind(name: str) -> str:
    return next((kind for pattern, kind in BODY_KINDS if pattern.search(name)), Body.Kind.FORUM)


def is_shouting(paragraph: ReadParagraph) -> bool:
    """A line in capitals ("BUILDING BRIDGES AND …"), whose words are no acronyms."""
    words = [token.word for token in paragraph.tokens if len(token.word) > 1 and token.word.isalpha()]
    return bool(words) and sum(word.isupper() for word in words) >= 0.5 * len(words)


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether two words stand together in one name: a space or " & " between, or "U.S. " after a single capital."""
    gap = text[left.end : right.start]
    return gap in (" ", " & ") or (gap in (".", ". ") and len(left.word) == 1)


def name_around(paragraph: ReadParagraph, anchor: int) -> tuple[int, int]:
    """(first, last word) of the capitalised name around an anchor word, through inner lowercase words that
    stand between capitalised ones ("Global Covenant of Mayors for Climate & Energy")."""
    tokens, text = paragraph.tokens, paragraph.text
    first = anchor
    while first > 0 and joined(text, tokens[first - 1], tokens[first]):
        word = tokens[first - 1].word
        if is_capitalised(word) or word.isupper():
            first -= 1
        elif (
            word in INNER_WORDS - {"and"} and first > 1 and is_capitalised(tokens[first - 2].word)
            and joined(text, tokens[first - 2], tokens[first - 1])
        ):
            first -= 2
        else:
            break
    last = anchor
    while last + 1 < len(tokens) and joined(text, tokens[last], tokens[last + 1]):
        word = tokens[last + 1].word
        if is_capitalised(word):
            last += 1
        elif (
            word in INNER_WORDS and last + 2 < len(tokens) and is_capitalised(tokens[last + 2].word)
            and joined(text, tokens[last + 1], tokens[last + 2])
            # "the Cities Alliance and United Cities …" are two: "and" goes on after no word that ends a name
            and not (word == "and" and tokens[last].word in NETWORK_WORDS | BODY_WORDS)
        ):
            last += 2
        else:
            break
    while first < anchor and (tokens[first].word.lower() in FUNCTION_WORDS):
        first += 1  # "The Strong City Network": the article is no part of the name
    return first, last


def is_generic(text: str, start: int) -> bool:
    """"a Mayoral Forum", "another Alliance": a description, not a name."""
    return re.search(r"\b(?:a|an|another|any|every|each)\s+$", text[:start]) is not None


def names_in(paragraph: ReadParagraph, city_names: set[str]) -> list[tuple[int, str, str, str]]:
    """(start, name, acronym, kind) of the names of networks and bodies in the paragraph that the base does not
    know, by the words they are built on."""
    found, position, tokens, text = [], 0, paragraph.tokens, paragraph.text
    for anchor, token in enumerate(tokens):
        one_word = token.word.endswith("cities") and token.word[:1].isupper()  # "Eurocities"
        if anchor < position or not (token.word in ANCHORS or one_word):
            continue
        first, last = (anchor, anchor) if one_word else name_around(paragraph, anchor)
        position = last + 1
        start, end = tokens[first].start, tokens[last].end
        name = " ".join(text[start:end].split())
        words = name.split()
        if paragraph.is_known(start, end) or is_generic(text, start) or (len(words) < 2 and not one_word):
            continue
        # A nation's or a city's own council or forum is no multilateral body ("Chicago Council on …").
        city_owned = any(name.startswith(f"{city} ") for city in city_names)
        if kind_of(name) == "body" and (words[0] in DOMESTIC or city_owned):
            continue
        found.append((start, name, "", kind_of(name)))
    return found


def is_new_acronym(acronym: str, index: NameIndex) -> bool:
    """Not a roman numeral, not a known abbreviation, not a record's name, alias or acronym ("SDG" is "SDGs")."""
    if ROMAN_NUMERAL.fullmatch(acronym) or acronym in NOT_ORGANISATIONS:
        return False
    variants = {acronym, f"{acronym}s", f"{acronym}S", acronym[:-1] if acronym.endswith("S") else acronym}
    return not variants & set(index.targets)


def expansion_of(text: str, start: int, end: int, acronym: str) -> str:
    """The name the text gives an acronym beside it: "United Cities and Local Governments (UCLG)", or "UCLG
    (United Cities and Local Governments)"; "" where it gives none."""
    if text[end : end + 1] == ")" and (before := EXPANDED_BEFORE.search(text[:start])):
        words = before.group(1).split()
        while len(words) > 1 and (words[0][0] != acronym[0] or words[0].lower() in FUNCTION_WORDS):
            words = words[1:]  # the capitalised words before the name: "In 2019 Mayors of …" keeps "Mayors of …"
        return " ".join(words) if len(words) > 1 and words[0][0] == acronym[0] else ""
    after = EXPANDED_AFTER.match(text[end:])
    return after.group(1) if after else ""


def sentence_around(text: str, position: int) -> str:
    return next((match.group() for match in SENTENCE.finditer(text) if match.start() <= position < match.end()), text)


def acronyms_in(paragraph: ReadParagraph, index: NameIndex) -> list[tuple[int, str, str, str]]:
    """(start, name, acronym, kind) of each new acronym that the paragraph expands, or that a sentence calling it an
    organisation holds ("ICLEI, a network of local governments"); two letters only when expanded."""
    found = []
    for match in ACRONYM.finditer(paragraph.text):
        acronym = match.group()
        if not is_new_acronym(acronym, index) or paragraph.is_known(match.start(), match.end()):
            continue
        if expansion := expansion_of(paragraph.text, match.start(), match.end(), acronym):
            found.append((match.start(), expansion, acronym, kind_of(expansion)))
            continue
        sentence = sentence_around(paragraph.text, match.start())
        if len(acronym) > 2 and ORGANISATION_CUES.search(sentence):
            kind = "body" if acronym.startswith("UN") or not NETWORK_CUES.search(sentence) else "network"
            found.append((match.start(), acronym, acronym, kind))
    return found


def suggest_organisations(paragraphs: list[ReadParagraph], index: NameIndex) -> list[Suggestion]:
    """The networks and bodies the paragraphs name that the base does not know, in the order first named; an
    acronym the text expands somewhere is one suggestion with its name ("ICLEI" alone joins it)."""
    city_names = {name for name, target in index.targets.items() if target[0] == "city"}
    named: dict[str, dict] = {}  # name → kind, acronym, paragraph numbers
    for paragraph in paragraphs:
        if paragraph.heading:
            continue
        acronyms = [] if is_shouting(paragraph) else acronyms_in(paragraph, index)
        for _, name, acronym, kind in sorted([*names_in(paragraph, city_names), *acronyms]):
            entry = named.setdefault(name, {"kind": kind, "acronym": "", "paragraphs": set()})
            entry["acronym"] = entry["acronym"] or acronym
            entry["paragraphs"].add(paragraph.number)
    expanded = {entry["acronym"]: name for name, entry in named.items() if entry["acronym"] not in ("", name)}
    for acronym, name in expanded.items():
        if alone := named.pop(acronym, None):
            named[name]["paragraphs"] |= alone["paragraphs"]
    return [
        Suggestion(
            entry["kind"], name, tuple(sorted(entry["paragraphs"])), acronym=entry["acronym"],
            body_kind=body_kind(f"{name} {entry['acronym']}") if entry["kind"] == "body" else "",
        )
        for name, entry in named.items()
    ]
