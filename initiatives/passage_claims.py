"""A claim from a passage: an editor selects words on a paragraph's admin page and opens the membership or
participation form with the paragraph, the quote and the records the quote names already filled in.

The form is opened as `…/membership/add/?paragraph=ID&quote=…`; nothing is written until the editor saves it,
and saving checks the quote as any other (verbatim in its paragraph, naming what the claim claims).
"""

from django.http import HttpRequest

from articles.models import Paragraph
from citydip.core.facets import DIGITS

from .claim_suggestions import QUOTE_LIMIT
from .linking import NameIndex


def passage_in(request: HttpRequest) -> tuple[Paragraph, str] | None:
    """The paragraph and the quote a request to add a claim carries, once per request; None without them."""
    if not hasattr(request, "passage"):
        raw_id, quote = request.GET.get("paragraph", ""), request.GET.get("quote", "").strip()
        paragraph = Paragraph.objects.filter(pk=raw_id).first() if DIGITS.fullmatch(raw_id) and quote else None
        request.passage = (paragraph, quote[:QUOTE_LIMIT]) if paragraph else None
    return request.passage


def records_named(quote: str, fields: tuple[str, ...]) -> dict[str, int]:
    """For each of `fields` ("city", "network" …), the record the quote names, where it names exactly one."""
    index = NameIndex.load([quote])
    named: dict[str, set[int]] = {field: set() for field in fields}
    for _, name in index.find(quote):
        field, record = index.target(name)
        if field in named:
            named[field].add(record.pk)
    return {field: ids.pop() for field, ids in named.items() if len(ids) == 1}


class PassageSourceInline:
    """Mixed into a claim's inline of quotes: on a new claim opened from a passage, one row, filled in."""

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None and passage_in(request):  # the add page: no claim yet
            return 1
        return super().get_extra(request, obj, **kwargs)


class ClaimFromPassageAdmin:
    """Mixed into MembershipAdmin and ParticipationAdmin: `?paragraph=ID&quote=…` fills in the add form."""

    named_fields: tuple[str, ...] = ()  # the claim's fields a quote's names fill in: ("city", "network")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if passage := passage_in(request):
            initial.update(records_named(passage[1], self.named_fields))
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        passage = passage_in(request)
        if request.method == "GET" and obj.pk is None and passage and isinstance(inline, PassageSourceInline):
            kwargs["initial"] = [{"paragraph": passage[0].pk, "quote": passage[1]}]
        return kwargs

