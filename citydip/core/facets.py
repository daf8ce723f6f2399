"""Facets of a listing: filters by query parameter (`?topic=climate&city=paris`), combinable, shareable,
and for every value the number of records the listing would show with that filter added — one grouped
query per facet, never one per value.

Repeating a parameter narrows further (`?topic=climate&topic=migration`: both topics).

`whole_number` is the one reading of a number in the address (a year, a page), for listings, pictures and
search alike. Control characters never get this far: citydip.core.middleware answers 400 for them.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import BadRequest
from django.db.models import Count, F, Min
from django.http import QueryDict

MAX_VALUES = 10
# The longest value a parameter may carry, a filter's or a search's: longer than any slug or name a filter
# matches, and than any name a search is for.
MAX_LENGTH = 200
# The most frequent values of a facet, and any chosen one; with thousands of cities, listing every value
# would cost more than the page.
SHOWN_VALUES = 30
# The years a filter may name: every record's and more. A year filter on a date is a range from 1 January of
# that year, and Python's dates hold none before year 1 or after 9999 (?year=0 was a 500).
YEARS = range(1800, 2101)
PAGES = range(1, 10**9)
# ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and int() also takes "١", " 7", "+7"
# and "1_000". Nine at most, so that int() never reads an enormous number.
DIGITS = re.compile(r"[0-9]{1,9}")


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


@dataclass(frozen=True)
class Through:
    """The rows that link a listing's records to a facet's values, e.g. Participation for initiatives by city.

    A relation's facet is counted on these rows and the values' table alone: joining the listing's records
    too, and counting them distinct, cost seconds at scale.
    """

    model: object
    record: str  # the field that points at the listing's record: "initiative"
    value: str  # the field that points at the facet's value: "city"
    repeats: bool = False  # True where a record may reach one value twice (in two roles): count distinct records
    public: str = "all"  # the name of the model's queryset method that gives the rows readers see

    def rows(self):
        return getattr(self.model.objects, self.public)()

    def value_lookup(self, facet_lookup: str) -> str:
        """The lookup of the value's field from the link rows: "city__slug" for "participations__city__slug"."""
        return f"{self.value}__{facet_lookup.rsplit('__', 1)[1]}"


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter, and the facet's key in JSON
    label: str  # for people: "Topic"
    value: object  # lookup (or expression) whose value a filter matches: "topics__slug"
    display: object = None  # lookup for the value's label; None: the value itself, or `choices`
    choices: dict = field(default_factory=dict)
    numeric: bool = False  # a year, the only number listings filter by
    through: Through = None

    def lookup(self):
        return self.value if isinstance(self.value, str) else f"{self.name}_value"

    def clean(self, raw):
        name = self.label.lower()
        if self.numeric:
            years = f"from {YEARS[0]} to {YEARS[-1]}"
            return whole_number(raw, YEARS, f"The {name} filter takes a year {years}, such as 2020.")
        if len(raw) > MAX_LENGTH:
            raise BadRequest(f"The {name} filter is longer than any value it takes ({MAX_LENGTH} characters at most).")
        return raw

    def label_of(self, value, display):
        if self.choices:
            return str(self.choices.get(value, value))
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
class ActiveFilter:
    facet: Facet
    value: object
    label: str
    remove_url: str


class FacetedListing:
    """Applies the facets requested in `query` (a QueryDict) to a queryset and counts the values of each."""

    def __init__(self, facets, query):
        self.facets = facets
        self.query = query
        self.selected = {}
        for facet in facets:
            values = query.getlist(facet.name)
            if len(values) > MAX_VALUES:
                raise BadRequest(f"At most {MAX_VALUES} values of one filter, please.")
            self.selected[facet.name] = [facet.clean(value) for value in values if value != ""]

    @property
    def active(self):
        return any(self.selected.values())

    def with_expressions(self, queryset):
        expressions = {facet.lookup(): facet.value for facet in self.facets if not isinstance(facet.value, str)}
        return queryset.annotate(**expressions) if expressions else queryset

    def filter(self, queryset):
        queryset = self.with_expressions(queryset)
        for facet in self.facets:
            for value in self.selected[facet.name]:
                if facet.through:  # through the link rows readers see, as the facet's counts are counted
                    through = facet.through
                    linked = through.rows().filter(**{through.value_lookup(facet.value): value})
                    queryset = queryset.filter(pk__in=linked.values(through.record))
                else:
                    queryset = queryset.filter(**{facet.lookup(): value})
        return queryset

    def url_with(self, facet, value=None, without=None):
        query = self.query.copy()
        query.pop("page", None)
        query.pop("format", None)
        values = [v for v in query.getlist(facet.name) if str(v) != str(without)]
        if value is not None:
            values.append(str(value))
        query.setlist(facet.name, values)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    def grouped(self, facet, filtered):
        """The facet's values with their counts, most frequent first: rows of facet_value, facet_display, facet_count."""
        if facet.through:
            through = facet.through
            links = through.rows()
            if filtered.query.has_filters():
                links = links.filter(**{f"{through.record}__in": filtered.values("pk")})
            # Grouped by the value's id; its slug and name ride along as aggregates, so as not to sort by text.
            value = through.value_lookup(facet.value)
            columns = {"facet_value": Min(value)}
            if facet.display:
                columns["facet_display"] = Min(through.value_lookup(facet.display))
            counted = Count(through.record, distinct=through.repeats)
            grouped = links.values(through.value).annotate(facet_count=counted, **columns)
            return grouped.order_by("-facet_count", "facet_value"), value
        lookup = facet.lookup()
        columns = {"facet_value": F(lookup)}
        if facet.display:
            columns["facet_display"] = F(facet.display)
        return (
            filtered.filter(**{f"{lookup}__isnull": False})
            .values(**columns)
            # Only a filter's join can repeat a record.
            .annotate(facet_count=Count("pk", distinct=self.active))
            .order_by("-facet_count", "facet_value")
        ), lookup

    def counts(self, filtered):
        """{facet name: [FacetValue]} over the filtered records: adding a value yields exactly its count."""
        result = {}
        for facet in self.facets:
            grouped, lookup = self.grouped(facet, filtered)
            chosen = {str(v) for v in self.selected[facet.name]}
            rows = list(grouped[:SHOWN_VALUES])
            if chosen - {str(row["facet_value"]) for row in rows}:
                rows += list(grouped.filter(**{f"{lookup}__in": self.selected[facet.name]}))
            result[facet.name] = [
                FacetValue(
                    value=row["facet_value"],
                    label=facet.label_of(row["facet_value"], row.get("facet_display")),
                    count=row["facet_count"],
                    param=facet.name,
                    active=str(row["facet_value"]) in chosen,
                    url=self.url_with(facet, row["facet_value"]),
                )
                for row in rows
            ]
        return result

    def narrowed(self, records, filtered):
        """`records` limited to the filtered ones: a subquery, so that the facets' joins never repeat a record."""
        return records.filter(pk__in=filtered.values("pk")) if self.active else records

    def context(self, counted):
        """What templates/includes/facets.html shows: each facet with its values, and the active filters."""
        return {"facets": [(facet, counted[facet.name]) for facet in self.facets], "active_filters": self.active_filters(counted)}

    def active_filters(self, counted):
        """Each value filtered on, with its label and the address of the listing without it."""
        labels = {(name, str(v.value)): v.label for name, values in counted.items() for v in values}
        return [
            ActiveFilter(facet, value, labels.get((facet.name, str(value)), str(value)), self.url_with(facet, without=value))
            for facet in self.facets
            for value in self.selected[facet.name]
        ]
