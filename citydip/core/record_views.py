"""The one place that decides how a listing or a detail page answers: HTML, `?format=json`, or, for
listings, `?format=csv` — always with the listing's current filters and order.

Views subclass RecordListView / RecordDetailView and name the `representation` of their records (each app's
`representations.py`): the JSON of a record, its CSV row, and its page's JSON-LD all come from it. Listings
with `facets` filter and count through citydip.core.facets, and each facet's values are all on pages of their
own (FacetValuesView: /initiatives/facets/city/); listings with `sorts` sort by `?sort=`.
"""

import csv
import itertools
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.views.generic import DetailView, ListView, TemplateView

from citydip.core.facets import FacetedListing, UnknownValue, one_value, page_number
from citydip.core.json_ld import json_ld_script
from citydip.core.representations import (
    INTEGER,
    STRING,
    Field,
    JSONSchema,
    Representation,
    absolute,
    array,
    strict_object,
)

EXPORT_CHUNK = 2000

FACET_VALUE = Representation(
    "FacetValue",
    (
        Field("value", {"type": ["string", "integer"]}),
        Field("label", STRING),
        Field("count", INTEGER),
        Field("param", STRING),
    ),
    "`?{param}={value}` added to the listing's query yields exactly `count` results.",
)


@dataclass(frozen=True)
class Sort:
    """An order a listing offers at `?sort=<key>`; each ends with a unique field, so that pages never overlap."""

    key: str  # "-year"
    label: str  # for people: "newest first"
    order: tuple  # of order_by() arguments


def both_ways(key: str, ascending: str, descending: str, by, then: tuple = ("pk",)) -> tuple[Sort, Sort]:
    """`?sort=key` and `?sort=-key`: by `by` (a field or an expression), records without one last either way,
    then by `then`."""
    by = F(by) if isinstance(by, str) else by
    return (
        Sort(key, ascending, (by.asc(nulls_last=True), *then)),
        Sort(f"-{key}", descending, (by.desc(nulls_last=True), *then)),
    )


def listing_schema(summary: Representation, faceted: bool) -> JSONSchema:
    """The JSON Schema of a page of a listing whose records are shown as `summary` (see `listing_json`)."""
    nullable_url = {"type": ["string", "null"], "format": "uri"}
    properties = {"count": INTEGER, "next": nullable_url, "previous": nullable_url, "results": array(summary.reference())}
    if faceted:
        properties["facets"] = {"type": "object", "additionalProperties": array(FACET_VALUE.reference())}
    return strict_object(properties)


def page_links(request, page) -> dict:
    return {
        "next": page_url(request, page.next_page_number()) if page and page.has_next() else None,
        "previous": page_url(request, page.previous_page_number()) if page and page.has_previous() else None,
    }


FACET_VALUE_LIST = strict_object({
    "count": INTEGER,
    "next": {"type": ["string", "null"], "format": "uri"},
    "previous": {"type": ["string", "null"], "format": "uri"},
    "results": array(FACET_VALUE.reference()),
})


def page_url(request, number):
    """The absolute URL of page `number` of this listing, with its other parameters kept."""
    query = request.GET.copy()
    query["page"] = number
    return absolute(request, f"{request.path}?{query.urlencode()}")


def html_only(request) -> None:
    """A page with no JSON says so, rather than answering HTML to a program that asked for JSON."""
    if request.GET.get("format", "html") != "html":
        raise BadRequest("This page is HTML only; listings, records and search answer ?format=json, and /data/ has files.")


def json_response(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def spreadsheet_cell(value):
    """A CSV cell that spreadsheet programs show as written: lists joined, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class Echo:
    def write(self, value):
        return value


class FormatMixin:
    formats = ("html", "json")
    representation: Representation  # how a record of this page answers ?format=json (and, in a listing, CSV)

    @classmethod
    def query_parameters(cls) -> frozenset[str]:
        """The parameters this page reads: any other sends the reader to the address without it (citydip.core.caching)."""
        return frozenset({"format"})

    def get_format(self):
        if "export" in self.kwargs:
            return self.kwargs["export"]
        requested = self.request.GET.getlist("format") or ["html"]
        if len(requested) > 1 or requested[0] not in self.formats:
            raise BadRequest(f"Unknown format. This page answers ?format= {', '.join(self.formats)}.")
        return requested[0]

    def dispatch(self, request, *args, **kwargs):
        self.format = self.get_format()
        return super().dispatch(request, *args, **kwargs)


class RecordListView(FormatMixin, ListView):
    """A listing: its records, filtered by `facets`, each shown as `representation`.

    A subclass says which records it lists in two querysets; a request calls the hooks in this order:

    1. `listed_records()`: every record of the listing, with what a row shows (annotations, select_related),
       in order. For JSON and CSV, `export_related` is prefetched too.
    2. `filterable_records()`: the same records, bare: the facets filter and count these, and the listing
       shows the listed records among those filtered.
       (`get_queryset()` makes the listing from 1 and 2; Django's ListView then cuts out the page.)
    3. `facet_counts()`, for HTML and JSON: each facet's values with the number of filtered records of each.
    4. `representation.json()` of each record of the page (JSON) or of the whole listing (CSV).

    Routed with `{"export": "json" | "csv"}` it is the complete dataset of /data/, unpaginated.
    """

    formats = ("html", "json", "csv")
    paginate_by = settings.PAGE_SIZE
    facets = ()
    # The orders `?sort=` offers, the first by default (the order of `listed_records()` when there are none).
    sorts: tuple[Sort, ...] = ()
    # Relations that JSON and CSV give for each record and the HTML cards do not show: loaded for those only.
    export_related = ()

    @classmethod
    def query_parameters(cls) -> frozenset[str]:
        facets = (name for facet in cls.facets for name in facet.parameters())
        return frozenset({"format", "page", *(("sort",) if cls.sorts else ()), *facets})

    @classmethod
    def facet_values_view(cls):
        """The view of the pages that list every value of one of this listing's facets."""
        return type(f"{cls.__name__}FacetValues", (FacetValuesView,), {"listing": cls}).as_view()

    def faceted_listing(self) -> FacetedListing:
        """The listing's filters as the query asks; a 400 that says where the values are for one it has not."""
        try:
            return FacetedListing(self.facets, self.request.GET)
        except UnknownValue as error:
            values = f"{self.listing_path()}facets/{error.facet.name}/"
            raise BadRequest(f"{error} Every {error.facet.label.lower()} this filter takes is listed at {values}") from error

    def listing_path(self) -> str:
        return self.request.path

    def get_sort(self) -> Sort | None:
        if not self.sorts:
            return None
        key = one_value(self.request.GET, "sort") or self.sorts[0].key
        for sort in self.sorts:
            if sort.key == key:
                return sort
        raise BadRequest(f"Unknown sort. This listing sorts by {', '.join(sort.key for sort in self.sorts)}.")

    def listed_records(self) -> QuerySet:
        raise NotImplementedError

    def filterable_records(self) -> QuerySet:
        """The records the facets filter and count: all of the listing's model unless a view says less."""
        return self.model.objects.all()

    def get_queryset(self):
        records = self.listed_records()
        if self.sort:
            records = records.order_by(*self.sort.order)
        if self.format != "html" and self.export_related:
            records = records.prefetch_related(*self.export_related)
        if not self.facets:
            return records
        self.filtered = self.listing.filter(self.filterable_records())
        return self.listing.narrowed(records, self.filtered)

    def get_paginate_by(self, queryset):
        return None if self.format == "csv" or "export" in self.kwargs else self.paginate_by

    def get(self, request, *args, **kwargs):
        self.listing = self.faceted_listing()
        self.sort = self.get_sort()
        if self.format == "csv":
            return self.csv_response(self.get_queryset())
        page_number(request.GET)  # read as search reads it: "²", "+2" or "١" is a 400, not Django's guess
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        if self.format == "json":
            return json_response(self.listing_json(context))
        return super().render_to_response(context, **kwargs)

    def facet_counts(self, total: int):
        """Each facet's values, counted; `total`, the listing's count, is what the values asked for count."""
        if not self.facets:
            return {}
        if not hasattr(self, "_facet_counts"):
            self._facet_counts = self.listing.counts(self.filtered, total)
        return self._facet_counts

    def listing_json(self, context):
        page = context["page_obj"]
        count = page.paginator.count if page else len(context["object_list"])
        data = {"count": count, **page_links(self.request, page)}
        if "export" in self.kwargs:
            data["snapshot"] = date.today().isoformat()
        elif self.facets:
            data["facets"] = {
                name: [FACET_VALUE.json(value, self.request) for value in values]
                for name, values in self.facet_counts(count).items()
            }
        data["results"] = [self.representation.json(record, self.request) for record in context["object_list"]]
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page:
            links = page_links(self.request, page)
            context["next_url"], context["previous_url"] = links["next"], links["previous"]
        if self.format != "html":
            return context
        if self.facets:
            context.update(self.listing.context(self.facet_counts(page.paginator.count)))
            context["facet_values_path"] = f"{self.listing_path()}facets/"
        if self.sorts:
            context["sort_links"] = [(sort, self.url_with_sort(sort), sort == self.sort) for sort in self.sorts]
        query = self.request.GET.copy()
        query.pop("page", None)
        context["csv_query"] = query.urlencode()
        return context

    def url_with_sort(self, sort: Sort) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        query["sort"] = sort.key
        return f"?{query.urlencode()}"

    def csv_response(self, queryset):
        columns = self.representation.columns

        records = queryset.iterator(chunk_size=EXPORT_CHUNK)
        # The first rows are read now, before anything is sent: a database that cannot answer (down, or a lock
        # held past the timeout) is a 503 page, not a 200 whose file breaks off after its first line.
        first = list(itertools.islice(records, 1))

        def lines():
            writer = csv.writer(Echo())
            yield "\ufeff"  # a byte-order mark, so that spreadsheet programs read UTF-8
            yield writer.writerow(columns)
            for record in itertools.chain(first, records):
                row = self.representation.json(record, self.request)
                yield writer.writerow(spreadsheet_cell(row.get(column)) for column in columns)  # optional: ''

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        name = slugify(queryset.model._meta.verbose_name_plural)
        response["Content-Disposition"] = f'attachment; filename="citydip-{name}.csv"'
        return response


class FacetValuesView(FormatMixin, TemplateView):
    """Every value of one facet of a `listing` (`/initiatives/facets/city/`), with the number of records each
    gives and its link, under the listing's current filters: the listing shows the most frequent only.
    Routed by `RecordListView.facet_values_view()`."""

    listing: type[RecordListView]
    template_name = "facet_values.html"
    paginate_by = 500

    @classmethod
    def query_parameters(cls) -> frozenset[str]:
        return cls.listing.query_parameters() - {"sort"}

    def get(self, request, *args, facet, **kwargs):
        view = self.listing()
        view.setup(request)
        view.format = self.format
        chosen = next((candidate for candidate in view.facets if candidate.name == facet), None)
        if chosen is None:
            raise Http404(f"This listing has no filter ‘{facet}’: it filters by {', '.join(f.name for f in view.facets)}.")
        # The listing's own address, which this page's links lead back to: the facet pages are routed below it.
        view.listing_path = lambda: request.path.removesuffix(f"facets/{facet}/")
        listing = view.faceted_listing()
        filtered = listing.filter(view.filterable_records())
        paginator = Paginator(listing.grouped(chosen), self.paginate_by)
        number = page_number(request.GET)
        if number > paginator.num_pages:
            raise Http404("There is no such page of values.")
        page = paginator.page(number)
        total = filtered.count() if listing.selected[chosen.name] else None
        values = listing.facet_values(chosen, page.object_list, total)
        if self.format == "json":
            results = [FACET_VALUE.json(value, request) for value in values]
            return json_response({"count": paginator.count, **page_links(request, page), "results": results})
        links = page_links(request, page)
        back = request.GET.copy()
        for name in ("page", "format"):
            back.pop(name, None)
        context = {
            "back_query": back.urlencode(),
            "facet": chosen,
            "values": values,
            "page_obj": page,
            "next_url": links["next"],
            "previous_url": links["previous"],
            "records": view.model._meta.verbose_name_plural,
            "listing_path": view.listing_path(),
            "filter_summary": listing.summary(),
            "active_filters": listing.active_filters(),
        }
        return self.render_to_response(context)


class RecordDetailView(FormatMixin, DetailView):
    """A record's page; as JSON, its `representation`, whose schema.org JSON-LD (if the kind has a type) the
    page's head carries as `json_ld` (templates/base.html)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.representation.json_ld:
            data = self.representation.json_ld(self.object, absolute(self.request, self.object))
            context["json_ld"] = json_ld_script(data)
        return context

    def render_to_response(self, context, **kwargs):
        if self.format == "json":
            return json_response(self.representation.json(self.object, self.request))
        return super().render_to_response(context, **kwargs)
