"""The world map's geometry: the Natural Earth projection into the map's viewBox, rings cut at the antimeridian, and
projected rings written as compact SVG path data."""

import math

MAP_WIDTH = 760  # drawn at least this many pixels wide (pictures.css), so its marks and labels keep their size
MAP_HEIGHT = 396
MAP_PADDING = 4
MIN_STEP = 1.0  # drop outline points closer than this (in viewBox units) to the previous one


def natural_earth(lon, lat):
    """The Natural Earth I projection (Šavrič et al.), in radians of the unit sphere: longitude, latitude in degrees."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


_HALF_WIDTH = natural_earth(180, 0)[0]
_HALF_HEIGHT = natural_earth(0, 90)[1]
_SCALE = min((MAP_WIDTH - 2 * MAP_PADDING) / (2 * _HALF_WIDTH), (MAP_HEIGHT - 2 * MAP_PADDING) / (2 * _HALF_HEIGHT))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude and latitude in degrees → x, y in the map's viewBox (north up, the whole globe fitted)."""
    x, y = natural_earth(lon, lat)
    return MAP_WIDTH / 2 + x * _SCALE, MAP_HEIGHT / 2 - y * _SCALE


def sphere_path() -> str:
    """The outline of the globe in the projection: the ocean behind the countries."""
    east = [project(180, lat) for lat in range(90, -91, -5)]
    west = [project(-180, lat) for lat in range(-90, 91, 5)]
    return path_data([east + west])


# Rings across the antimeridian ----------------------------------------------------------------------------------------


def _unwrap_longitudes(points):
    """Make longitudes continuous: a step of more than 180° crosses the antimeridian, so it is taken the short way."""
    lons = [points[0][0]]
    for (previous, _), (lon, _) in zip(points, points[1:]):
        lons.append(lons[-1] + ((lon - previous + 180) % 360 - 180))
    return [(lon, lat) for lon, (_, lat) in zip(lons, points)]


def _close_round_pole(points):
    """A ring whose closing step lands a whole turn away encircles a pole (Antarctica): close it along that pole."""
    (first_lon, first_lat), (last_lon, _) = points[0], points[-1]
    closing_lon = last_lon + ((first_lon - last_lon + 180) % 360 - 180)  # where the closing step lands
    if abs(closing_lon - first_lon) <= 180:
        return points
    pole = -90.0 if sum(lat for _, lat in points) < 0 else 90.0
    return [*points, (closing_lon, first_lat), (closing_lon, pole), (first_lon, pole)]


def _clip_to_side(points, keep, cross):
    """One Sutherland–Hodgman pass: keep(point) says which side stays, cross(a, b) gives the edge's crossing point."""
    if not points:
        return []
    out = []
    previous = points[-1]
    for point in points:
        if keep(point):
            if not keep(previous):
                out.append(cross(previous, point))
            out.append(point)
        elif keep(previous):
            out.append(cross(previous, point))
        previous = point
    return out


def _crossing_at_longitude(limit):
    """cross(a, b) for _clip_to_side: where the segment a–b meets the meridian `limit`."""

    def cross(a, b):
        t = (limit - a[0]) / (b[0] - a[0])
        return (limit, a[1] + t * (b[1] - a[1]))

    return cross


def _densify_map_edges(points, step=2.0):
    """Segments running along the map's edge (or the poles) are curves in the projection: add points along them."""
    out = []
    for a, b in zip(points, points[1:] + points[:1]):
        out.append(a)
        on_edge = abs(a[0] - b[0]) < 1e-9 and abs(abs(a[0]) - 180) < 1e-9
        if on_edge and abs(b[1] - a[1]) > step:
            count = int(abs(b[1] - a[1]) // step)
            out.extend((a[0], a[1] + (b[1] - a[1]) * k / (count + 1)) for k in range(1, count + 1))
    return out


def ring_pieces(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring in degrees → the rings to draw within -180…180°, cut at the antimeridian instead of streaking across.

    The ring is unwrapped (so Russia or Fiji stay in one piece), a ring that goes round a pole (Antarctica) is
    closed along that pole, and the result, together with copies shifted by ±360°, is clipped to the map's width.
    """
    if len(points) < 3:
        return []
    if points[0] == points[-1]:
        points = points[:-1]
    points = _close_round_pole(_unwrap_longitudes(points))
    low, high = min(lon for lon, _ in points), max(lon for lon, _ in points)
    pieces = []
    for shift in (-360, 0, 360):
        if high + shift <= -180 or low + shift >= 180:
            continue
        shifted = [(lon + shift, lat) for lon, lat in points]
        clipped = _clip_to_side(shifted, lambda p: p[0] <= 180, _crossing_at_longitude(180))
        clipped = _clip_to_side(clipped, lambda p: p[0] >= -180, _crossing_at_longitude(-180))
        if len(clipped) >= 3:
            pieces.append(_densify_map_edges(clipped))
    return pieces


# SVG path data --------------------------------------------------------------------------------------------------------


def _svg_number(value):
    """A number with at most one decimal and no trailing zeros ("12", "-3.5", never "-0")."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _in_tenths(ring):
    """A ring's points in whole tenths of a unit, each point closer than MIN_STEP to the one kept before it dropped."""
    kept = []
    for x, y in ring:
        x, y = round(x * 10), round(y * 10)
        if kept and abs(x - kept[-1][0]) < MIN_STEP * 10 and abs(y - kept[-1][1]) < MIN_STEP * 10:
            continue
        kept.append((x, y))
    return kept


def _subpath(tenths):
    """One subpath, "M x,y l dx,dy … z", from points in tenths; a step's sign (or a space) sets it apart."""
    steps = "".join(
        f"{'' if dx < 0 else ' '}{_svg_number(dx / 10)}{'' if dy < 0 else ','}{_svg_number(dy / 10)}"
        for (x1, y1), (x2, y2) in zip(tenths, tenths[1:])
        for dx, dy in [(x2 - x1, y2 - y1)]
    )
    return f"M{_svg_number(tenths[0][0] / 10)},{_svg_number(tenths[0][1] / 10)}l{steps.lstrip()}z"


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    """Projected rings → compact SVG path data, per ring "M x,y l dx,dy … z", near-duplicate points dropped.

    The points are rounded to a tenth before the steps between them are taken, so the relative steps add up exactly.
    """
    parts = []
    for ring in rings:
        tenths = _in_tenths(ring)
        if len(tenths) >= 3:
            parts.append(_subpath(tenths))
    return "".join(parts)
