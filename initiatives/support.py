"""Does a quote support its claim? A membership's quote names both the city and the network; a
participation's names the city. Where the text supports a claim only by inference ("it works with nearly
100 other cities through the C40", with "it" for Los Angeles), the claim carries the editor's reasoning in
its `inference` field instead, and readers see it beside the quote.

A record is named by its name, an alias, or its acronym, as a whole word with its case as written — the
rule the links in article bodies follow (initiatives.linking).
"""

import re
from collections.abc import Iterable

from .linking import inside_longer_name, names_of
from .models import City, Membership, MembershipSource, Network, Participation, ParticipationSource


def names(text: str, record: City | Network) -> bool:
    """Whether the text names the record by one of its names — not inside a longer proper name ("Los Angeles
    County" does not name the city)."""
    return any(
        not inside_longer_name(text, match.end())
        for name in names_of(record)
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?!\w)", text)
    )


def unsupported_membership_quotes(membership: Membership, quotes: Iterable[str]) -> list[str]:
    """The quotes that do not name both ends of the membership; none when its inference note explains them."""
    if membership.inference.strip():
        return []
    return [quote for quote in quotes if not (names(quote, membership.city) and names(quote, membership.network))]


def unsupported_participation_quotes(participation: Participation, quotes: Iterable[str]) -> list[str]:
    """The quotes that do not name the participating city; none when its inference note explains them."""
    if participation.inference.strip():
        return []
    return [quote for quote in quotes if not names(quote, participation.city)]


def why_unsupported(claim: Membership | Participation, quotes: Iterable[str]) -> str:
    """For an editor: which quotes fail and what to do, or "" when every quote supports the claim."""
    if isinstance(claim, Membership):
        failing, missing = unsupported_membership_quotes(claim, quotes), f"both {claim.city} and {claim.network}"
    else:
        failing, missing = unsupported_participation_quotes(claim, quotes), str(claim.city)
    if not failing:
        return ""
    listed = "; ".join(f"“{quote[:80]}{'…' if len(quote) > 80 else ''}”" for quote in failing)
    return (
        f"A quote must name {missing} (by name, alias or acronym), or the claim needs an inference note that "
        f"says how the text supports it. Not naming them: {listed}."
    )


def unsupported_claims() -> list[tuple[Membership | Participation, str]]:
    """Every membership and participation with a quote that does not support it, and why: for the curated set's
    test and the editors' desk."""
    found = []
    for model, source, claim_field in (
        (Membership, MembershipSource, "membership"),
        (Participation, ParticipationSource, "participation"),
    ):
        quotes: dict[int, list[str]] = {}
        for claim_id, quote in source.objects.values_list(claim_field, "quote"):
            quotes.setdefault(claim_id, []).append(quote)
        other_end = "network" if model is Membership else "initiative"
        for claim in model.objects.filter(pk__in=quotes).select_related("city", other_end):
            if reason := why_unsupported(claim, quotes[claim.pk]):
                found.append((claim, reason))
    return found
