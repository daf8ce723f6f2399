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
