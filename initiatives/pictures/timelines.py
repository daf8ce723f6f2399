"""The timeline: years down the page, oldest first, and a row of marks per year, one per initiative.

It is drawn one viewBox unit to a CSS pixel and narrow enough for a phone (TIMELINE_WIDTH), so that every mark is a
24 px target and every label at least 11 px on any screen. Each mark carries its kind's two-letter code as well as its
colour, so that kinds are never told apart by colour alone; the legend spells the codes out.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from citydip.core.sections import counted

from ..models import Initiative
from .common import css_class, in_choice_order, rounded

TIMELINE_WIDTH = 320  # the narrowest phone's column, less its margins
TIMELINE_MARGIN = 52  # the years' column, left of the axis
TIMELINE_TOP = 8
MARK_RADIUS = 12  # a 24 × 24 px target
MARK_STEP = 28  # between marks, across and down
YEAR_GAP = 10  # more room above a year that follows a gap of years
MARKS_PER_LINE = (TIMELINE_WIDTH - TIMELINE_MARGIN - 12) // MARK_STEP  # then the year's marks wrap
KIND_LABELS = dict(Initiative.Kind.choices)
# Two letters per kind, drawn in its marks and spelled out in the legend.
KIND_CODES = {
    "programme": "Pg",
    "event": "Ev",
    "agreement": "Ag",
    "pledge": "Pl",
    "office": "Of",
    "network launch": "NL",
    "policy": "Po",
    "commission": "Cm",
    "task force": "TF",
    "partnership": "Pa",
    "exchange": "Ex",
    "campaign": "Ca",
    "review": "Rv",
    "other": "Ot",
}


@dataclass
class TimelineMark:
    name: str
    url: str
    kind: str
    kind_label: str
    kind_class: str
    year: int
    x: float
    y: float
    r: float
    code: str = ""


@dataclass
class TimelineTick:
    """A year's label, at the left of its first line of marks."""

    year: int
    x: float
    y: float = 0


@dataclass
class TimelineKind:
    kind: str
    label: str
    kind_class: str
    code: str = ""


@dataclass
class UndatedInitiative:
    name: str
    url: str
    kind: str
    kind_label: str


@dataclass
class Timeline:
    width: int
    height: int
    axis_x: float
    axis_y1: float
    axis_y2: float
    ticks: list  # TimelineTick, one per year with initiatives
    marks: list
    kinds: list  # TimelineKind present, for the legend
    years: list  # (year, [TimelineMark, …]) in order: the text alternative
    undated: list  # UndatedInitiative, by name
    description: str


def _kind_label(kind):
    return KIND_LABELS.get(kind, kind)


def kind_code(kind: str) -> str:
    return KIND_CODES.get(kind, kind[:2].title())


def _split_by_year(initiatives):
    """{year: [initiative, …]} of the dated ones, and the undated ones as UndatedInitiative, by name."""
    dated, undated = defaultdict(list), []
    for initiative in initiatives:
        if initiative.year is None:
            url = initiative.get_absolute_url()
            undated.append(UndatedInitiative(initiative.name, url, initiative.kind, _kind_label(initiative.kind)))
        else:
            dated[initiative.year].append(initiative)
    undated.sort(key=lambda i: i.name.casefold())
    return dated, undated


def _empty_timeline(undated):
    undated_count = counted(len(undated), "initiative is", "initiatives are")
    return Timeline(
        width=TIMELINE_WIDTH,
        height=0,
        axis_x=TIMELINE_MARGIN,
        axis_y1=0,
        axis_y2=0,
        ticks=[],
        marks=[],
        kinds=[],
        years=[],
        undated=undated,
        description=f"No initiative has a year yet; {undated_count} undated.",
    )


def _year_marks(year, initiatives, top):
    """A year's marks, the earliest dated first, left to right from the axis, wrapping after MARKS_PER_LINE."""
    ordered = sorted(initiatives, key=lambda i: (i.date is None, i.date or 0, i.name.casefold()))
    marks = []
    for index, initiative in enumerate(ordered):
        line, column = divmod(index, MARKS_PER_LINE)
        marks.append(
            TimelineMark(
                name=initiative.name,
                url=initiative.get_absolute_url(),
                kind=initiative.kind,
                kind_label=_kind_label(initiative.kind),
                kind_class=css_class("kind", initiative.kind),
                year=year,
                x=rounded(TIMELINE_MARGIN + 12 + MARK_STEP / 2 + column * MARK_STEP),
                y=rounded(top + MARK_STEP / 2 + line * MARK_STEP),
                r=MARK_RADIUS,
                code=kind_code(initiative.kind),
            )
        )
    return marks


def _kind_legend(marks):
    present = {m.kind for m in marks}
    return [
        TimelineKind(kind, _kind_label(kind), css_class("kind", kind), kind_code(kind))
        for kind in in_choice_order(present, KIND_LABELS)
    ]


def _timeline_description(marks, dated, undated, years):
    busiest = max(dated, key=lambda y: (len(dated[y]), -y))
    description = (
        f"{counted(len(marks), 'initiative', 'initiatives')} with a year, from {years[0]} to {years[-1]}, the years "
        f"down the page and a circle per initiative beside its year, coloured by kind and marked with the kind's two "
        f"letters; the busiest year is {busiest}, with {len(dated[busiest])}."
    )
    if undated:
        description += f" {counted(len(undated), 'initiative has', 'initiatives have')} no year and are listed below."
    return description


def timeline(initiatives: Iterable[Initiative]) -> Timeline:
    """Initiatives with a year as marks beside a year axis, a row per year; the others listed in `undated`."""
    dated, undated = _split_by_year(initiatives)
    if not dated:
        return _empty_timeline(undated)
    years = sorted(dated)
    top, ticks, by_year = TIMELINE_TOP, [], []
    for previous, year in zip([None, *years], years):
        if previous is not None and year - previous > 1:
            top += YEAR_GAP
        marks = _year_marks(year, dated[year], top)
        ticks.append(TimelineTick(year, TIMELINE_MARGIN - 8, rounded(top + MARK_STEP / 2)))
        by_year.append((year, marks))
        lines = -(-len(marks) // MARKS_PER_LINE)
        top += lines * MARK_STEP
    marks = [mark for _, year_marks in by_year for mark in year_marks]
    return Timeline(
        width=TIMELINE_WIDTH,
        height=int(top + TIMELINE_TOP),
        axis_x=TIMELINE_MARGIN,
        axis_y1=TIMELINE_TOP,
        axis_y2=top,
        ticks=ticks,
        marks=marks,
        kinds=_kind_legend(marks),
        years=by_year,
        undated=undated,
        description=_timeline_description(marks, dated, undated, years),
    )
