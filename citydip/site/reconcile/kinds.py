"""The reconciliation types: the four kinds of public record a name can denote, with their identifiers.

A record's identifier is its address on the site without the slashes around it ("cities/los-angeles"), so
that the manifest's identifier space followed by an identifier is the record's page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from initiatives.models import Body, City, Initiative, Network


@dataclass(frozen=True)
class Kind:
    id: str  # the type's identifier, as a query's `type` names it
    name: str
    path: str  # the first part of the records' addresses and identifiers
    model: type[models.Model]
    fields: tuple[str, ...]  # what matching, scoring and describing read of a record
    describe: Callable[[models.Model], str]

    def records(self) -> models.QuerySet:
        """The records readers see: an initiative only while a published article quotes it."""
        manager = self.model.objects
        return (manager.public() if self.model is Initiative else manager.all()).only(*self.fields)

    def identifier(self, record: models.Model) -> str:
        return f"{self.path}/{record.slug}"

    def as_type(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def describe_city(city: City) -> str:
    return city.country


def describe_network(network: Network) -> str:
    return " — ".join(part for part in (network.acronym, network.focus) if part)


def describe_body(body: Body) -> str:
    return " — ".join(part for part in (body.acronym, body.get_kind_display()) if part)


def describe_initiative(initiative: Initiative) -> str:
    return ", ".join(str(part) for part in (initiative.get_kind_display(), initiative.year) if part)


NAMED = ("name", "slug", "aliases", "wikidata")
KINDS = {
    kind.id: kind
    for kind in (
        Kind("city", "City", "cities", City, (*NAMED, "country", "region", "geonames_id"), describe_city),
        Kind("network", "Network", "networks", Network, (*NAMED, "acronym", "focus"), describe_network),
        Kind("body", "Multilateral body", "bodies", Body, (*NAMED, "acronym", "kind"), describe_body),
        Kind("initiative", "Initiative", "initiatives", Initiative, (*NAMED, "kind", "year"), describe_initiative),
    )
}
BY_PATH = {kind.path: kind for kind in KINDS.values()}
# "cities/los-angeles", or the record's whole address ("https://…/cities/los-angeles/").
IDENTIFIER = re.compile(r"(?:https?://[^/\s]+/)?(cities|networks|bodies|initiatives)/([-\w]+)/?", re.ASCII)


def parse_identifier(text: str) -> tuple[Kind, str] | None:
    """The kind and slug an identifier (or a record's address) names, or None if it names none."""
    found = IDENTIFIER.fullmatch(text.strip())
    return (BY_PATH[found[1]], found[2]) if found else None
