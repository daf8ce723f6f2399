"""The world map: a circle per city with coordinates, sized by how connected the city is, over the country outlines.

Every circle is at least 24 px across (WCAG 2.2, 2.5.8: the map is never drawn narrower than its viewBox, see
pictures.css), so cities closer than their circles are drawn as one numbered circle, a group, that opens a view zoomed
on them. A zoomed view fits the projection to the cities it shows (a region's, a country's or a group's).
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from citydip.core.sections import counted

from ..models import City
from .common import rounded
from .countries import country_outlines
from .geometry import MAP_HEIGHT, MAP_WIDTH, project, sphere_path

CITY_MIN_RADIUS = 12.0  # a 24 × 24 px target at the least
CITY_MAX_RADIUS = 20.0
GROUP_MIN_RADIUS = 14.0
GROUP_MAX_RADIUS = 22.0
MARK_GAP = 2.0  # between two circles, so that each stays a target of its own
MAX_ZOOM = 40.0  # a city's neighbourhood of a few kilometres: closer than this, cities stay grouped
ZOOM_MARGIN = 40.0  # viewBox units between the chosen cities and the map's edge


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
class CityGroup:
    """Cities too close to tell apart at this scale: one numbered circle, which opens a view zoomed on them."""

    number: int  # 1, 2 … in the order drawn: the anchor of the group's entry in the list under the map
    cities: list  # CityMark, by name
    x: float
    y: float
    r: float
    url: str = ""  # the zoomed view, or the group's entry under the map when the map cannot zoom closer

    @property
    def anchor(self):
        return f"map-group-{self.number}"

    @property
    def names(self):
        return ", ".join(city.name for city in self.cities)


@dataclass(frozen=True)
class Zoom:
    """World viewBox coordinates → this view's: x · scale + dx, y · scale + dy."""

    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0

    def at(self, x, y):
        return x * self.scale + self.dx, y * self.scale + self.dy

    @property
    def transform(self):
        """The geography's SVG transform (the outlines are projected once, for the whole globe)."""
        if self.scale == 1 and not (self.dx or self.dy):
            return ""
        return f"translate({rounded(self.dx)} {rounded(self.dy)}) scale({round(self.scale, 3)})"

    @property
    def closest(self):
        return self.scale >= MAX_ZOOM


@dataclass
class WorldMap:
    width: int
    height: int
    sphere: str
    countries: tuple
    cities: list  # CityMark, largest first: every placed city, each drawn alone or in a group
    unplaced: list  # UnplacedCity: no coordinates, so only in the table
    description: str
    zoom: Zoom = field(default_factory=Zoom)
    singles: list = field(default_factory=list)  # CityMark drawn as circles of their own, largest first
    groups: list = field(default_factory=list)  # CityGroup

    @property
    def table(self):
        """Every city of the picture, placed or not, by name: the text alternative."""
        return sorted([*self.cities, *self.unplaced], key=lambda c: c.name.casefold())


def city_radius(network_count: int | None, initiative_count: int | None) -> float:
    """A circle's area grows with the number of networks and initiatives a city has."""
    connections = (network_count or 0) + (initiative_count or 0)
    return rounded(min(CITY_MIN_RADIUS + math.sqrt(connections), CITY_MAX_RADIUS))


def fitted_zoom(points: list[tuple[float, float]]) -> Zoom:
    """The view that shows these world points as large as the map allows (never closer than MAX_ZOOM, never smaller
    than the whole globe), centred on them."""
    if not points:
        return Zoom()
    xs, ys = [x for x, _ in points], [y for _, y in points]
    spans = (max(xs) - min(xs), max(ys) - min(ys))
    room = (MAP_WIDTH - 2 * ZOOM_MARGIN, MAP_HEIGHT - 2 * ZOOM_MARGIN)
    scale = min([MAX_ZOOM, *(free / span for free, span in zip(room, spans) if span > 0)])
    if scale <= 1:
        return Zoom()
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return Zoom(scale, MAP_WIDTH / 2 - centre_x * scale, MAP_HEIGHT / 2 - centre_y * scale)


def _inside(value, radius, limit):
    """A circle's centre moved inside the map, so that a city at its edge (Fiji) is drawn whole."""
    return rounded(min(max(value, radius), limit - radius))


def _city_mark(city, networks, initiatives, zoom):
    lon, lat = float(city.longitude), float(city.latitude)
    x, y = zoom.at(*project(lon, lat))
    r = city_radius(networks, initiatives)
    return CityMark(
        name=city.name,
        url=city.get_absolute_url(),
        country=city.country,
        network_count=networks,
        initiative_count=initiatives,
        longitude=lon,
        latitude=lat,
        x=_inside(x, r, MAP_WIDTH),
        y=_inside(y, r, MAP_HEIGHT),
        r=r,
    )


class _Cluster:
    def __init__(self, mark):
        self.marks = [mark]
        self.x, self.y, self.r = mark.x, mark.y, mark.r

    def touches(self, x, y, r):
        return math.hypot(self.x - x, self.y - y) < self.r + r + MARK_GAP

    def take(self, marks):
        self.marks.extend(marks)
        self.x = sum(m.x for m in self.marks) / len(self.marks)
        self.y = sum(m.y for m in self.marks) / len(self.marks)
        self.r = min(GROUP_MIN_RADIUS + math.sqrt(len(self.marks)), GROUP_MAX_RADIUS)


def _clusters(marks):
    """Marks whose circles would touch, gathered until no two circles touch: each mark joins the first cluster it
    touches, then touching clusters merge (a merged cluster is larger and may touch another)."""
    clusters = []
    for mark in marks:
        near = next((c for c in clusters if c.touches(mark.x, mark.y, mark.r)), None)
        if near:
            near.take([mark])
        else:
            clusters.append(_Cluster(mark))
    merged = True
    while merged:
        merged = False
        for i, first in enumerate(clusters):
            for second in clusters[i + 1 :]:
                if first.touches(second.x, second.y, second.r):
                    first.take(second.marks)
                    clusters.remove(second)
                    merged = True
                    break
            if merged:
                break
    return clusters


def bounding_box(marks, margin=0.5):
    """(west, south, east, north) in degrees around the marks, a little wider so that none sits on the edge."""
    lons, lats = [m.longitude for m in marks], [m.latitude for m in marks]
    pad_lon = max((max(lons) - min(lons)) * 0.1, margin)
    pad_lat = max((max(lats) - min(lats)) * 0.1, margin)
    return (
        round(max(min(lons) - pad_lon, -180), 2),
        round(max(min(lats) - pad_lat, -90), 2),
        round(min(max(lons) + pad_lon, 180), 2),
        round(min(max(lats) + pad_lat, 90), 2),
    )


def _groups(marks, zoom, fitted, zoom_url):
    """The marks drawn alone, and the groups; a group links to the view zoomed on it while that view is closer."""
    singles, groups = [], []
    for cluster in _clusters(marks):
        if len(cluster.marks) == 1:
            singles.append(cluster.marks[0])
            continue
        group = CityGroup(
            number=len(groups) + 1,
            cities=sorted(cluster.marks, key=lambda m: m.name.casefold()),
            x=_inside(cluster.x, cluster.r, MAP_WIDTH),
            y=_inside(cluster.y, cluster.r, MAP_HEIGHT),
            r=rounded(cluster.r),
        )
        # Zooming on every city shown gives this very view again, as does zooming past the closest view.
        no_closer = zoom.closest or (fitted and len(cluster.marks) == len(marks)) or zoom_url is None
        group.url = f"#{group.anchor}" if no_closer else zoom_url(bounding_box(cluster.marks))
        groups.append(group)
    return singles, groups


def _map_description(marks, unplaced, groups, as_of):
    """What the map shows, in words: how many cities, the three most connected, the groups and the table."""
    standing = f" as of {as_of}" if as_of else ""
    if marks:
        ranked = sorted(marks, key=lambda m: (-(m.network_count + m.initiative_count), m.name.casefold()))[:3]
        leaders = "; ".join(
            f"{m.name} ({counted(m.network_count, 'network', 'networks')}, "
            f"{counted(m.initiative_count, 'initiative', 'initiatives')})"
            for m in ranked
        )
        description = (
            f"A map with {counted(len(marks), 'city', 'cities')}{standing}, each a circle at its place; the larger the "
            f"circle, the more networks and initiatives the city has. The most connected: {leaders}."
        )
    else:
        description = f"A world map. No city{standing} has coordinates yet."
    if groups:
        grouped = sum(len(group.cities) for group in groups)
        description += (
            f" {counted(grouped, 'city', 'cities')} too close to tell apart at this scale are drawn as "
            f"{counted(len(groups), 'numbered circle', 'numbered circles')}, each of which zooms in on its cities."
        )
    if unplaced:
        description += f" {counted(len(unplaced), 'city has', 'cities have')} no coordinates and are only in the table."
    return description


def world_map(
    cities: Iterable[City],
    *,
    fit: bool = False,
    zoom_url: Callable[[tuple], str] | None = None,
    as_of: int | None = None,
) -> WorldMap:
    """Cities (annotated with network_count and initiative_count, as City.objects.with_counts() gives) on a map.

    `fit`: zoom the projection on the cities (a region's, a country's); otherwise the whole globe. Cities too close to
    tell apart are grouped; a group links to `zoom_url((west, south, east, north))`, the view zoomed on its cities.
    Cities without coordinates are listed in `unplaced`. `as_of` is the year the counts stand in, for the description.
    """
    placed, unplaced = [], []
    for city in cities:
        networks = getattr(city, "network_count", 0) or 0
        initiatives = getattr(city, "initiative_count", 0) or 0
        if city.latitude is None or city.longitude is None:
            unplaced.append(UnplacedCity(city.name, city.get_absolute_url(), city.country, networks, initiatives))
        else:
            placed.append((city, networks, initiatives))
    zoom = fitted_zoom([project(float(c.longitude), float(c.latitude)) for c, _, _ in placed]) if fit else Zoom()
    marks = [_city_mark(city, networks, initiatives, zoom) for city, networks, initiatives in placed]
    marks.sort(key=lambda m: (-m.r, m.name.casefold()))
    singles, groups = _groups(marks, zoom, fit, zoom_url)
    return WorldMap(
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        sphere=sphere_path(),
        countries=country_outlines(),
        cities=marks,
        unplaced=unplaced,
        description=_map_description(marks, unplaced, groups, as_of),
        zoom=zoom,
        singles=singles,
        groups=groups,
    )
