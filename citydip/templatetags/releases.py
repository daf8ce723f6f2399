"""`{% last_release record %}`: the line of a record's page that says which release of the data it was last in."""

from django import template

from citydip.data.releases import last_release as last_release_of

register = template.Library()


@register.inclusion_tag("includes/last_release.html")
def last_release(record) -> dict:
    """One query; nothing at all while no release was made."""
    found = last_release_of(record)
    return {"number": found[0], "latest": found[1]} if found else {}
