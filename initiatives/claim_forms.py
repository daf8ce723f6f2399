"""Only sourced claims: the admin's inline formsets refuse a membership or participation whose quotes do not
support it as it will be saved (initiatives.support), unless its inference note says how the text does."""

from django.core.exceptions import ValidationError

from citydip.core.admin.locking import LockedInlineFormSet

from .models import Membership
from .support import why_unsupported

# The fields that say what a claim claims: changing one may leave its quotes naming something else.
CLAIM_ENDS = {"city", "network", "initiative"}


def has_both_ends(claim) -> bool:
    """Whether the claim says what it claims: a form left without its city or network is refused anyway."""
    ends = ("city_id", "network_id") if isinstance(claim, Membership) else ("city_id",)
    return all(getattr(claim, end) is not None for end in ends)


class SupportedQuotesFormSet(LockedInlineFormSet):
    """The quotes of a membership or participation, on its own page: together with the claim as the form
    will save it (its city, network, inference note), every quote kept must support it."""

    def clean(self):
        super().clean()
        if not has_both_ends(self.instance):
            return
        quotes = [
            form.cleaned_data["quote"] for form in self.forms
            if form.cleaned_data.get("quote") and not self._should_delete_form(form)
        ]
        if reason := why_unsupported(self.instance, quotes):
            raise ValidationError(reason)


class ClaimRowsFormSet(LockedInlineFormSet):
    """Memberships or participations inline on a city, network or initiative: a row whose city or network is
    changed must still be supported by the quotes it has."""

    def clean(self):
        super().clean()
        moved = [
            form for form in self.initial_forms
            if not form.errors and not self._should_delete_form(form) and CLAIM_ENDS & set(form.changed_data)
        ]
        if not moved:
            return
        source = self.model._meta.get_field("sources").related_model
        stored = source.objects.filter(**{f"{source.claim_field}__in": [form.instance.pk for form in moved]})
        quotes = {}
        for claim_id, quote in stored.values_list(source.claim_field, "quote"):
            quotes.setdefault(claim_id, []).append(quote)
        problems = [
            f"“{form.instance}”: {reason}" for form in moved
            if (reason := why_unsupported(form.instance, quotes.get(form.instance.pk, [])))
        ]
        if problems:
            raise ValidationError(problems)
