"""A reconciliation query batch read and checked: each query's name, types, limit and properties, or a message
that says what is wrong with it — the service answers that with a 400, never with a guess."""

import json
import re
from dataclasses import dataclass

from .kinds import KINDS, Kind

MAX_QUERIES = 100  # a batch; OpenRefine sends 10 at a time unless told otherwise
MAX_QUERY_LENGTH = 300
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
PROPERTIES = {
    "country": "the city’s country, by name (“United States”, “USA”) or ISO code (“US”)",
    "wikidata": "the record’s Wikidata identifier (“Q65”) or address",
}
FIELDS = {"query", "type", "limit", "properties", "type_strict"}
WIKIDATA_ID = re.compile(r"(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/)?(Q[1-9][0-9]*)", re.ASCII)


class QueryError(ValueError):
    """A query batch the service cannot answer; the message is for the person who sent it."""


@dataclass(frozen=True)
class Query:
    text: str
    kinds: tuple[Kind, ...]
    limit: int = DEFAULT_LIMIT
    countries: tuple[str, ...] = ()
    wikidata: tuple[str, ...] = ()


def parse_batch(text: str) -> dict[str, Query]:
    """The queries of a batch (`{"q0": {"query": "Los Angeles"}, …}`), by the keys the client chose."""
    batch = decode(text, "queries")
    if not isinstance(batch, dict):
        raise QueryError('queries must be a JSON object of queries by key, e.g. {"q0": {"query": "Los Angeles"}}.')
    if len(batch) > MAX_QUERIES:
        raise QueryError(f"A batch holds at most {MAX_QUERIES} queries; this one holds {len(batch)}.")
    return {key: parse_query(query, f"Query {key!r}") for key, query in batch.items()}


def parse_single(text: str) -> Query:
    """One query, given as `query=`: a name, or a query object."""
    stripped = text.strip()
    return parse_query(decode(stripped, "query") if stripped.startswith("{") else {"query": text}, "The query")


def decode(text: str, parameter: str):
    try:
        return json.loads(text)
    except ValueError as error:
        raise QueryError(f"{parameter} is not valid JSON: {error}.") from None
    except RecursionError:
        raise QueryError(f"{parameter} is nested too deeply to be a query batch.") from None


def parse_query(query, where: str) -> Query:
    if not isinstance(query, dict):
        raise QueryError(f'{where} must be a JSON object with a "query", e.g. {{"query": "Los Angeles"}}.')
    if unknown := sorted(set(query) - FIELDS):
        raise QueryError(f"{where} has fields this service does not know: {', '.join(unknown)} (it reads {', '.join(sorted(FIELDS))}).")
    text = query.get("query")
    if not isinstance(text, str) or not text.strip():
        raise QueryError(f'{where} needs a "query": the name to match, a non-empty string.')
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"{where} is longer than {MAX_QUERY_LENGTH} characters.")
    if query.get("type_strict", "any") not in ("any", "should", "all"):
        raise QueryError(f'{where}: type_strict is one of "any", "should", "all".')
    properties = parse_properties(query.get("properties", []), where)
    return Query(
        text=text.strip(), kinds=parse_types(query.get("type"), where), limit=parse_limit(query.get("limit"), where),
        countries=tuple(properties["country"]), wikidata=tuple(properties["wikidata"]),
    )


def parse_types(types, where: str) -> tuple[Kind, ...]:
    if types is None:
        return tuple(KINDS.values())
    names = [types] if isinstance(types, str) else types
    if not isinstance(names, list) or not names or not all(isinstance(name, str) for name in names):
        raise QueryError(f"{where}: type is a type identifier or a list of them ({', '.join(KINDS)}).")
    if unknown := [name for name in names if name not in KINDS]:
        raise QueryError(f"{where}: no type {unknown[0]!r} here; the types are {', '.join(KINDS)}.")
    return tuple(KINDS[name] for name in dict.fromkeys(names))


def parse_limit(limit, where: str) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    # The range first: NaN and infinity, which JSON in Python admits, are outside it and have no int().
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not 1 <= limit <= MAX_LIMIT or limit != int(limit):
        raise QueryError(f"{where}: limit is a whole number from 1 to {MAX_LIMIT}.")
    return int(limit)


def parse_properties(properties, where: str) -> dict[str, list[str]]:
    """Each property's values as strings: a reconciled value ({"id", "name"}) gives its name, or its id."""
    values = {pid: [] for pid in PROPERTIES}
    if not isinstance(properties, list):
        raise QueryError(f'{where}: properties is a list of {{"pid": …, "v": …}} objects.')
    for item in properties:
        if not isinstance(item, dict) or set(item) != {"pid", "v"}:
            raise QueryError(f'{where}: each property is an object {{"pid": …, "v": …}}.')
        if item["pid"] not in PROPERTIES:
            known = "; ".join(f"{pid}: {meaning}" for pid, meaning in PROPERTIES.items())
            raise QueryError(f"{where}: no property {item['pid']!r} here; the properties are {known}.")
        for value in item["v"] if isinstance(item["v"], list) else [item["v"]]:
            values[item["pid"]].append(property_value(value, where))
    values["wikidata"] = [wikidata_id(value, where) for value in values["wikidata"]]
    return values


def property_value(value, where: str) -> str:
    if isinstance(value, dict) and isinstance(value.get("name") or value.get("id"), str):
        value = value.get("name") or value["id"]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        raise QueryError(f'{where}: a property value is a string, a number, or a reconciled value {{"id", "name"}}.')
    return str(value).strip()


def wikidata_id(value: str, where: str) -> str:
    if not (found := WIKIDATA_ID.fullmatch(value)):
        raise QueryError(f"{where}: {value!r} is not a Wikidata identifier (Q65) or address.")
    return found[1]
