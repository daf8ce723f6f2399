"""Facets of a listing: filters by query parameter (`?topic=climate&city=paris`), combinable, shareable,
and for every value the number of records the listing would show with that value added — one grouped
query per facet, never one per value.

Within one facet, repeated values mean "any of": `?city=los-angeles&city=san-diego` is the initiatives of
either city. A facet a record may have several values of (`Facet.multiple`: a city, a topic, a network)
also takes `<name>_match=all`: `?network=c40-cities&network=urban-20&network_match=all` is the cities in
both. Different facets always narrow. A year facet also takes a range, `?year_from=2018&year_to=2020`, both
ends included. A value no record could have (`?city=narnia`) is a 400 that names it: a listing that said
"nothing yet" would be read as an empty answer.

`whole_number` is the one reading of a number in the address (a year, a page), for listings, pictures and
search alike. Control characters never get this far: citydip.core.middleware answers 400 for them.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import BadRequest
from django.db.models import Count, F, Min, Q, QuerySet
from django.http import QueryDict

MAX_VALUES = 10
# The longest value a parameter may carry, a filter's or a search's: longer than any slug or name a filter
# matches, and than any name a search is for.
MAX_LENGTH = 200
# The most frequent values of a facet, and any chosen one; with thousands of cities, listing every value
# would cost more than the page. Every value is on the facet's own pages (citydip.core.record_views).
SHOWN_VALUES = 30
# The years a filter may name: every record's and more. A year filter on a date is a range from 1 January of
# that year, and Python's dates hold none before year 1 or after 9999 (?year=0 was a 500).
YEARS = range(1800, 2101)
PAGES = range(1, 10**9)
# ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and int() also takes "١", " 7", "+7"
# and "1_000". Nine at most, so that int() never reads an enormous number.
DIGITS = re.compile(r"[0-9]{1,9}")
ANY, ALL = "any", "all"
MATCHES = (ANY, ALL)


def whole_number(raw: str, allowed: range, message: str) -> int:
    """`raw` read as a number in `allowed`, or BadRequest with `message` (written for the reader)."""
    if not DIGITS.fullmatch(raw) or int(raw) not in allowed:
        raise BadRequest(message)
    return int(raw)


def page_number(query: QueryDict) -> int:
    """The page a listing or search asks for (`?page=`, 1 when absent or empty, as Django's ListView reads it);
    a page past the last is the caller's 404."""
    message = "The page number is a whole number from 1, such as ?page=2."
    return whole_number(query.get("page") or "1", PAGES, message)


def model_of(model):
    """A model, or its label ("initiatives.City"): articles name the models of initiatives so, since a lower
    layer may not import a higher one (.importlinter) — as Django's own relations do."""
    return apps.get_model(model) if isinstance(model, str) else model


def field_choices(model: str, name: str) -> Callable[[], dict]:
    """The labels of a field's choices, read when first needed (see `model_of`)."""
    return lambda: dict(model_of(model)._meta.get_field(name).choices)


@dataclass(frozen=True)
class Through:
    """The rows that link a listing's records to a facet's values, e.g. Participation for initiatives by city.

    A relation's facet is counted on these rows and the values' table alone: joining the listing's records
    too, and counting them distinct, cost seconds at scale.
    """

    model: object  # a model or its label
    record: str  # the field that points at the listing's record: "initiative"
    value: str  # the field that points at the facet's value: "city"
    repeats: bool = False  # True where a record may reach one value twice (in two roles): count distinct records
    public: str = "all"  # the name of the model's queryset method that gives the rows readers see

    def rows(self) -> QuerySet:
        return getattr(model_of(self.model).objects, self.public)()

    def value_lookup(self, facet_lookup: str) -> str:
        """The lookup of the value's field from the link rows: "city__slug" for "participations__city__slug"."""
        return f"{self.value}__{facet_lookup.rsplit('__', 1)[1]}"


@dataclass(frozen=True)
class Known:
    """Every value a facet could take, whether or not a listed record has it: `?city=paris` with no initiative
    in Paris is an empty listing, `?city=narnia` a mistake to name."""

    model: object  # a model or its label
    value: str  # "slug"
    display: str = ""  # "name"; none: the value itself
    public: str = "all"

    def labels(self, values: list) -> dict[str, str]:
        rows = getattr(model_of(self.model).objects, self.public)().filter(**{f"{self.value}__in": values})
        pairs = rows.order_by().values_list(self.value, self.display or self.value).distinct()
        return {str(value): str(label) for value, label in pairs}


class UnknownValue(BadRequest):
    def __init__(self, facet: "Facet", value):
        self.facet, self.value = facet, value
        super().__init__(f"No {facet.label.lower()} ‘{value}’.")


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter, and the facet's key in JSON
    label: str  # for people: "Topic"
    value: object  # lookup (or expression) whose value a filter matches: "topics__slug"
    display: object = None  # lookup for the value's label; None: the value itself, or `choices`
    choices: dict | Callable[[], dict] = field(default_factory=dict)
    numeric: bool = False  # a year, the only number listings filter by; it takes a range too
    through: Through = None
    known: Known = None  # where a value is looked up when no choice or year says whether it could be
    example: str = ""  # a value the API description shows

    @property
    def multiple(self) -> bool:
        """Whether a record may have several values (it has them through link rows): then `_match=all` means."""
        return self.through is not None

    @property
    def match_parameter(self) -> str:
        return f"{self.name}_match"

    @property
    def range_parameters(self) -> tuple[str, str]:
        return f"{self.name}_from", f"{self.name}_to"

    def parameters(self) -> tuple[str, ...]:
        """Every query parameter the facet reads."""
        return (
            self.name,
            *((self.match_parameter,) if self.multiple else ()),
            *(self.range_parameters if self.numeric else ()),
        )

    def choice_labels(self) -> dict:
        return self.choices() if callable(self.choices) else self.choices

    def lookup(self):
        return self.value if isinstance(self.value, str) else f"{self.name}_value"

    def year(self, raw, parameter):
        return whole_number(raw, YEARS, f"The {parameter} filter takes a year from {YEARS[0]} to {YEARS[-1]}, such as 2020.")

    def clean(self, raw):
        name = self.label.lower()
        if self.numeric:
            return self.year(raw, name)
        if len(raw) > MAX_LENGTH:
            raise BadRequest(f"The {name} filter is longer than any value it takes ({MAX_LENGTH} characters at most).")
        if self.choices and raw not in self.choice_labels():
            raise BadRequest(f"No {name} ‘{raw}’: the {name} filter takes {', '.join(self.choice_labels())}.")
        return raw

    def label_of(self, value, display):
        if self.choices:
            return str(self.choice_labels().get(value, value))
        return str(display if display is not None else value)


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    param: str
    active: bool
    url: str


@dataclass
class Panel:
    """A facet as templates/includes/facets.html shows it."""

    facet: Facet
    values: list[FacetValue]
    match_links: list[tuple[str, str, bool]]  # (any | all, address, chosen), when several values may be asked for
    range: tuple[int | None, int | None]


@dataclass
class ActiveFilter:
    facet: Facet
    value: object
    label: str
    remove_url: str


def one_value(query: QueryDict, name: str) -> str:
    values = query.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"The {name} parameter takes one value.")
    return values[0] if values else ""


class FacetedListing:
    """Applies the facets requested in `query` (a QueryDict) to a queryset and counts the values of each."""

    def __init__(self, facets, query):
        self.facets = facets
        self.query = query
        self.selected, self.matches, self.ranges = {}, {}, {}
        for facet in facets:
            values = [value for value in query.getlist(facet.name) if value != ""]
            if len(values) > MAX_VALUES:
                raise BadRequest(f"At most {MAX_VALUES} values of one filter, please.")
            self.selected[facet.name] = list(dict.fromkeys(facet.clean(value) for value in values))
            self.matches[facet.name] = self.read_match(facet)
            self.ranges[facet.name] = self.read_range(facet)
        self.labels = self.check()

    def read_match(self, facet) -> str:
        if not facet.multiple:
            return ANY
        match = one_value(self.query, facet.match_parameter) or ANY
        if match not in MATCHES:
            label = facet.label.lower()
            raise BadRequest(f"{facet.match_parameter} is any (records with any of the {label} values asked for) or all.")
        return match

    def read_range(self, facet) -> tuple[int | None, int | None]:
        if not facet.numeric:
            return None, None
        low, high = (one_value(self.query, name) for name in facet.range_parameters)
        low = facet.year(low, facet.range_parameters[0]) if low else None
        high = facet.year(high, facet.range_parameters[1]) if high else None
        if low is not None and high is not None and low > high:
            raise BadRequest(f"{facet.range_parameters[0]} ({low}) is after {facet.range_parameters[1]} ({high}).")
        return low, high

    def check(self) -> dict[tuple[str, str], str]:
        """The label of each value asked for, by (facet, value); UnknownValue for one no record could have.
        One query per facet with values asked for, whose values are neither choices nor years."""
        labels = {}
        for facet in self.facets:
            values = self.selected[facet.name]
            if not values or facet.numeric:
                continue
            known = {str(value): facet.label_of(value, None) for value in values} if facet.choices else facet.known.labels(values)
            for value in values:
                if str(value) not in known:
                    raise UnknownValue(facet, value)
                labels[facet.name, str(value)] = known[str(value)]
        return labels

    @property
    def active(self):
        return any(self.selected.values()) or any(bound is not None for ends in self.ranges.values() for bound in ends)

    def with_expressions(self, queryset):
        expressions = {facet.lookup(): facet.value for facet in self.facets if not isinstance(facet.value, str)}
        return queryset.annotate(**expressions) if expressions else queryset

    def having(self, facet, values) -> Q:
        """The records with any of `values` of the facet."""
        if facet.through:
            return Q(pk__in=self.linked(facet, values))
        return Q(**{f"{facet.lookup()}__in": values})

    @staticmethod
    def linked(facet, values) -> QuerySet:
        """The ids of the records linked to any of `values`, through the link rows readers see, as the facet's
        counts are counted."""
        through = facet.through
        return through.rows().filter(**{f"{through.value_lookup(facet.value)}__in": values}).values(through.record)

    def filter(self, queryset):
        """The records the query chooses (kept, with the facets' expressions, for the counts)."""
        self.records = self.with_expressions(queryset)
        self.filtered = self.narrowed_by(self.records)
        return self.filtered

    def narrowed_by(self, queryset, skip=None):
        """`queryset` narrowed by every facet's filters, but the values of `skip`."""
        for facet in self.facets:
            values = [] if facet is skip else self.selected[facet.name]
            if values and self.matches[facet.name] == ALL:
                for value in values:
                    queryset = queryset.filter(self.having(facet, [value]))
            elif values:
                queryset = queryset.filter(self.having(facet, values))
            low, high = self.ranges[facet.name]
            if low is not None:
                queryset = queryset.filter(**{f"{facet.lookup()}__gte": low})
            if high is not None:
                queryset = queryset.filter(**{f"{facet.lookup()}__lte": high})
        return queryset

    def widening(self, facet) -> bool:
        """Whether adding a value of the facet widens the listing: the facet has "any of" values asked for."""
        return bool(self.selected[facet.name]) and self.matches[facet.name] == ANY

    def url_with(self, facet, value=None, without=None, drop=()):
        query = self.query.copy()
        for name in ("page", "format", *drop):
            query.pop(name, None)
        values = [v for v in query.getlist(facet.name) if str(v) != str(without)]
        if value is not None:
            values.append(str(value))
        query.setlist(facet.name, values)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    def grouped(self, facet) -> QuerySet:
        """The facet's values with their counts, most frequent first: rows of facet_value, facet_display,
        facet_count — where the facet widens the listing, the count of records a value would add to it."""
        widening = self.widening(facet)
        base = self.narrowed_by(self.records, skip=facet) if widening else self.filtered
        if facet.through:
            through = facet.through
            value = through.value_lookup(facet.value)
            links = through.rows().filter(**{f"{value}__isnull": False})
            if base.query.has_filters():
                links = links.filter(**{f"{through.record}__in": base.values("pk")})
            new = ~Q(**{f"{through.record}__in": self.linked(facet, self.selected[facet.name])}) if widening else None
            counted = Count(through.record, distinct=through.repeats or widening, filter=new)
            if facet.display:
                # Grouped by the value's id; its slug and name ride along as aggregates, so as not to sort by text.
                columns = {"facet_value": Min(value), "facet_display": Min(through.value_lookup(facet.display))}
                grouped = links.values(through.value).annotate(facet_count=counted, **columns)
            else:
                grouped = links.values(facet_value=F(value)).annotate(facet_count=counted)
            return grouped.order_by("-facet_count", "facet_value")
        lookup = facet.lookup()
        columns = {"facet_value": F(lookup)}
        if facet.display:
            columns["facet_display"] = F(facet.display)
        return (
            base.filter(**{f"{lookup}__isnull": False})
            .values(**columns)
            # A record has one value of a field: where the facet widens, every value but those asked for is new.
            .annotate(facet_count=Count("pk"))
            .order_by("-facet_count", "facet_value")
        )

    def facet_values(self, facet, rows, total: int | None) -> list[FacetValue]:
        """The rows of `grouped()` as FacetValues, whose counts are what the listing shows with the value added
        (`total`: how many it shows now, needed once a value is asked for); the values asked for come too."""
        chosen = [str(value) for value in self.selected[facet.name]]
        widening = self.widening(facet)
        values = []
        for row in rows:
            active = str(row["facet_value"]) in chosen
            count = row["facet_count"]
            if widening:
                count = total if active else total + count
            label = facet.label_of(row["facet_value"], row.get("facet_display"))
            values.append(FacetValue(row["facet_value"], label, count, facet.name, active, self.url_with(facet, row["facet_value"])))
        shown = {str(value.value) for value in values}
        for value in self.selected[facet.name]:
            if str(value) not in shown:
                label = self.labels.get((facet.name, str(value)), str(value))
                values.append(FacetValue(value, label, total, facet.name, True, self.url_with(facet, value)))
        return values

    def counts(self, filtered, total: int | None = None) -> dict[str, list[FacetValue]]:
        """{facet name: [FacetValue]} over the filtered records: adding a value yields exactly its count.
        `total` is how many records `filtered` holds, when the caller has counted them."""
        if total is None and any(self.selected.values()):
            total = filtered.count()
        return {facet.name: self.facet_values(facet, self.grouped(facet)[:SHOWN_VALUES], total) for facet in self.facets}

    def narrowed(self, records, filtered):
        """`records` limited to the filtered ones: a subquery, so that the facets' joins never repeat a record."""
        return records.filter(pk__in=filtered.values("pk")) if self.active else records

    def context(self, counted):
        """What templates/includes/facets.html shows: each facet with its values, and the active filters."""
        panels = [
            Panel(facet, counted[facet.name], self.match_links(facet), self.ranges[facet.name]) for facet in self.facets
        ]
        return {
            "facets": panels,
            "active_filters": self.active_filters(),
            "filter_summary": self.summary(),
            "kept_parameters": self.kept_parameters(),
        }

    def match_links(self, facet) -> list[tuple[str, str, bool]]:
        """"Any" and "all" of the values asked for, once two are: the address of each and whether it is chosen."""
        if not facet.multiple or len(self.selected[facet.name]) < 2:
            return []
        links = []
        for match in MATCHES:
            query = self.query.copy()
            for name in ("page", "format", facet.match_parameter):
                query.pop(name, None)
            if match == ALL:
                query[facet.match_parameter] = ALL
            links.append((match, f"?{query.urlencode()}", self.matches[facet.name] == match))
        return links

    def active_filters(self):
        """Each value filtered on, and each range, with its label and the address of the listing without it."""
        chips = [
            ActiveFilter(facet, value, self.labels.get((facet.name, str(value)), str(value)), self.url_with(facet, without=value))
            for facet in self.facets
            for value in self.selected[facet.name]
        ]
        for facet in self.facets:
            if (span := self.span(facet)) is not None:
                chips.append(ActiveFilter(facet, span, span, self.url_with(facet, drop=facet.range_parameters)))
        return chips

    def span(self, facet) -> str | None:
        """A facet's range for people: "2018–2020", "from 2018", "to 2020"; None without one."""
        low, high = self.ranges[facet.name]
        if low is not None and high is not None:
            return f"{low}–{high}" if low != high else str(low)
        if low is not None or high is not None:
            return f"from {low}" if low is not None else f"to {high}"
        return None

    def summary(self) -> str:
        """The active filters in a few words, for the page's title and heading:
        "topic Migration, country United States, 2018–2020"."""
        parts = []
        for facet in self.facets:
            if values := self.selected[facet.name]:
                joined = " and " if self.matches[facet.name] == ALL else " or "
                labels = joined.join(self.labels.get((facet.name, str(value)), str(value)) for value in values)
                parts.append(f"{facet.label.lower()} {labels}")
            if (span := self.span(facet)) is not None:
                parts.append(span)
        return ", ".join(parts)

    def kept_parameters(self) -> list[tuple[str, str]]:
        """The query's parameters but the ranges' and the page's: hidden in the range form, which replaces those."""
        ranges = {name for facet in self.facets if facet.numeric for name in facet.range_parameters}
        return [(name, value) for name, values in self.query.lists() if name not in ranges | {"page", "format"} for value in values]
