"""What a record page opens with — one line that counts what it lists, and a contents list of its sections — and
long sections cut into groups a reader opens (a <details> each, no JavaScript)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# A section longer than this is grouped; a group up to this long is open when the page loads.
LONG = 8


def counted(count: int, singular: str, plural: str = "") -> str:
    """"1 network", "4 networks"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


@dataclass(frozen=True)
class Section:
    anchor: str  # the id of the section's heading
    title: str
    count: int
    says: str = ""  # what the summary line says of it: "member of 4 networks"


@dataclass(frozen=True)
class Contents:
    """The sections that have something to show, in page order."""

    sections: list[Section]

    @property
    def summary(self) -> str:
        said = ", ".join(section.says for section in self.sections if section.says)
        return f"{said[:1].upper()}{said[1:]}." if said else ""


def contents(*sections: Section) -> Contents:
    return Contents([section for section in sections if section.count])


@dataclass(frozen=True)
class Group:
    label: str
    items: list

    @property
    def open(self) -> bool:
        return len(self.items) <= LONG


def grouped(items: Iterable[Any], key: Callable[[Any], tuple[Any, str]]) -> list[Group] | None:
    """The items in groups by `key` (→ (order, label)), groups in that order, items in theirs; None for a short
    list, which reads best whole."""
    items = list(items)
    if len(items) <= LONG:
        return None
    groups: dict[tuple[Any, str], list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [Group(label, members) for (_, label), members in sorted(groups.items(), key=lambda group: group[0])]



@dataclass(frozen=True)
class SaidTogether:
    """Claims that say the same thing of different cities on the same quotes: listed as one, the quotes once."""

    claims: list
    sources: list

    @property
    def notes(self) -> list[tuple[Any, str]]:
        """The editors' notes, as (claim, note): one note for all (claim None) when they are the same."""
        notes = {claim.inference for claim in self.claims}
        if len(notes) == 1:
            return [(None, note) for note in notes if note]
        return [(claim, claim.inference) for claim in self.claims if claim.inference]


def said_together(claims: Iterable[Any], says: Callable[[Any], tuple]) -> list[SaidTogether]:
    """`claims` in their order, those whose `says(claim)` (the role, the years…) and public sources (prefetched as
    `sources`) are the same gathered where the first of them stands: seven cities one sentence names as
    participants are one item with that sentence, not seven items repeating it."""
    together: dict[tuple, list] = {}
    for claim in claims:
        quotes = tuple((source.paragraph_id, source.quote) for source in claim.sources.all())
        together.setdefault((*says(claim), quotes), []).append(claim)
    return [SaidTogether(claims, list(claims[0].sources.all())) for claims in together.values()]
