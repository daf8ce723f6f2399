"""The filters of the city and initiative listings (citydip.core.facets): the map filters cities as the city
listing does and the timeline initiatives as the initiative listing does, and the API description lists them."""

from articles.models import Topic
from citydip.core.facets import Facet, Known, Through

from .models import Body, City, Initiative, InitiativeTopic, Membership, Network, Participation

REGIONS = dict(City.Region.choices)
CITY_FACETS: tuple[Facet, ...] = (
    Facet("region", "Region", "region", choices=REGIONS, example="europe"),
    Facet("country", "Country", "country", known=Known(City, "country"), example="United States"),
    Facet(
        "network", "Network", "memberships__network__slug", display="memberships__network__name",
        through=Through(Membership, "city", "network", repeats=True, public="public"),
        known=Known(Network, "slug", "name"), example="c40-cities",
    ),
)


def city_facets(through: Through) -> tuple[Facet, ...]:
    """Records by the cities they are linked to through `through`, and by those cities' countries and regions."""
    lookup = f"{through.value}__"
    return (
        Facet("city", "City", f"{lookup}slug", display=f"{lookup}name", through=through,
              known=Known(City, "slug", "name"), example="los-angeles"),
        Facet("country", "Country", f"{lookup}country", through=through, known=Known(City, "country"), example="United States"),
        Facet("region", "Region", f"{lookup}region", through=through, choices=REGIONS, example="north-america"),
    )


PARTICIPATING_CITIES = Through(Participation, "initiative", "city", repeats=True, public="public")
INITIATIVE_FACETS: tuple[Facet, ...] = (
    Facet(
        "topic", "Topic", "topics__slug", display="topics__name", through=Through(InitiativeTopic, "content_object", "tag"),
        known=Known(Topic, "slug", "name"), example="migration",
    ),
    *city_facets(PARTICIPATING_CITIES),
    Facet(
        "network", "Network", "networks__slug", display="networks__name",
        through=Through(Initiative.networks.through, "initiative", "network"),
        known=Known(Network, "slug", "name"), example="c40-cities",
    ),
    Facet(
        "body", "Multilateral body", "bodies__slug", display="bodies__name",
        through=Through(Initiative.bodies.through, "initiative", "body"),
        known=Known(Body, "slug", "name"), example="united-nations",
    ),
    Facet("year", "Year", "year", numeric=True, example="2020"),
    Facet("kind", "Kind", "kind", choices=dict(Initiative.Kind.choices), example="pledge"),
    Facet("status", "Status", "status", choices=dict(Initiative.Status.choices), example="under way"),
    Facet("scope", "Scope", "scope", choices=dict(Initiative.Scope.choices), example="international"),
)
