"""What a record looks like from outside, written once: its JSON, the CSV row made from it, and its JSON Schema.

A Representation is a list of Fields, each a key of the JSON with its JSON Schema and where its value comes
from. Listing and detail views serve `json()`, CSV exports write `columns` of it, and the API description
(citydip.site.api) publishes `schema`; so adding a field to a record kind is one line in its app's
`representations.py`, and the description cannot forget it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

JSONSchema = dict[str, Any]
# (record, request) → the field's value, already JSON: the request makes URLs absolute.
Getter = Callable[[Any, HttpRequest], Any]

STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}
YEAR = {"type": ["integer", "null"]}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
STRINGS = {"type": "array", "items": STRING}


def ref(name: str) -> JSONSchema:
    return {"$ref": f"#/components/schemas/{name}"}


def array(item: JSONSchema) -> JSONSchema:
    return {"type": "array", "items": item}


def strict_object(properties: dict[str, JSONSchema], required: list[str] | None = None) -> JSONSchema:
    """An object with these keys and no other: all of them required, unless `required` says which."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def absolute(request: HttpRequest, record_or_path) -> str:
    path = record_or_path if isinstance(record_or_path, str) else record_or_path.get_absolute_url()
    return request.build_absolute_uri(path)


def absolute_url(record, request: HttpRequest) -> str:
    """The getter of a record's own `url` field."""
    return absolute(request, record)


def iso_date(day) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Field:
    name: str  # the key in JSON, and the column in CSV
    schema: JSONSchema
    value: Getter | None = None  # None: the record's attribute of the same name
    # Left out of the JSON when empty, and not required by the schema (which lists it after the required ones).
    optional: bool = False

    def read(self, record, request: HttpRequest):
        return getattr(record, self.name) if self.value is None else self.value(record, request)


@dataclass(frozen=True)
class Representation:
    """One shape of a record kind. `name`, when given, is its schema's name in the API description, and other
    representations that nest it refer to it by that name rather than repeat it."""

    name: str | None
    fields: tuple[Field, ...]
    description: str = ""
    # record, absolute URL → schema.org JSON-LD for the record's page, for the kinds that have a type
    json_ld: Callable[[Any, str], dict] | None = None

    def json(self, record, request: HttpRequest) -> dict[str, Any]:
        data = {}
        for field in self.fields:
            value = field.read(record, request)
            if value or not field.optional:
                data[field.name] = value
        return data

    @property
    def columns(self) -> list[str]:
        """The CSV's columns: every field, in order."""
        return [field.name for field in self.fields]

    @property
    def schema(self) -> JSONSchema:
        """Strict: every key listed, no other allowed, all but the optional ones required."""
        required = [field for field in self.fields if not field.optional]
        optional = [field for field in self.fields if field.optional]
        properties = {field.name: field.schema for field in required + optional}
        schema = strict_object(properties, [field.name for field in required])
        if self.description:
            schema["description"] = self.description
        return schema

    def reference(self) -> JSONSchema:
        """How a representation that nests this one writes its schema: by name if it has one, else in full."""
        return ref(self.name) if self.name else self.schema

    def extended(self, name: str | None, *fields: Field, json_ld=None) -> "Representation":
        """This representation with `fields` added: one of the same name takes the place of the one it replaces."""
        replacing = {field.name: field for field in fields}
        kept = tuple(replacing.pop(field.name, field) for field in self.fields)
        return Representation(name, kept + tuple(replacing.values()), json_ld=json_ld)


def many(name: str, shown_as: Representation, items: Callable[[Any], Iterable]) -> Field:
    """A list of linked records, `items(record)`, each shown as `shown_as`."""

    def value(record, request):
        return [shown_as.json(item, request) for item in items(record)]

    return Field(name, array(shown_as.reference()), value)


def named(via: str | None = None) -> tuple[Field, ...]:
    """Name, slug and absolute URL of the record, or of its relation's end `via` ("city" of a membership)."""

    def end(record):
        return getattr(record, via) if via else record

    return (
        Field("name", STRING, lambda record, request: end(record).name),
        Field("slug", STRING, lambda record, request: end(record).slug),
        Field("url", URL, lambda record, request: absolute_url(end(record), request)),
    )


NAMED = Representation("Named", named())
