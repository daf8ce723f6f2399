"""Claims suggested from an article's sentences, each with its quote: where a sentence names a city and a network
(or an initiative) and says what the city does there — "Montevideo joined the Strong Cities Network in 2019",
"Los Angeles chairs C40 Cities", "Seoul hosted the 2023 summit of …" — the membership (or participation) it
makes, with the sentence as its quote and its paragraph as the source.

The names are the paragraph's links (accepted or suggested mentions, initiatives.linking); what the city does
is read from the words of the sentence (CUES, mapped to each claim's roles by ROLES). A sentence that denies
the claim ("did not join", "never") is flagged *negated*, one that only reports or forecasts it ("reportedly",
"plans to", "may") *hedged*: editors see both, and neither is accepted by default. A suggestion an editor
rejects is remembered (RejectedClaimSuggestion) and not made again from that paragraph.

Reading is `suggest_claims(article)`, a fixed number of queries whatever the article's length; the parsing
below it (`suggest_in_paragraph`) reads no database. Writing is `accept` and `reject`.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

from django.db import transaction
from django.db.models import Prefetch

from articles.models import Article, Paragraph
from articles.quoting import quote_difference

from .models import (
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Mention,
    Network,
    Participation,
    ParticipationSource,
    RejectedClaimSuggestion,
)
from .record_suggestions import Suggestion, suggest_for_article
from .support import names, why_unsupported

Kind = Literal["membership", "participation"]
OtherEnd = Network | Initiative
# The longest quote a source holds (articles.models.Quotation).
QUOTE_LIMIT = 1000


class Cue(StrEnum):
    """What a sentence says a city does with a network or initiative."""

    JOIN = "join"
    FOUND = "found"
    START = "start"
    CHAIR = "chair"
    BOARD = "board"
    HOST = "host"
    SIGN = "sign"
    LEAD = "lead"
    PARTNER = "partner"
    TAKE_PART = "take part"
    ADOPT = "adopt"
    LEAVE = "leave"


# The words of each cue, matched whole and case aside; where two overlap, the longer wins ("founding member"
# is a founding, not a joining; "signed up" a joining, not a signature).
CUE_WORDS = {
    Cue.JOIN: r"join(?:ing|ed|s)?|member cities|membership|members?|belong(?:ed|s)? to|signed up|signs up",
    Cue.FOUND: r"founding members?|(?:co-?)?found(?:ers?|ing|ed|s)|launch(?:ing|ed|es)|establish(?:ing|ed|es)",
    Cue.START: r"creat(?:ed|es|ing)|start(?:ed|s|ing)|set up|sets up|initiat(?:ed|es|ing)",
    Cue.CHAIR: r"(?:co-?)?chair(?:s|ed|ing|man|woman|person|manship)?|presid(?:es|ed|ing|ency)",
    Cue.BOARD: r"board(?: members?)?|steering committee|executive committee|vice[- ]chair(?:s|man|woman|person)?",
    Cue.HOST: r"host(?:s|ed|ing)?|host city",
    Cue.SIGN: r"sign(?:s|ed|ing)|signator(?:y|ies)|inked",
    Cue.LEAD: r"le(?:d|ads?|ading)|spearhead(?:s|ed|ing)?|head(?:s|ed)",
    Cue.PARTNER: r"partner(?:s|ed|ing|ship)?",
    Cue.TAKE_PART: r"t(?:ook|akes?|aking) part|participat(?:es|ed|ing|ion)|attend(?:s|ed|ing)?",
    Cue.ADOPT: r"adopt(?:s|ed|ing)|borrow(?:s|ed|ing)|replicat(?:es|ed|ing)",
    Cue.LEAVE: r"le(?:ft|aves?|aving)|withdr(?:ew|aws?|awn|awing|awal)|quit(?:s|ting)?|pull(?:s|ed)? out|"
    r"exit(?:s|ed)?|no longer",
}
CUE_PATTERNS = [(cue, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I)) for cue, words in CUE_WORDS.items()]

# The role each cue gives a membership and a participation; None: that cue makes no such claim. A role the
# model does not have (a membership's board member) is left out, so that adding it to the model is enough.
ROLES: dict[Cue, tuple[str | None, str | None]] = {
    Cue.JOIN: ("member", "participant"),
    Cue.FOUND: ("founding member", "founder"),
    Cue.START: (None, "founder"),
    Cue.CHAIR: ("chair", "chair"),
    Cue.BOARD: ("board member", "board member"),
    Cue.HOST: ("host", "host"),
    Cue.SIGN: ("member", "signatory"),
    Cue.LEAD: (None, "lead"),
    Cue.PARTNER: (None, "partner"),
    Cue.TAKE_PART: (None, "participant"),
    Cue.ADOPT: (None, "adopter"),
    Cue.LEAVE: ("member", None),  # and the year it left ends the membership
}
MODEL_ROLES = {"membership": set(Membership.Role.values), "participation": set(Participation.Role.values)}
# A city that hosts a network's summit or meeting takes part in that event: not a host of the network.
EVENT = re.compile(r"(?<!\w)(?:summit|meeting|conference|congress|forum|assembly|gathering|convention|games|"
                   r"festival|expo|event|session|workshop|roundtable)s?(?!\w)", re.I)

NEGATION = re.compile(
    r"(?<!\w)(?:not(?! only| just| least| to mention)|never|neither|nor|declined|declines|refused|refuses|"
    r"rejected|rejects)(?!\w)|n't(?!\w)",
    re.I,
)
HEDGE = re.compile(
    r"(?<!\w)(?:(?i:reportedly|allegedly|(?:is|are|was|were) expected to|expected to|plans? to|planned to|"
    r"planning to|intends? to|intended to|aims? to|hopes? to|seeks? to|consider(?:s|ed|ing)|propos(?:ed|es|al)|"
    r"might|could|would|should|will|likely|possibly|perhaps|rumou?red|in talks|invited|set to)|may)(?!\w)"
)
YEAR = re.compile(r"(?<![\w-])(1[89]\d\d|20\d\d)(?![\w-])")
# A year after these words is a target ("by 2050"), not when something happened.
TARGET_YEAR = re.compile(r"(?:\bby|\bbefore)\s+(?:the\s+end\s+of\s+)?$", re.I)
END_YEAR = re.compile(r"(?:\buntil|\btill|\bthrough|\bto|–|-)\s*$", re.I)

# Sentences end at . ! or ? (and closing quotes or brackets) before a space and a capital, a digit or an
# opening quote — except after an abbreviation: a title ("Dr."), a month ("Dec."), initials ("U.S.", "J.")
# unless what follows starts a sentence as these words do.
SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gov", "sen", "rep", "gen", "col", "lt", "no", "nos", "inc",
    "co", "corp", "ltd", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "approx", "dept", "est", "fig", "mt", "ft",
}
INITIALS = re.compile(r"(?:[A-Z]\.)+")
STARTERS = {
    "The", "In", "A", "An", "It", "Its", "This", "That", "These", "Those", "But", "And", "As", "At", "On", "For",
    "He", "She", "They", "We", "Their", "Our", "When", "While", "After", "Before", "Since", "Yet", "So", "Then",
    "Meanwhile", "However", "Still", "Now", "Today", "There", "Such", "Many", "Most", "Some", "Other", "Cities",
}
# Clauses of a sentence, for what a negation or hedge applies to: "Paris joined C40 Cities, but Lagos did not."
CLAUSE_BREAK = re.compile(r";|,\s+(?:but|while|whereas|although|though|yet|and|or)(?!\w)|\s+but(?!\w)|:")
# A sentence that opens with a subordinate clause: "Although Lagos never joined, Freetown became a member …"
OPENING_CLAUSE = re.compile(r"(?:Although|Though|While|Whereas|If|Unless|Because|Whether)\b[^,;]*,")
# What may stand between the names of one list ("Barcelona, Freetown, London, and Tokyo", "Bristol, England;
# Helsinki"): separators and a few short words, no verb.
LIST_GAP = re.compile(r"^(?:[\s,;()—–-]|and|or|as well as|together with|along with|[A-Z][\w.]*)*$")
LIST_GAP_LIMIT = 40
# How far from a city and from the other end the words that say what the city does may stand.
CUE_REACH = 150


class Standing(StrEnum):
    """What the knowledge base already holds of a suggested claim."""

    NEW = "new"  # no such claim yet: accepting creates it
    CLAIMED = "claimed"  # the claim is there: accepting adds the quote to its sources
    QUOTED = "quoted"  # the claim is there and already quotes this paragraph
    REJECTED = "rejected"  # an editor said this paragraph does not make it


@dataclass(frozen=True)
class Named:
    """A record named in a paragraph, where: the paragraph's offsets of its name."""

    start: int
    end: int
    record: City | Network | Initiative


@dataclass(frozen=True)
class ClaimSuggestion:
    """A membership or participation that a sentence of a paragraph makes, with the sentence as its quote."""

    kind: Kind
    city: City
    other: OtherEnd
    role: str
    start_year: int | None
    end_year: int | None
    quote: str
    paragraph: Paragraph
    quote_start: int  # where the quote stands in the paragraph's text
    negated: bool
    hedged: bool
    cues: tuple[str, ...]  # the words that say what the city does, as written
    marks: tuple[tuple[int, int], ...]  # the names and cue words, as offsets in the quote, in order
    standing: Standing = Standing.NEW

    @property
    def paragraph_number(self) -> int:
        return self.paragraph.number

    @property
    def network(self) -> Network | None:
        return self.other if self.kind == "membership" else None

    @property
    def initiative(self) -> Initiative | None:
        return self.other if self.kind == "participation" else None

    @property
    def flagged(self) -> bool:
        """Whether an editor must read it first: never accepted with the others by default."""
        return self.negated or self.hedged

    @property
    def key(self) -> str:
        """Names this suggestion in a form: the same sentence gives the same key until the text changes."""
        return f"{self.kind}:{self.paragraph.pk}:{self.quote_start}:{self.city.pk}:{self.other.pk}:{self.role}"

    @property
    def rejection_key(self) -> tuple[int, int, int | None, int | None, str]:
        network, initiative = (self.other.pk, None) if self.kind == "membership" else (None, self.other.pk)
        return (self.paragraph.pk, self.city.pk, network, initiative, self.role)

    @property
    def years(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"from {self.start_year}"
        return f"until {self.end_year}" if self.end_year else ""

    def __str__(self) -> str:
        """One line, exactly as the contract writes it: `claim: Mexico City — member — Strong Cities Network (¶3)`;
        a claim the sentence denies or hedges says so after it, since printed bare it would say the opposite.
        Its years are for the review page, which shows them beside the quote."""
        flags = "".join(f" [{flag}]" for flag, on in (("negated", self.negated), ("hedged", self.hedged)) if on)
        return f"claim: {self.city.name} — {self.role} — {self.other.name} (¶{self.paragraph.number}){flags}"


# Reading: the article's paragraphs, their names, and what the knowledge base already holds.


def suggest_claims(article: Article, include_rejected: bool = False) -> list[ClaimSuggestion]:
    """Every claim the article's paragraphs suggest, in reading order, with its standing. Rejected ones are left
    out unless asked for. Thirteen queries, however long the article: seven, and six for the cities it names
    that the base does not have yet."""
    # A rejected link names nothing; a body makes no claim here.
    mentions = Mention.objects.exclude(status=Mention.Status.REJECTED).filter(body__isnull=True)
    paragraphs = (
        Paragraph.objects.filter(article=article, kind=Paragraph.Kind.PARAGRAPH)
        .select_related("article")
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=mentions.select_related("city", "network", "initiative").order_by("start"),
                to_attr="named_mentions",
            )
        )
    )
    unknown = [suggestion for suggestion in suggest_for_article(article) if suggestion.kind == "city"]
    found = [
        suggestion
        for paragraph in paragraphs
        for suggestion in suggest_in_paragraph(
            paragraph,
            sorted(
                [*named_by_mentions(paragraph.named_mentions), *unknown_cities_named(paragraph, unknown)],
                key=lambda named: named.start,
            ),
        )
        if suggestion.city.pk is not None  # a claim of a city the base does not have yet waits for its record
    ]
    if not found:
        return []
    standings = Standings.load(article)
    ranked = [replace(suggestion, standing=standings.of(suggestion)) for suggestion in found]
    return [s for s in ranked if include_rejected or s.standing != Standing.REJECTED]


def named_by_mentions(mentions: Iterable[Mention]) -> list[Named]:
    """The cities, networks and initiatives that a paragraph's links name (bodies make no claim here)."""
    return [
        Named(mention.start, mention.start + len(mention.text), mention.target)
        for mention in mentions
        if mention.city_id or mention.network_id or mention.initiative_id
    ]


def unknown_cities_named(paragraph: Paragraph, unknown: Sequence[Suggestion]) -> list[Named]:
    """Where the paragraph names a city the base does not have yet (a record suggestion), as a stand-in with no
    id: a cue near it speaks of it, not of a known city farther off ("Bogotá was a founding member …, when
    mayors gathered in New York")."""
    named = []
    for suggestion in unknown:
        if paragraph.number in suggestion.paragraphs:
            stand_in = City(name=suggestion.name)
            for name in {suggestion.name, *suggestion.aliases}:
                for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?!\w)", paragraph.text):
                    named.append(Named(match.start(), match.end(), stand_in))
    return named


class Standings:
    """What the knowledge base holds of the claims an article may suggest: read in four queries."""

    def __init__(self, claims, quoted, rejected):
        self.claims = claims  # (kind, city id, other id, role) → claim id
        self.quoted = quoted  # (kind, claim id, paragraph id) of each source of the article
        self.rejected = rejected  # RejectedClaimSuggestion keys

    @classmethod
    def load(cls, article: Article) -> "Standings":
        named = Mention.objects.filter(paragraph__article=article)
        claims, quoted = {}, set()
        for kind, model, source, other in (
            ("membership", Membership, MembershipSource, "network"),
            ("participation", Participation, ParticipationSource, "initiative"),
        ):
            rows = model.objects.filter(
                city__in=named.filter(city__isnull=False).values("city"),
                **{f"{other}__in": named.filter(**{f"{other}__isnull": False}).values(other)},
            )
            for pk, city, end, role in rows.order_by().values_list("pk", "city", other, "role"):
                claims[kind, city, end, role] = pk
            sources = source.objects.filter(paragraph__article=article).order_by()
            quoted |= {(kind, *row) for row in sources.values_list(source.claim_field, "paragraph")}
        rejected = set(
            RejectedClaimSuggestion.objects.filter(paragraph__article=article)
            .order_by()
            .values_list("paragraph", "city", "network", "initiative", "role")
        )
        return cls(claims, quoted, rejected)

    def of(self, suggestion: ClaimSuggestion) -> Standing:
        if suggestion.rejection_key in self.rejected:
            return Standing.REJECTED
        claim = self.claims.get((suggestion.kind, suggestion.city.pk, suggestion.other.pk, suggestion.role))
        if claim is None:
            return Standing.NEW
        if (suggestion.kind, claim, suggestion.paragraph.pk) in self.quoted:
            return Standing.QUOTED
        return Standing.CLAIMED


# Parsing: no database from here to the writing below.


def suggest_in_paragraph(paragraph: Paragraph, named: Sequence[Named]) -> list[ClaimSuggestion]:
    """The claims each sentence of the paragraph makes between the records it names."""
    text = paragraph.text
    found = []
    for start, end in sentences(text, named):
        inside = [name for name in named if start <= name.start and name.end <= end]
        if any(isinstance(name.record, City) for name in inside) and any(
            not isinstance(name.record, City) for name in inside
        ):
            found += claims_in_sentence(paragraph, start, end, inside)
    return found


def sentences(text: str, named: Sequence[Named] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the text, without the spaces around it; never inside a name."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if is_abbreviation(text, match) or any(name.start < end < name.end for name in named):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed


def is_abbreviation(text: str, match: re.Match) -> bool:
    """Whether the full stop ends an abbreviation ("Dr.", "Dec.", "e.g.", "U.S.") rather than a sentence: after
    initials, only where the next word does not start a sentence ("in the U.S. The mayor …")."""
    if match.group() != ".":
        return False
    word = text[: match.start() + 1].rsplit(None, 1)[-1].lstrip("(\"“‘[")
    if word[:-1].lower() in ABBREVIATIONS:
        return True
    if INITIALS.fullmatch(word):
        following = text[match.end() :].split(None, 1)
        return not (following and following[0].strip("\"“‘(") in STARTERS)
    return False


@dataclass(frozen=True)
class CueFound:
    cue: Cue
    start: int
    end: int
    words: str


def cues_in(text: str, start: int, end: int) -> list[CueFound]:
    """The cue words between start and end of the text, longest first where two overlap, in order."""
    found = [
        CueFound(cue, match.start(), match.end(), match.group())
        for cue, pattern in CUE_PATTERNS
        for match in pattern.finditer(text, start, end)
    ]
    kept: list[CueFound] = []
    for cue in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if all(cue.end <= other.start or other.end <= cue.start for other in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


def clauses(text: str, start: int, end: int) -> list[int]:
    """Where each clause of the sentence between start and end begins (the first at start)."""
    opening = OPENING_CLAUSE.match(text, start, end)
    breaks = [match.start() for match in CLAUSE_BREAK.finditer(text, start, end)]
    return [start, *sorted({*breaks, *([opening.end() - 1] if opening else [])})]


def groups(text: str, names: Sequence[Named], cues: Sequence[CueFound]) -> list[list[Named]]:
    """The names, in order, gathered into lists: "Barcelona, Freetown, London, and Tokyo" is one list, which a
    cue reaches whole; names apart, or with a cue or another kind of name between them, are not."""
    lists: list[list[Named]] = []
    for name in names:
        if lists and one_list(text, lists[-1][-1], name, cues):
            lists[-1].append(name)
        else:
            lists.append([name])
    return lists


def one_list(text: str, before: Named, after: Named, cues: Sequence[CueFound]) -> bool:
    gap = text[before.end : after.start]
    return (
        len(gap) <= LIST_GAP_LIMIT
        and LIST_GAP.match(gap) is not None
        and not any(before.end <= cue.start and cue.end <= after.start for cue in cues)
    )


def distance(cue: CueFound, group: Sequence[Named], breaks: Sequence[int]) -> tuple[bool, int]:
    """How far the cue stands from the nearest name of the list: whether a clause lies between them, and how
    many characters."""
    if cue.start >= group[-1].end:
        low, high = group[-1].end, cue.start
    elif cue.end <= group[0].start:
        low, high = cue.end, group[0].start
    else:
        return False, 0
    return any(low <= place < high for place in breaks[1:]), high - low


def nearest(cue: CueFound, lists: Sequence[list[Named]], breaks: Sequence[int]) -> list[list[Named]]:
    """The list (or lists, at the same distance) of names the cue speaks of: the nearest in its clause, else
    the nearest in another ("…, and Lagos joined in 2021"); within reach."""
    if not lists:
        return []
    distances = [distance(cue, group, breaks) for group in lists]
    closest = min(distances)
    return [group for group, far in zip(lists, distances) if far == closest and far[1] <= CUE_REACH]


def claims_in_sentence(paragraph: Paragraph, start: int, end: int, inside: Sequence[Named]) -> list[ClaimSuggestion]:
    """The claims of one sentence: each cue speaks of the nearest list of cities and of the nearest list of
    networks or initiatives, and gives each city there the cue's role in each of those."""
    text = paragraph.text
    cues = cues_in(text, start, end)
    if not cues:
        return []
    breaks = clauses(text, start, end)
    cities = groups(text, [name for name in inside if isinstance(name.record, City)], cues)
    others = groups(text, [name for name in inside if not isinstance(name.record, City)], cues)
    years = years_in(text, start, end, inside, cues, breaks)
    pairs: dict[tuple[int, str, int], list[tuple[Named, Named, CueFound]]] = {}
    for cue in cues:
        for city_list in nearest(cue, cities, breaks):
            for other_list in nearest(cue, others, breaks):
                for city in city_list:
                    for other in other_list:
                        pairs.setdefault((city.record.pk, type(other.record).__name__, other.record.pk), []).append(
                            (city, other, cue)
                        )
    found = []
    for links in pairs.values():
        found += claims_of_pair(paragraph, start, end, links, breaks, years)
    return found


def claims_of_pair(
    paragraph: Paragraph, start: int, end: int, links: Sequence[tuple[Named, Named, CueFound]],
    breaks: Sequence[int], years: Sequence[tuple[int, CueFound | None, bool]],
) -> list[ClaimSuggestion]:
    """The claims one city and one network or initiative make in a sentence, one per role."""
    text = paragraph.text
    city, other = links[0][0], links[0][1]
    kind: Kind = "membership" if isinstance(other.record, Network) else "participation"
    cues = {cue for _, _, cue in links}
    roles: dict[str, list[CueFound]] = {}
    for cue in sorted(cues, key=lambda c: c.start):
        role = ROLES[cue.cue][0 if kind == "membership" else 1]
        if role is None or role not in MODEL_ROLES[kind]:
            continue
        if kind == "membership" and cue.cue == Cue.HOST and EVENT.search(text, start, end):
            continue
        roles.setdefault(role, []).append(cue)
    if "founding member" in roles or "founder" in roles:
        roles.pop("member", None)
        roles.pop("participant", None)
    found = []
    for role, role_cues in roles.items():
        quote_start, quote_end = quote_span(text, start, end, [city, other, *role_cues], breaks)
        if quote_end - quote_start > QUOTE_LIMIT:
            continue
        quote = text[quote_start:quote_end]
        if not names(quote, city.record) or (kind == "membership" and not names(quote, other.record)):
            continue  # a link pointed elsewhere by an editor: the quote would not support the claim
        scope = [clause_of(place, breaks, end) for place in (city.start, *(cue.start for cue in role_cues))]
        start_year, end_year = claim_years(kind, role_cues, years)
        marks = sorted((span[0] - quote_start, span[1] - quote_start) for span in (
            (city.start, city.end), (other.start, other.end), *((cue.start, cue.end) for cue in role_cues)
        ))
        found.append(ClaimSuggestion(
            kind=kind, city=city.record, other=other.record, role=role, start_year=start_year, end_year=end_year,
            quote=quote, paragraph=paragraph, quote_start=quote_start,
            negated=any(NEGATION.search(text, *clause) for clause in scope),
            hedged=any(HEDGE.search(text, *clause) for clause in scope),
            cues=tuple(cue.words for cue in role_cues), marks=tuple(marks),
        ))
    return found


def clause_of(place: int, breaks: Sequence[int], end: int) -> tuple[int, int]:
    """(start, end) of the clause the place stands in."""
    index = bisect_right(breaks, place) - 1
    return breaks[index], breaks[index + 1] if index + 1 < len(breaks) else end


def quote_span(text: str, start: int, end: int, spans: Sequence[Named | CueFound], breaks: Sequence[int]) -> tuple[int, int]:
    """The sentence; a sentence too long to quote is cut to the clauses that hold the names and the cue."""
    if end - start <= QUOTE_LIMIT:
        return start, end
    first, last = min(span.start for span in spans), max(span.end for span in spans)
    low, high = clause_of(first, breaks, end)[0], clause_of(last, breaks, end)[1]
    low, high = (low, high) if high - low <= QUOTE_LIMIT else (first, last)
    piece = text[low:high]
    left = len(piece) - len(piece.lstrip(" ,;:"))
    return low + left, low + len(piece.rstrip())


def years_in(
    text: str, start: int, end: int, inside: Sequence[Named], cues: Sequence[CueFound], breaks: Sequence[int]
) -> list[tuple[int, CueFound | None, bool]]:
    """(year, the cue it dates, whether it ends something) for each year the sentence gives a date by: not a
    target ("by 2050"), not inside a name ("the 2023 summit" of an initiative's name)."""
    found = []
    for match in YEAR.finditer(text, start, end):
        if any(name.start <= match.start() < name.end for name in inside):
            continue
        before = text[max(start, match.start() - 30) : match.start()]
        if TARGET_YEAR.search(before):
            continue
        cue = dated_cue(match.start(), cues, breaks, end)
        found.append((int(match.group()), cue, bool(END_YEAR.search(before))))
    return found


def dated_cue(place: int, cues: Sequence[CueFound], breaks: Sequence[int], end: int) -> CueFound | None:
    """The cue a year at this place dates: the last before it in its clause ("joined … in 2006 and left it in
    2012"), else the first after it there ("In 2019, Montevideo joined"), else the nearest."""
    low, high = clause_of(place, breaks, end)
    before = [cue for cue in cues if low <= cue.start and cue.end <= place]
    after = [cue for cue in cues if place <= cue.start and cue.end <= high]
    if before or after:
        return before[-1] if before else after[0]
    return min(cues, key=lambda c: max(c.start - place, place - c.end, 0), default=None)


def claim_years(
    kind: Kind, role_cues: Sequence[CueFound], years: Sequence[tuple[int, CueFound | None, bool]]
) -> tuple[int | None, int | None]:
    """A membership's start and end years: those the sentence gives its cues ("joined … in 2019", "left in
    2021", "from 2015 to 2019"). Participations have no years."""
    if kind != "membership":
        return None, None
    starts, ends = [], []
    for year, cue, ending in years:
        if cue in role_cues:
            (ends if ending or cue.cue == Cue.LEAVE else starts).append(year)
    start_year, end_year = min(starts, default=None), max(ends, default=None)
    if start_year and end_year and end_year < start_year:
        end_year = None
    return start_year, end_year


# Writing: an editor accepts a suggestion, or rejects it for good.


class ClaimRefused(Exception):
    """The claim cannot be made from this quote; the message says why."""


@transaction.atomic
def accept(suggestion: ClaimSuggestion) -> Membership | Participation:
    """Make the suggested claim with its quote as a source — or, where the claim is there, add the quote to its
    sources (and the years it lacks). A participation in an initiative that nothing quotes yet gets the quote,
    which names it, as the initiative's first source too: the claim is public once the article is published.
    Refused, with the reason, where the quote would not support the claim."""
    if suggestion.kind == "membership":
        claim, created = Membership.objects.get_or_create(
            city=suggestion.city, network=suggestion.other, role=suggestion.role,
            defaults={"start_year": suggestion.start_year, "end_year": suggestion.end_year},
        )
        if not created:
            fill_years(claim, suggestion)
        source = MembershipSource(membership=claim, paragraph=suggestion.paragraph, quote=suggestion.quote)
    else:
        claim, _ = Participation.objects.get_or_create(
            city=suggestion.city, initiative=suggestion.other, role=suggestion.role
        )
        source = ParticipationSource(participation=claim, paragraph=suggestion.paragraph, quote=suggestion.quote)
        if not InitiativeSource.objects.filter(initiative=suggestion.other).exists():
            InitiativeSource.objects.create(
                initiative=suggestion.other, paragraph=suggestion.paragraph, quote=suggestion.quote
            )
    if reason := why_unsupported(claim, [suggestion.quote]):
        raise ClaimRefused(reason)
    if len(suggestion.quote) > QUOTE_LIMIT:
        raise ClaimRefused("The quote must be a passage of at most 1,000 characters.")
    if difference := quote_difference(suggestion.quote, suggestion.paragraph.text):
        raise ClaimRefused(f"The quote must be a verbatim passage of the paragraph: {difference}")
    type(source).objects.get_or_create(
        paragraph=suggestion.paragraph, quote=suggestion.quote, **{source.claim_field: claim}
    )
    return claim


def fill_years(membership: Membership, suggestion: ClaimSuggestion) -> None:
    """Give an existing membership the years it lacks from the suggestion; never change a year it has."""
    start = membership.start_year or suggestion.start_year
    end = membership.end_year or suggestion.end_year
    if (start, end) != (membership.start_year, membership.end_year) and not (start and end and end < start):
        membership.start_year, membership.end_year = start, end
        membership.save(update_fields=["start_year", "end_year"])


def reject(suggestion: ClaimSuggestion, user=None) -> RejectedClaimSuggestion:
    """Remember that the paragraph does not make this claim: it is not suggested from there again."""
    network, initiative = (suggestion.other, None) if suggestion.kind == "membership" else (None, suggestion.other)
    rejection, _ = RejectedClaimSuggestion.objects.get_or_create(
        paragraph=suggestion.paragraph, city=suggestion.city, network=network, initiative=initiative,
        role=suggestion.role, defaults={"rejected_by": user},
    )
    return rejection


def suggest_again(suggestion: ClaimSuggestion) -> int:
    """Undo a rejection: the suggestion is made again. Returns how many rejections were forgotten."""
    paragraph, city, network, initiative, role = suggestion.rejection_key
    rejected = RejectedClaimSuggestion.objects.filter(
        paragraph=paragraph, city=city, network=network, initiative=initiative, role=role
    )
    return rejected.delete()[0]
