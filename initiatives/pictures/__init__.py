"""The site's three pictures, computed on the server: a world map of cities, a graph of cities and networks, and a
timeline of initiatives.

Pure functions, no HTTP: each takes model instances (querysets or lists) and returns a dataclass that the includes in
`initiatives/templates/initiatives/includes/*.svg.html` draw as inline SVG, with the same data as a table beside it.
Every coordinate is in the picture's own viewBox and rounded to a tenth, so the markup stays small and stable.

One module per subject:

- `geometry`: the Natural Earth projection, rings cut at the antimeridian, SVG path data;
- `countries`: the country outlines, decoded from TopoJSON and projected once per process;
- `maps`: the world map of cities (`world_map`);
- `graphs`: the graph of networks and their member cities (`network_graph`);
- `timelines`: the timeline of initiatives (`timeline`);
- `common`: rounding, counted phrases and legend classes, which the three share.

The names below are re-exported so that callers keep importing them from `initiatives.pictures`.
"""

from .countries import COUNTRIES_FILE, CountryOutline, country_outlines, decode_topology
from .geometry import MAP_HEIGHT, MAP_PADDING, MAP_WIDTH, MIN_STEP, natural_earth, project, ring_pieces, sphere_path
from .graphs import (
    CITY_RING,
    GRAPH_HEIGHT,
    GRAPH_WIDTH,
    LABEL_MIN_SPACING,
    NETWORK_RING,
    ROLE_LABELS,
    GraphEdge,
    GraphNode,
    GraphRole,
    NetworkGraph,
    NetworkRow,
    network_graph,
)
from .maps import (
    CITY_MAX_RADIUS,
    CITY_MIN_RADIUS,
    MAX_ZOOM,
    CityGroup,
    CityMark,
    UnplacedCity,
    WorldMap,
    Zoom,
    city_radius,
    fitted_zoom,
    world_map,
)
from .timelines import (
    KIND_CODES,
    KIND_LABELS,
    MARK_RADIUS,
    MARK_STEP,
    MARKS_PER_LINE,
    TIMELINE_MARGIN,
    TIMELINE_TOP,
    TIMELINE_WIDTH,
    Timeline,
    TimelineKind,
    TimelineMark,
    TimelineTick,
    UndatedInitiative,
    timeline,
)

__all__ = [
    # The three pictures: what the views call.
    "world_map",
    "network_graph",
    "timeline",
    # The world map and its geometry.
    "COUNTRIES_FILE",
    "CITY_MAX_RADIUS",
    "CITY_MIN_RADIUS",
    "MAP_HEIGHT",
    "MAP_PADDING",
    "MAP_WIDTH",
    "MIN_STEP",
    "CityGroup",
    "CityMark",
    "CountryOutline",
    "MAX_ZOOM",
    "Zoom",
    "fitted_zoom",
    "UnplacedCity",
    "WorldMap",
    "city_radius",
    "country_outlines",
    "decode_topology",
    "natural_earth",
    "project",
    "ring_pieces",
    "sphere_path",
    # The network graph.
    "CITY_RING",
    "GRAPH_HEIGHT",
    "GRAPH_WIDTH",
    "LABEL_MIN_SPACING",
    "NETWORK_RING",
    "ROLE_LABELS",
    "GraphEdge",
    "GraphNode",
    "GraphRole",
    "NetworkGraph",
    "NetworkRow",
    # The timeline.
    "KIND_CODES",
    "KIND_LABELS",
    "MARK_RADIUS",
    "MARK_STEP",
    "MARKS_PER_LINE",
    "TIMELINE_MARGIN",
    "TIMELINE_TOP",
    "TIMELINE_WIDTH",
    "Timeline",
    "TimelineKind",
    "TimelineMark",
    "TimelineTick",
    "UndatedInitiative",
]
