"""schema.org JSON-LD for the records that have a fitting type: City, Organization (networks and
multilateral bodies), Event or Project (initiatives)."""

EVENT_KINDS = {"event"}


def same_as(record):
    return {"sameAs": [record.wikidata_url]} if record.wikidata else {}


def city(record, url):
    data = {"@context": "https://schema.org", "@type": "City", "name": record.name, "url": url, **same_as(record)}
    if record.alias_list():
        data["alternateName"] = record.alias_list()
    if record.latitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(record.latitude), "longitude": float(record.longitude)}
    data["containedInPlace"] = {"@type": "Country", "name": record.country}
    return data


def organization(record, url):
    data = {"@context": "https://schema.org", "@type": "Organization", "name": record.name, "url": url, **same_as(record)}
    if getattr(record, "acronym", ""):
        data["alternateName"] = record.acronym
    if record.description:
        data["description"] = record.description
    if getattr(record, "founded", None):
        data["foundingDate"] = str(record.founded)
    return data


def initiative(record, url):
    kind = "Event" if record.kind in EVENT_KINDS else "Project"
    data = {"@context": "https://schema.org", "@type": kind, "name": record.name, "url": url, "description": record.summary}
    when = record.date.isoformat() if record.date else (str(record.year) if record.year else None)
    if when:
        data["startDate" if kind == "Event" else "foundingDate"] = when
    return data
