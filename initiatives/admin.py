from django.contrib import admin

from articles.admin import TopicChoiceMixin

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


class SourceInline(admin.TabularInline):
    """The quotes a claim rests on; the quote must stand verbatim in the chosen paragraph."""

    extra = 0
    autocomplete_fields = ["paragraph"]
    fields = ["paragraph", "quote"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paragraph__article")


class MembershipSourceInline(SourceInline):
    model = MembershipSource


class InitiativeSourceInline(SourceInline):
    model = InitiativeSource


class ParticipationSourceInline(SourceInline):
    model = ParticipationSource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["city", "network", "role", "start_year", "end_year"]
    autocomplete_fields = ["city", "network"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "network")


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["city", "initiative"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "initiative")


class NamedRecordAdmin(admin.ModelAdmin):
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def view_on_site(self, record):
        return record.get_absolute_url()


@admin.register(City)
class CityAdmin(NamedRecordAdmin):
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
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["city", "network", "role", "start_year", "end_year"]
    list_filter = ["role", "network"]
    list_select_related = ["city", "network"]
    search_fields = ["city__name", "network__name"]
    autocomplete_fields = ["city", "network"]
    inlines = [MembershipSourceInline]


@admin.register(Initiative)
class InitiativeAdmin(TopicChoiceMixin, NamedRecordAdmin):
    list_display = ["name", "kind", "year"]
    list_filter = ["kind", "year", "topics", "networks"]
    search_fields = ["name", "aliases", "slug", "summary"]
    autocomplete_fields = ["networks", "bodies"]
    inlines = [ParticipationInline, InitiativeSourceInline]
    fields = ["name", "slug", "kind", "summary", "year", "date", "networks", "bodies", "topics", "aliases", "wikidata"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["initiative", "city", "role"]
    list_filter = ["role"]
    list_select_related = ["initiative", "city"]
    search_fields = ["initiative__name", "city__name"]
    autocomplete_fields = ["initiative", "city"]
    inlines = [ParticipationSourceInline]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "paragraph", "target", "status"]
    list_filter = ["status", "paragraph__article"]
    list_select_related = ["paragraph__article", "city", "network", "body", "initiative"]
    search_fields = ["text", "paragraph__article__title"]
    autocomplete_fields = ["city", "network", "body", "initiative"]
    readonly_fields = ["paragraph", "start", "text"]
    list_editable = ["status"]
