"""Every curated claim rests on what its quotes say: a membership's quotes name both the city and the network, a
participation's name the city — or the claim carries the editor's note on how the text supports it."""

import pytest

from initiatives.models import Membership, Participation
from initiatives.support import unsupported_claims, why_unsupported

pytestmark = pytest.mark.django_db


def test_no_curated_claim_lacks_support():
    found = unsupported_claims()
    assert not found, "\n".join(f"{claim}: {reason}" for claim, reason in found)


def test_the_check_has_claims_to_look_at():
    """Not empty because there is nothing to check: the seeded set is the one the test above passes."""
    assert Membership.objects.filter(sources__isnull=False).exists()
    assert Participation.objects.filter(sources__isnull=False).exists()


@pytest.mark.parametrize(
    "city, network",
    [("bratislava", "pact-of-free-cities"), ("tokyo", "city-hub-and-network-for-gender-equity"),
     ("los-angeles", "c40-cities"), ("los-angeles", "climate-mayors")],
)
def test_the_claims_the_quotes_support_only_by_inference_say_how(city, network):
    membership = Membership.objects.exclude(inference="").get(city__slug=city, network__slug=network)
    quotes = list(membership.sources.values_list("quote", flat=True))
    assert why_unsupported(membership, quotes) == ""
    membership.inference = ""  # the note is what lets them pass: the quotes alone do not name both ends
    assert why_unsupported(membership, quotes)
