"""Small pieces the three pictures share: rounding of coordinates, counted phrases and legends in choice order."""

from django.utils.text import slugify


def rounded(value):
    """A coordinate rounded to a tenth of a viewBox unit: finer than a pixel, and it keeps the markup short."""
    return round(value, 1)


def plural(count, one, many):
    """The count with the word that agrees with it: "1 city", "3 cities"."""
    return f"{count} {one if count == 1 else many}"


def in_choice_order(values, labels):
    """The values present, in the order of the model's choices (any unknown value last, alphabetically)."""
    order = {value: index for index, value in enumerate(labels)}
    return sorted(values, key=lambda value: (order.get(value, len(order)), value))


def css_class(prefix, value):
    """The class that styles one role or kind, e.g. "role-full-member": the stylesheet keys colours and dashes on it."""
    return f"{prefix}-{slugify(value)}"
