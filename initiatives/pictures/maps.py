"""The world map: a circle per city with coordinates, sized by how connected the city is, over the country outlines."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import City
from .common import plural, rounded
from .countries import country_outlines
from .geometry import MAP_HEIGHT, MAP_WIDTH, project, sphere_path

CITY_MIN_RADIUS = 3.0
CITY_MAX_RADIUS = 16.0


@dataclass
class CityMark:
    name: str
    url: str
    country: str
    network_count: int
    initiative_count: int
    longitude: float
    latitude: float
    x: float
    y: float
    r: float


@dataclass
class UnplacedCity:
    name: str
    url: str
    country: str
    network_count: int
    initiative_count: int
    longitude: None = None
    latitude: None = None


@dataclass
class WorldMap:
    width: int
    height: int
    sphere: str
    countries: tuple
    cities: list  # CityMark, largest first, so that small circles are drawn on top of large ones
    unplaced: list  # UnplacedCity: no coordinates, so only in the table
    description: str

    @property
    def table(self):
        """Every city of the picture, placed or not, by name: the text alternative."""
        return sorted([*self.cities, *self.unplaced], key=lambda c: c.name.casefold())


def city_radius(network_count: int | None, initiative_count: int | None) -> float:
    """A circle's area grows with the number of networks and initiatives a city has."""
    connections = (network_count or 0) + (initiative_count or 0)
    return rounded(min(CITY_MIN_RADIUS + 1.5 * math.sqrt(connections), CITY_MAX_RADIUS))


def _city_mark(city, networks, initiatives):
    lon, lat = float(city.longitude), float(city.latitude)
    x, y = project(lon, lat)
    return CityMark(
        name=city.name,
        url=city.get_absolute_url(),
        country=city.country,
        network_count=networks,
        initiative_count=initiatives,
        longitude=lon,
        latitude=lat,
        x=rounded(x),
        y=rounded(y),
        r=city_radius(networks, initiatives),
    )


def _map_description(marks, unplaced):
    """What the map shows, in words: how many cities, the three most connected, and how many are only in the table."""
    if marks:
        ranked = sorted(marks, key=lambda m: (-(m.network_count + m.initiative_count), m.name.casefold()))[:3]
        leaders = "; ".join(
            f"{m.name} ({plural(m.network_count, 'network', 'networks')}, "
            f"{plural(m.initiative_count, 'initiative', 'initiatives')})"
            for m in ranked
        )
        description = (
            f"A world map with {plural(len(marks), 'city', 'cities')}, each a circle at its place; the larger the "
            f"circle, the more networks and initiatives the city has. The most connected: {leaders}."
        )
    else:
        description = "A world map. No city has coordinates yet."
    if unplaced:
        description += f" {plural(len(unplaced), 'city has', 'cities have')} no coordinates and are only in the table."
    return description


def world_map(cities: Iterable[City]) -> WorldMap:
    """Cities (annotated with network_count and initiative_count, as City.objects.with_counts() gives) on a world map.

    Cities without coordinates are listed in `unplaced`.
    """
    marks, unplaced = [], []
    for city in cities:
        networks = getattr(city, "network_count", 0) or 0
        initiatives = getattr(city, "initiative_count", 0) or 0
        if city.latitude is None or city.longitude is None:
            unplaced.append(UnplacedCity(city.name, city.get_absolute_url(), city.country, networks, initiatives))
        else:
            marks.append(_city_mark(city, networks, initiatives))
    marks.sort(key=lambda m: (-m.r, m.name.casefold()))
    return WorldMap(
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        sphere=sphere_path(),
        countries=country_outlines(),
        cities=marks,
        unplaced=unplaced,
        description=_map_description(marks, unplaced),
    )
