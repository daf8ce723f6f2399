"""The timeline: a circle per initiative with a year, stacked above its year on an axis and coloured by kind."""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Initiative
from .common import css_class, in_choice_order, plural, rounded

TIMELINE_WIDTH = 960
TIMELINE_MARGIN = 48
TIMELINE_TOP = 12
MARK_RADIUS = 6
MARK_STEP = 16  # between stacked marks, up and across
MAX_ROWS = 10  # a year with more initiatives than this spreads into columns, while there is room
AXIS_GAP = 6  # between the lowest row of marks and the axis
TICK_LENGTH = 6
TICK_LABEL_BELOW = 22  # from the axis down to the baseline of a year's label
BELOW_AXIS = 30  # room under the axis for the ticks and their labels
KIND_LABELS = dict(Initiative.Kind.choices)


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


@dataclass
class TimelineTick:
    year: int
    x: float


@dataclass
class TimelineKind:
    kind: str
    label: str
    kind_class: str


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
    axis_y: float
    axis_x1: float
    axis_x2: float
    tick_y2: float
    tick_label_y: float
    ticks: list
    marks: list
    kinds: list  # TimelineKind present, for the legend
    years: list  # (year, [TimelineMark, …]) in order: the text alternative
    undated: list  # UndatedInitiative, by name
    description: str


def _kind_label(kind):
    return KIND_LABELS.get(kind, kind)


@dataclass
class _YearScale:
    """Years → x on the axis, from `first` at the left margin to `last` at the right one."""

    first: int
    last: int
    left: float
    right: float

    @property
    def span(self):
        return self.last - self.first

    def x(self, year):
        """A single year sits in the middle."""
        if self.span == 0:
            return (self.left + self.right) / 2
        return self.left + (year - self.first) / self.span * (self.right - self.left)


def _tick_step(span):
    """The smallest round number of years between ticks that keeps them to about fifteen."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if span // step <= 14:
            return step
    return 100


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
    undated_count = plural(len(undated), "initiative is", "initiatives are")
    return Timeline(
        width=TIMELINE_WIDTH,
        height=0,
        axis_y=0,
        axis_x1=TIMELINE_MARGIN,
        axis_x2=TIMELINE_WIDTH - TIMELINE_MARGIN,
        tick_y2=0,
        tick_label_y=0,
        ticks=[],
        marks=[],
        kinds=[],
        years=[],
        undated=undated,
        description=f"No initiative has a year yet; {undated_count} undated.",
    )


def _stacking(dated, years, scale):
    """Year → (columns, rows) of its stack: MAX_ROWS high, then wider, as far as the closest two years leave room."""
    closest = min((scale.x(b) - scale.x(a) for a, b in zip(years, years[1:])), default=scale.right - scale.left)
    max_columns = max(1, int(min(closest * 0.8, 160) // MARK_STEP))
    stacking = {}
    for year in years:
        count = len(dated[year])
        columns = min(max_columns, math.ceil(count / MAX_ROWS))
        stacking[year] = (columns, math.ceil(count / columns))
    return stacking


def _year_marks(year, initiatives, columns, scale, axis_y):
    """A year's marks, the earliest dated at the bottom, row by row from the axis up, centred over the year."""
    ordered = sorted(initiatives, key=lambda i: (i.date is None, i.date or 0, i.name.casefold()))
    marks = []
    for index, initiative in enumerate(ordered):
        row, column = divmod(index, columns)
        marks.append(
            TimelineMark(
                name=initiative.name,
                url=initiative.get_absolute_url(),
                kind=initiative.kind,
                kind_label=_kind_label(initiative.kind),
                kind_class=css_class("kind", initiative.kind),
                year=year,
                x=rounded(scale.x(year) + (column - (columns - 1) / 2) * MARK_STEP),
                y=rounded(axis_y - AXIS_GAP - MARK_STEP / 2 - row * MARK_STEP),
                r=MARK_RADIUS,
            )
        )
    return marks


def _ticks(scale):
    step = _tick_step(scale.span)
    first_tick = math.ceil(scale.first / step) * step
    ticks = [TimelineTick(year, rounded(scale.x(year))) for year in range(first_tick, scale.last + 1, step)]
    return ticks or [TimelineTick(scale.first, rounded(scale.x(scale.first)))]


def _kind_legend(marks):
    present = {m.kind for m in marks}
    return [
        TimelineKind(kind, _kind_label(kind), css_class("kind", kind)) for kind in in_choice_order(present, KIND_LABELS)
    ]


def _timeline_description(marks, dated, undated, scale):
    busiest = max(dated, key=lambda y: (len(dated[y]), -y))
    description = (
        f"{plural(len(marks), 'initiative', 'initiatives')} with a year, from {scale.first} to {scale.last}, one "
        f"circle each, stacked above its year and coloured by kind; the busiest year is {busiest}, with "
        f"{len(dated[busiest])}."
    )
    if undated:
        description += f" {plural(len(undated), 'initiative has', 'initiatives have')} no year and are listed below."
    return description


def timeline(initiatives: Iterable[Initiative]) -> Timeline:
    """Initiatives with a year as marks above a year axis, stacked per year; the others listed in `undated`."""
    dated, undated = _split_by_year(initiatives)
    if not dated:
        return _empty_timeline(undated)
    years = sorted(dated)
    scale = _YearScale(years[0], years[-1], TIMELINE_MARGIN, TIMELINE_WIDTH - TIMELINE_MARGIN)
    stacking = _stacking(dated, years, scale)
    axis_y = TIMELINE_TOP + max(rows for _, rows in stacking.values()) * MARK_STEP + AXIS_GAP
    by_year = [(year, _year_marks(year, dated[year], stacking[year][0], scale, axis_y)) for year in years]
    marks = [mark for _, year_marks in by_year for mark in year_marks]
    return Timeline(
        width=TIMELINE_WIDTH,
        height=int(axis_y + BELOW_AXIS),
        axis_y=axis_y,
        axis_x1=scale.left - MARK_STEP,
        axis_x2=scale.right + MARK_STEP,
        tick_y2=axis_y + TICK_LENGTH,
        tick_label_y=axis_y + TICK_LABEL_BELOW,
        ticks=_ticks(scale),
        marks=marks,
        kinds=_kind_legend(marks),
        years=by_year,
        undated=undated,
        description=_timeline_description(marks, dated, undated, scale),
    )
