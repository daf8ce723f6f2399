"""The filters of the city and initiative listings (citydip.core.facets): the map filters cities as the city
listing does and the timeline initiatives as the initiative listing does, and the API description lists them."""

from citydip.core.facets import Facet, Through

from .models import City, Initiative, InitiativeTopic, Membership, Participation

CITY_FACETS: tuple[Facet, ...] = (
    Facet("region", "Region", "region", choices=dict(City.Region.choices)),
    Facet("country", "Country", "country"),
    Facet(
        "network", "Network", "memberships__network__slug", display="memberships__network__name",
        through=Through(Membership, "city", "network", repeats=True, public="public"),
    ),
)
INITIATIVE_FACETS: tuple[Facet, ...] = (
    Facet("topic", "Topic", "topics__slug", display="topics__name", through=Through(InitiativeTopic, "content_object", "tag")),
    Facet(
        "city", "City", "participations__city__slug", display="participations__city__name",
        through=Through(Participation, "initiative", "city", repeats=True, public="public"),
    ),
    Facet(
        "network", "Network", "networks__slug", display="networks__name",
        through=Through(Initiative.networks.through, "initiative", "network"),
    ),
    Facet(
        "body", "Multilateral body", "bodies__slug", display="bodies__name",
        through=Through(Initiative.bodies.through, "initiative", "body"),
    ),
    Facet("year", "Year", "year", numeric=True),
    Facet("kind", "Kind", "kind", choices=dict(Initiative.Kind.choices)),
)
