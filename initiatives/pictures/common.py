"""Small pieces the three pictures share: rounding of coordinates and legends in choice order (counted phrases
are citydip.core.sections.counted)."""

from django.utils.text import slugify


def rounded(value):
    """A coordinate rounded to a tenth of a viewBox unit: finer than a pixel, and it keeps the markup short."""
    return round(value, 1)


def in_choice_order(values, labels):
    """The values present, in the order of the model's choices (any unknown value last, alphabetically)."""
    order = {value: index for index, value in enumerate(labels)}
    return sorted(values, key=lambda value: (order.get(value, len(order)), value))


def css_class(prefix, value):
    """The class that styles one role or kind, e.g. "role-full-member": the stylesheet keys colours and dashes on it."""
    return f"{prefix}-{slugify(value)}"
