from django import forms
from django.contrib import admin
from django.utils.html import format_html

from articles.admin import TopicChoiceMixin
from citydip.core.admin.editing import HistoryAdmin
from citydip.core.admin.locking import LockedInline, LockedModelForm
from citydip.core.admin.widgets import PreloadedAutocompleteFields

from . import review
from .claim_forms import ClaimRowsFormSet, SupportedQuotesFormSet
from .claim_review import ClaimSuggestionsAdmin
from .gazetteer import country_names
from .linking import render_paragraphs
from .merging import MergeAdmin
from .models import (
    Body,
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Mention,
    Network,
    Participation,
    ParticipationSource,
)
from .passage_claims import ClaimFromPassageAdmin, PassageSourceInline
from .record_suggestions_admin import RecordSuggestionsAdmin

# Publishing an article asks first about the links still only suggested in its body: this app answers.


class SourceInline(PassageSourceInline, LockedInline, PreloadedAutocompleteFields, admin.TabularInline):
    """The quotes a claim rests on; the quote must stand verbatim in the chosen paragraph."""

    extra = 0
    autocomplete_fields = ["paragraph"]
    fields = ["paragraph", "quote"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paragraph__article")


class MembershipSourceInline(SourceInline):
    model = MembershipSource
    formset = SupportedQuotesFormSet


class InitiativeSourceInline(SourceInline):
    model = InitiativeSource


class ParticipationSourceInline(SourceInline):
    model = ParticipationSource
    formset = SupportedQuotesFormSet


class MembershipInline(LockedInline, PreloadedAutocompleteFields, admin.TabularInline):
    model = Membership
    formset = ClaimRowsFormSet
    extra = 0
    fields = ["city", "network", "role", "start_year", "end_year"]
    autocomplete_fields = ["city", "network"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "network")


class ParticipationInline(LockedInline, PreloadedAutocompleteFields, admin.TabularInline):
    model = Participation
    formset = ClaimRowsFormSet
    extra = 0
    autocomplete_fields = ["city", "initiative"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "initiative")


class SourcedFilter(admin.SimpleListFilter):
    """Claims readers see (quoted from a published article) and those they do not see yet."""

    title = "sourced"
    parameter_name = "sourced"

    def lookups(self, request, model_admin):
        return [("yes", "sourced"), ("no", "not yet sourced")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_sourced=self.value() == "yes")
        return queryset


class SourcedClaimAdmin(HistoryAdmin):
    """Memberships, participations and initiatives: the list says which ones no published article quotes yet,
    so that readers do not see them."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_sourced()

    @admin.display(description="sourced", ordering="is_sourced")
    def sourced(self, claim):
        return "sourced" if claim.is_sourced else "not yet sourced"


class NamedRecordAdmin(MergeAdmin, HistoryAdmin):
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def view_on_site(self, record):
        return record.get_absolute_url()


class CityForm(LockedModelForm):
    """A city's country is chosen from ISO 3166's list: a typo ("Columbia") would become a country of its own
    in every facet, map and export."""

    NOT_LISTED = "“%(value)s” is not a country of ISO 3166: choose one from the list."
    country = forms.ChoiceField(
        help_text="As ISO 3166 lists it (the names GeoNames gives).", error_messages={"invalid_choice": NOT_LISTED}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *((name, name) for name in country_names())]
        stored = self.instance.country
        if stored and stored not in country_names():  # kept from before the list: shown, and to be corrected
            choices.append((stored, f"{stored} (not a country of ISO 3166: choose one above)"))
        self.fields["country"].choices = choices

    def clean_country(self):
        country = self.cleaned_data["country"]
        if country not in country_names():
            raise forms.ValidationError(self.NOT_LISTED, params={"value": country})
        return country


@admin.register(City)
class CityAdmin(NamedRecordAdmin):
    form = CityForm
    list_display = ["name", "country", "region", "wikidata"]
    list_filter = ["region", "country"]
    search_fields = ["name", "aliases", "slug", "country"]
    inlines = [MembershipInline, ParticipationInline]


@admin.register(Network)
class NetworkAdmin(NamedRecordAdmin):
    list_display = ["name", "acronym", "focus", "founded"]
    list_filter = ["founded"]
    search_fields = ["name", "acronym", "aliases", "slug", "focus"]
    inlines = [MembershipInline]


@admin.register(Body)
class BodyAdmin(NamedRecordAdmin):
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "aliases", "slug"]


@admin.register(Membership)
class MembershipAdmin(ClaimFromPassageAdmin, ClaimSuggestionsAdmin, SourcedClaimAdmin):
    named_fields = ("city", "network")
    list_display = ["city", "network", "role", "start_year", "end_year", "sourced"]
    list_filter = [SourcedFilter, "role", "network"]
    list_select_related = ["city", "network"]
    search_fields = ["city__name", "network__name"]
    autocomplete_fields = ["city", "network"]
    inlines = [MembershipSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "network")


@admin.register(Initiative)
class InitiativeAdmin(TopicChoiceMixin, NamedRecordAdmin, SourcedClaimAdmin):
    list_display = ["name", "kind", "status", "scope", "year", "sourced"]
    list_filter = [SourcedFilter, "status", "scope", "kind", "year", "topics", "networks"]
    search_fields = ["name", "aliases", "slug", "summary"]
    autocomplete_fields = ["networks", "bodies"]
    inlines = [ParticipationInline, InitiativeSourceInline]
    fields = [
        "name", "slug", "kind", "status", "scope", "summary", "inference", "year", "date", "networks", "bodies",
        "topics", "aliases", "wikidata",
    ]


@admin.register(Participation)
class ParticipationAdmin(ClaimFromPassageAdmin, SourcedClaimAdmin):
    named_fields = ("city", "initiative")
    list_display = ["initiative", "city", "role", "sourced"]
    list_filter = [SourcedFilter, "role"]
    list_select_related = ["initiative", "city"]
    search_fields = ["initiative__name", "city__name"]
    autocomplete_fields = ["initiative", "city"]
    inlines = [ParticipationSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("initiative", "city")


class MentionForm(LockedModelForm):
    class Meta:
        model = Mention
        fields = ["status", *Mention.TARGETS]

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in Mention.TARGETS if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                "Link the name to exactly one record: a city, a network, a multilateral body or an initiative. "
                "To link it to a new one, add it with the + button beside the field."
            )
        return cleaned


@admin.register(Mention)
class MentionAdmin(RecordSuggestionsAdmin, HistoryAdmin):
    """Where editors review the links found in an article's body: accept, reject, or point one elsewhere."""

    form = MentionForm
    # The name, where it points and the decision side by side, then the sentence around it: all on a laptop's
    # screen. The article is the list's filter; each row says only which paragraph.
    list_display = ["text", "target", "status", "context", "paragraph_number"]
    list_filter = ["status", "paragraph__article"]
    list_select_related = ["paragraph__article", "city", "network", "body", "initiative"]
    search_fields = ["text", "paragraph__article__title"]
    autocomplete_fields = ["city", "network", "body", "initiative"]
    readonly_fields = ["paragraph", "context"]
    fields = ["paragraph", "context", "status", *Mention.TARGETS]
    list_editable = ["status"]
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paragraph__article", *Mention.TARGETS)

    def has_add_permission(self, request):
        return False  # mentions are found in the text, not typed in

    @admin.display(description="¶", ordering="paragraph__number")
    def paragraph_number(self, mention):
        return format_html('<a href="{}" title="{}">¶{}</a>', mention.paragraph.get_absolute_url(),
                           mention.paragraph.article.title, mention.paragraph.number)

    @admin.display(description="In context")
    def context(self, mention):
        text, start, end = mention.paragraph.text, mention.start, mention.start + len(mention.text)
        return format_html("…{}<strong>{}</strong>{}…", text[max(start - 60, 0) : start], mention.text, text[end : end + 60])

    def save_model(self, request, mention, form, change):
        super().save_model(request, mention, form, change)
        render_paragraphs([mention.paragraph_id])

    @admin.action(description="Accept the selected links")
    def accept(self, request, queryset):
        self.decide(request, queryset, Mention.Status.ACCEPTED)

    @admin.action(description="Reject the selected links")
    def reject(self, request, queryset):
        self.decide(request, queryset, Mention.Status.REJECTED)

    def decide(self, request, queryset, status):
        self.message_user(request, f"{review.decide(queryset, status)} link(s) {status}.")
