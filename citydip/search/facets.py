"""The filters of the search (citydip.core.facets), beside its kind: what the found records are about — a topic,
a city — and their year, counted on the links between entries (SearchLink) as the listings count theirs."""

from articles.models import Topic
from citydip.core.facets import Facet, Known, Through
from initiatives.models import City

from .models import SearchLink

SEARCH_FACETS: tuple[Facet, ...] = (
    Facet(
        "topic", "Topic", "links__slug", display="links__name", through=Through(SearchLink, "entry", "value", public="topics"),
        known=Known(Topic, "slug", "name"), example="climate",
    ),
    Facet(
        "city", "City", "links__slug", display="links__name", through=Through(SearchLink, "entry", "value", public="cities"),
        known=Known(City, "slug", "name"), example="los-angeles",
    ),
    Facet("year", "Year", "year", numeric=True, example="2020"),
)
