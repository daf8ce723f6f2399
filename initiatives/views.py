from django.db.models import Prefetch

from articles.models import UNCITED_FIELDS, Article, ArticleTopic, Topic
from citydip.core.record_views import RecordDetailView, RecordListView, both_ways
from citydip.core.sections import Section, contents, counted, grouped, said_together

from . import connections, pictures
from .facets import CITY_FACETS, INITIATIVE_FACETS
from .merging import RedirectsMergedRecords
from .models import (
    Body,
    City,
    Initiative,
    InitiativeSource,
    InitiativeTopic,
    Membership,
    MembershipSource,
    Mention,
    Network,
    Participation,
    ParticipationSource,
    count_of,
    public_links,
    public_sources,
)
from .representations import (
    BODY,
    BODY_SUMMARY,
    CITY,
    CITY_SUMMARY,
    INITIATIVE,
    INITIATIVE_SUMMARY,
    NETWORK,
    NETWORK_SUMMARY,
    TOPIC,
    TOPIC_SUMMARY,
)

BY_NAME = both_ways("name", "name, A to Z", "name, Z to A", "name")


def public_mentions():
    return Mention.objects.public().select_related("paragraph__article").defer(*UNCITED_FIELDS)


class MentionedInMixin:
    """Detail pages of records that articles name: `record.mentioned_in` lists each paragraph once."""

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        paragraphs = {mention.paragraph_id: mention.paragraph for mention in record.public_mentions}
        record.mentioned_in = list(paragraphs.values())
        return record

    def mentioned_in_section(self) -> Section:
        articles = len({paragraph.article_id for paragraph in self.object.mentioned_in})
        return Section("mentioned-in", "Mentioned in", articles, f"mentioned in {counted(articles, 'article')}")


def by_role(participation: Participation) -> tuple[int, str]:
    """A city's initiatives grouped by the part it plays: as lead, as founder…"""
    return Participation.Role.values.index(participation.role), f"As {participation.get_role_display().lower()}"


class CityListView(RecordListView):
    model = City
    template_name = "initiatives/city_list.html"
    representation = CITY_SUMMARY
    facets = CITY_FACETS
    sorts = (
        *BY_NAME,
        *reversed(both_ways("networks", "fewest networks", "most networks", "network_count", ("name", "pk"))),
        *reversed(both_ways("initiatives", "fewest initiatives", "most initiatives", "initiative_count", ("name", "pk"))),
    )

    def listed_records(self):
        return City.objects.with_counts().order_by("name")


class CityDetailView(RedirectsMergedRecords, MentionedInMixin, RecordDetailView):
    template_name = "initiatives/city_detail.html"
    representation = CITY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.format == "html":
            # The city's neighbourhood: its networks and their other members.
            memberships = Membership.objects.public().filter(network__memberships__in=Membership.objects.public().filter(city=self.object))
            context["network_graph"] = pictures.network_graph([], [], memberships.distinct().select_related("city", "network"))
            participations = self.object.participations.all()
            context["initiative_groups"] = grouped(participations, by_role)
            networks = len({membership.network_id for membership in self.object.memberships.all()})
            initiatives = len({participation.initiative_id for participation in participations})
            context["contents"] = contents(
                Section("networks", "Networks", networks, f"member of {counted(networks, 'network')}"),
                Section("initiatives", "Initiatives", initiatives, f"in {counted(initiatives, 'initiative')}"),
                self.mentioned_in_section(),
            )
        return context

    def get_queryset(self):
        return City.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.public()
                .select_related("network")
                .prefetch_related(public_sources(MembershipSource))
                .order_by("network__name", "role"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.public()
                .select_related("initiative")
                .prefetch_related(public_sources(ParticipationSource))
                .order_by("initiative__year", "initiative__name"),
            ),
            Prefetch("mentions", queryset=public_mentions(), to_attr="public_mentions"),
        )


class NetworkListView(RecordListView):
    model = Network
    template_name = "initiatives/network_list.html"
    representation = NETWORK_SUMMARY
    sorts = (
        *BY_NAME,
        *reversed(both_ways("members", "fewest members", "most members", "member_count", ("name", "pk"))),
        *reversed(both_ways("initiatives", "fewest initiatives", "most initiatives", "initiative_count", ("name", "pk"))),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.format == "html":
            context["overlap"] = connections.network_overlap()  # which networks share members: three queries
        return context

    def listed_records(self):
        return Network.objects.annotate(
            member_count=count_of(Membership.objects.public(), "network", distinct="city"),
            initiative_count=count_of(public_links(Initiative.networks.through), "network"),
        ).order_by("name")


class NetworkDetailView(RedirectsMergedRecords, MentionedInMixin, RecordDetailView):
    template_name = "initiatives/network_detail.html"
    representation = NETWORK

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.format == "html":
            # The network's neighbourhood: its members and the other networks they belong to.
            memberships = Membership.objects.public().filter(city__memberships__in=Membership.objects.public().filter(network=self.object))
            context["network_graph"] = pictures.network_graph(
                [], [self.object], memberships.distinct().select_related("city", "network")
            )
            cities = len({membership.city_id for membership in self.object.memberships.all()})
            context["members"] = said_together(self.object.memberships.all(), lambda membership: (membership.role, membership.years))
            initiatives = self.object.initiatives.all()
            context["contents"] = contents(
                Section("members", "Member cities", cities, counted(cities, "member city", "member cities")),
                Section("initiatives", "Initiatives", len(initiatives), counted(len(initiatives), "initiative")),
                self.mentioned_in_section(),
            )
        return context

    def get_queryset(self):
        return Network.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.public()
                .select_related("city")
                .prefetch_related(public_sources(MembershipSource))
                .order_by("city__name", "role"),
            ),
            Prefetch("initiatives", queryset=Initiative.objects.public().order_by("year", "name")),
            Prefetch("mentions", queryset=public_mentions(), to_attr="public_mentions"),
        )


class InitiativeListView(RecordListView):
    model = Initiative
    template_name = "initiatives/initiative_list.html"
    representation = INITIATIVE_SUMMARY
    facets = INITIATIVE_FACETS
    sorts = (
        *BY_NAME,
        *reversed(both_ways("year", "oldest first", "newest first", "year", ("name", "pk"))),
        *reversed(both_ways(
            "cities", "fewest cities", "most cities",
            count_of(Participation.objects.public(), "initiative", distinct="city"), ("name", "pk"),
        )),
    )

    # A card shows the initiative and its cities; loading networks and topics too cost a quarter of the page.
    export_related = ("networks", "topics")

    def listed_records(self):
        return Initiative.objects.public().with_cities().order_by("name")

    def filterable_records(self):
        return Initiative.objects.public()


class InitiativeDetailView(RedirectsMergedRecords, MentionedInMixin, RecordDetailView):
    template_name = "initiatives/initiative_detail.html"
    representation = INITIATIVE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = len({participation.city_id for participation in self.object.participations.all()})
        context["participants"] = said_together(self.object.participations.all(), lambda participation: (participation.role,))
        sources = len(self.object.sources.all())
        context["contents"] = contents(
            Section("cities", "Cities", cities, f"{counted(cities, 'city', 'cities')} taking part"),
            Section("sources", "Sources", sources, counted(sources, "source")),
            self.mentioned_in_section(),
        )
        return context

    def get_queryset(self):
        return Initiative.objects.public().prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.public()
                .select_related("city")
                .prefetch_related(public_sources(ParticipationSource))
                .order_by("role", "city__name"),
            ),
            "networks",
            "bodies",
            "topics",
            public_sources(InitiativeSource),
            Prefetch("mentions", queryset=public_mentions(), to_attr="public_mentions"),
        )


class BodyListView(RecordListView):
    model = Body
    template_name = "initiatives/body_list.html"
    representation = BODY_SUMMARY
    sorts = (*BY_NAME, *reversed(both_ways("initiatives", "fewest initiatives", "most initiatives", "initiative_count", ("name", "pk"))))

    def listed_records(self):
        return Body.objects.annotate(
            initiative_count=count_of(public_links(Initiative.bodies.through), "body")
        ).order_by("name")


class BodyDetailView(RedirectsMergedRecords, MentionedInMixin, RecordDetailView):
    template_name = "initiatives/body_detail.html"
    representation = BODY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiatives = self.object.initiatives.all()
        context["contents"] = contents(
            Section("initiatives", "Initiatives", len(initiatives), f"in {counted(len(initiatives), 'initiative')}"),
            self.mentioned_in_section(),
        )
        return context

    def get_queryset(self):
        return Body.objects.prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.public()
                .prefetch_related(public_sources(InitiativeSource))
                .order_by("year", "name"),
            ),
            Prefetch("mentions", queryset=public_mentions(), to_attr="public_mentions"),
        )


TOPIC_PAGE_SHOWS = 50


class TopicListView(RecordListView):
    model = Topic
    template_name = "initiatives/topic_list.html"
    representation = TOPIC_SUMMARY
    sorts = (
        *BY_NAME,
        *reversed(both_ways("articles", "fewest articles", "most articles", "article_count", ("name", "pk"))),
        *reversed(both_ways("initiatives", "fewest initiatives", "most initiatives", "initiative_count", ("name", "pk"))),
    )

    def listed_records(self):
        return Topic.objects.annotate(
            article_count=count_of(ArticleTopic, "tag", content_object__status=Article.Status.PUBLISHED),
            initiative_count=count_of(public_links(InitiativeTopic, "content_object"), "tag"),
        ).order_by("name")


class TopicDetailView(RecordDetailView):
    model = Topic
    template_name = "initiatives/topic_detail.html"
    representation = TOPIC

    def get_object(self, queryset=None):
        topic = super().get_object(queryset)
        # The newest of each, as many as a page holds; the faceted listings show them all.
        topic.published_articles = Article.objects.published().filter(topics=topic).with_bylines()[:TOPIC_PAGE_SHOWS]
        tagged = Initiative.objects.public().filter(topics=topic)
        topic.tagged_initiatives = tagged.order_by("-year", "name")[:TOPIC_PAGE_SHOWS]
        return topic

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiatives, articles = self.object.tagged_initiatives, self.object.published_articles
        context["contents"] = contents(
            Section("initiatives", "Initiatives", len(initiatives), counted(len(initiatives), "initiative")),
            Section("articles", "Articles", len(articles), counted(len(articles), "article")),
        )
        return context
