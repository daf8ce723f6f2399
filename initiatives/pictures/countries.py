"""The country outlines behind the world map, from `static/geo/countries-110m.json` (world-atlas, Natural Earth 1:110m,
see `static/geo/LICENSE-world-atlas.txt`): decoded from TopoJSON, projected and turned into path strings once per
process (`country_outlines`)."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .geometry import path_data, project, ring_pieces

COUNTRIES_FILE = Path(settings.BASE_DIR) / "static" / "geo" / "countries-110m.json"


def _decode_arcs(topology):
    """Every arc as a list of (lon, lat): the quantized deltas summed, then scaled and moved back into degrees."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _join_arcs(arcs, indexes):
    """One ring from its arcs: ~i is arc i reversed, and the point two consecutive arcs share is kept once."""
    points = []
    for index in indexes:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(part if not points else part[1:])
    return points


def decode_topology(topology: dict) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """TopoJSON → {name: [polygon, …]}, each polygon a list of rings, each ring a list of (lon, lat).

    Arcs are quantized and delta-encoded; the transform turns the running sums back into degrees. A negative arc
    index ~i means arc i reversed; consecutive arcs of a ring share their end point, which is kept once.
    """
    arcs = _decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        name = geometry.get("properties", {}).get("name") or geometry.get("id") or "?"
        countries.setdefault(name, []).extend([_join_arcs(arcs, r) for r in polygon] for polygon in polygons)
    return countries


@dataclass(frozen=True)
class CountryOutline:
    name: str
    d: str


@lru_cache(maxsize=1)
def country_outlines() -> tuple[CountryOutline, ...]:
    """Every country's outline as SVG path data in the map's viewBox: read, decoded and projected once per process."""
    with open(COUNTRIES_FILE, encoding="utf-8") as handle:
        topology = json.load(handle)
    outlines = []
    for name, polygons in sorted(decode_topology(topology).items()):
        rings = [
            [project(lon, lat) for lon, lat in piece]
            for polygon in polygons
            for ring in polygon
            for piece in ring_pieces(ring)
        ]
        d = path_data(rings)
        if d:
            outlines.append(CountryOutline(name=name, d=d))
    return tuple(outlines)
