from django.db.models import Exists, OuterRef, Prefetch

from articles.models import UNCITED_FIELDS, Article, ArticleTopic, Topic
from citydip.core.facets import Facet, Through
from citydip.core.record_views import RecordDetailView, RecordListView, absolute, source_json

from . import pictures
from . import structured_data as schema_org
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
)


def public_sources(model):
    return Prefetch("sources", queryset=model.objects.public())


def public_links(link_model, initiative_field="initiative"):
    """The rows linking initiatives to a network, body or topic, for the initiatives readers see."""
    public = Initiative.objects.public().filter(pk=OuterRef(f"{initiative_field}_id"))
    return link_model.objects.filter(Exists(public))


def public_mentions():
    return Mention.objects.public().select_related("paragraph__article").defer(*UNCITED_FIELDS)


class MentionedInMixin:
    """Detail pages of records that articles name: `record.mentioned_in` lists each paragraph once."""

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        paragraphs = {mention.paragraph_id: mention.paragraph for mention in record.public_mentions}
        record.mentioned_in = list(paragraphs.values())
        return record


def mentioned_in_json(request, paragraphs):
    return [
        {
            "article": paragraph.article.slug,
            "article_title": paragraph.article.title,
            "paragraph": paragraph.number,
            "url": absolute(request, paragraph),
        }
        for paragraph in paragraphs
    ]


def inference_json(claim):
    """`{"inference": note}` for a claim its quotes support only by inference, else nothing."""
    return {"inference": claim.inference} if claim.inference else {}


def named_json(request, record):
    return {"name": record.name, "slug": record.slug, "url": absolute(request, record)}


class CityListView(RecordListView):
    model = City
    template_name = "initiatives/city_list.html"
    facets = [
        Facet("region", "Region", "region", choices=dict(City.Region.choices)),
        Facet("country", "Country", "country"),
        Facet(
            "network", "Network", "memberships__network__slug", display="memberships__network__name",
            through=Through(Membership, "city", "network", repeats=True, public="public"),
        ),
    ]
    csv_columns = ["name", "slug", "url", "country", "region", "latitude", "longitude", "network_count", "initiative_count"]

    def records(self):
        return City.objects.with_counts().order_by("name")

    def record_json(self, city):
        return {
            **named_json(self.request, city),
            "country": city.country,
            "region": city.get_region_display(),
            "latitude": float(city.latitude) if city.latitude is not None else None,
            "longitude": float(city.longitude) if city.longitude is not None else None,
            "network_count": city.network_count,
            "initiative_count": city.initiative_count,
        }


class CityDetailView(MentionedInMixin, RecordDetailView):
    structured_data = staticmethod(schema_org.city)
    template_name = "initiatives/city_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.format == "html":
            # The city's neighbourhood: its networks and their other members.
            memberships = Membership.objects.public().filter(network__memberships__in=Membership.objects.public().filter(city=self.object))
            context["network_graph"] = pictures.network_graph([], [], memberships.distinct().select_related("city", "network"))
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

    def record_json(self, city):
        request = self.request
        return {
            **named_json(request, city),
            "country": city.country,
            "region": city.get_region_display(),
            "latitude": float(city.latitude) if city.latitude is not None else None,
            "longitude": float(city.longitude) if city.longitude is not None else None,
            "aliases": city.alias_list(),
            "wikidata": city.wikidata or None,
            "wikidata_url": city.wikidata_url or None,
            "networks": [
                {
                    **named_json(request, m.network),
                    "role": m.role,
                    "year": m.start_year,
                    "start_year": m.start_year,
                    "end_year": m.end_year,
                    **inference_json(m),
                    "sources": [source_json(request, s) for s in m.sources.all()],
                }
                for m in city.memberships.all()
            ],
            "initiatives": [
                {
                    **named_json(request, p.initiative),
                    "role": p.role,
                    "year": p.initiative.year,
                    **inference_json(p),
                    "sources": [source_json(request, s) for s in p.sources.all()],
                }
                for p in city.participations.all()
            ],
            "mentioned_in": mentioned_in_json(request, city.mentioned_in),
            "sources": [
                source_json(request, s)
                for relation in [*city.memberships.all(), *city.participations.all()]
                for s in relation.sources.all()
            ],
        }


class NetworkListView(RecordListView):
    model = Network
    template_name = "initiatives/network_list.html"
    csv_columns = ["name", "slug", "url", "acronym", "focus", "founded", "member_count", "initiative_count"]

    def records(self):
        return Network.objects.annotate(
            member_count=count_of(Membership.objects.public(), "network", distinct="city"),
            initiative_count=count_of(public_links(Initiative.networks.through), "network"),
        ).order_by("name")

    def record_json(self, network):
        return {
            **named_json(self.request, network),
            "acronym": network.acronym,
            "focus": network.focus,
            "founded": network.founded,
            "member_count": network.member_count,
            "initiative_count": network.initiative_count,
        }


class NetworkDetailView(MentionedInMixin, RecordDetailView):
    structured_data = staticmethod(schema_org.organization)
    template_name = "initiatives/network_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.format == "html":
            # The network's neighbourhood: its members and the other networks they belong to.
            memberships = Membership.objects.public().filter(city__memberships__in=Membership.objects.public().filter(network=self.object))
            context["network_graph"] = pictures.network_graph(
                [], [self.object], memberships.distinct().select_related("city", "network")
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

    def record_json(self, network):
        request = self.request
        return {
            **named_json(request, network),
            "acronym": network.acronym,
            "aliases": network.alias_list(),
            "focus": network.focus,
            "founded": network.founded,
            "description": network.description,
            "wikidata": network.wikidata or None,
            "wikidata_url": network.wikidata_url or None,
            "cities": [
                {
                    **named_json(request, m.city),
                    "role": m.role,
                    "year": m.start_year,
                    "start_year": m.start_year,
                    "end_year": m.end_year,
                    **inference_json(m),
                    "sources": [source_json(request, s) for s in m.sources.all()],
                }
                for m in network.memberships.all()
            ],
            "initiatives": [
                {**named_json(request, i), "kind": i.kind, "year": i.year} for i in network.initiatives.all()
            ],
            "mentioned_in": mentioned_in_json(request, network.mentioned_in),
            "sources": [source_json(request, s) for m in network.memberships.all() for s in m.sources.all()],
        }


class InitiativeListView(RecordListView):
    model = Initiative
    template_name = "initiatives/initiative_list.html"
    facets = [
        Facet("topic", "Topic", "topics__slug", display="topics__name", through=Through(InitiativeTopic, "content_object", "tag")),
        Facet(
            "city", "City", "participations__city__slug", display="participations__city__name",
            through=Through(Participation, "initiative", "city", repeats=True, public="public"),
        ),
        Facet("network", "Network", "networks__slug", display="networks__name", through=Through(Initiative.networks.through, "initiative", "network")),
        Facet("body", "Multilateral body", "bodies__slug", display="bodies__name", through=Through(Initiative.bodies.through, "initiative", "body")),
        Facet("year", "Year", "year", numeric=True),
        Facet("kind", "Kind", "kind", choices=dict(Initiative.Kind.choices)),
    ]
    csv_columns = [
        "name", "slug", "url", "kind", "status", "scope", "year", "date", "summary", "cities", "networks", "topics"
    ]

    # A card shows the initiative and its cities; loading networks and topics too cost a quarter of the page.
    export_related = ("networks", "topics")

    def records(self):
        return Initiative.objects.public().with_cities().order_by("name")

    def facet_base(self):
        return Initiative.objects.public()

    def record_json(self, initiative):
        return {
            **named_json(self.request, initiative),
            "kind": initiative.kind,
            "status": initiative.status,
            "scope": initiative.scope,
            "year": initiative.year,
            "date": initiative.date.isoformat() if initiative.date else None,
            "summary": initiative.summary,
            "cities": [p.city.name for p in initiative.participations.all()],
            "networks": [network.name for network in initiative.networks.all()],
            "topics": [topic.name for topic in initiative.topics.all()],
        }


class InitiativeDetailView(MentionedInMixin, RecordDetailView):
    structured_data = staticmethod(schema_org.initiative)
    template_name = "initiatives/initiative_detail.html"

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

    def record_json(self, initiative):
        request = self.request
        return {
            **named_json(request, initiative),
            "kind": initiative.kind,
            "status": initiative.status,
            "scope": initiative.scope,
            "year": initiative.year,
            "date": initiative.date.isoformat() if initiative.date else None,
            "summary": initiative.summary,
            **inference_json(initiative),
            "aliases": initiative.alias_list(),
            "cities": [
                {
                    **named_json(request, p.city),
                    "role": p.role,
                    **inference_json(p),
                    "sources": [source_json(request, s) for s in p.sources.all()],
                }
                for p in initiative.participations.all()
            ],
            "networks": [named_json(request, network) for network in initiative.networks.all()],
            "bodies": [named_json(request, body) for body in initiative.bodies.all()],
            "topics": [named_json(request, topic) for topic in initiative.topics.all()],
            "mentioned_in": mentioned_in_json(request, initiative.mentioned_in),
            "sources": [source_json(request, s) for s in initiative.sources.all()],
        }


class BodyListView(RecordListView):
    model = Body
    template_name = "initiatives/body_list.html"
    csv_columns = ["name", "slug", "url", "acronym", "kind", "initiative_count"]

    def records(self):
        return Body.objects.annotate(
            initiative_count=count_of(public_links(Initiative.bodies.through), "body")
        ).order_by("name")

    def record_json(self, body):
        return {
            **named_json(self.request, body),
            "acronym": body.acronym,
            "kind": body.get_kind_display(),
            "initiative_count": body.initiative_count,
        }


class BodyDetailView(MentionedInMixin, RecordDetailView):
    structured_data = staticmethod(schema_org.organization)
    template_name = "initiatives/body_detail.html"

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

    def record_json(self, body):
        request = self.request
        return {
            **named_json(request, body),
            "acronym": body.acronym,
            "aliases": body.alias_list(),
            "kind": body.get_kind_display(),
            "description": body.description,
            "wikidata": body.wikidata or None,
            "wikidata_url": body.wikidata_url or None,
            "initiatives": [{**named_json(request, i), "kind": i.kind, "year": i.year} for i in body.initiatives.all()],
            "mentioned_in": mentioned_in_json(request, body.mentioned_in),
            "sources": [source_json(request, s) for i in body.initiatives.all() for s in i.sources.all()],
        }


TOPIC_PAGE_SHOWS = 50


class TopicListView(RecordListView):
    model = Topic
    template_name = "initiatives/topic_list.html"
    csv_columns = ["name", "slug", "url", "description", "article_count", "initiative_count"]

    def records(self):
        return Topic.objects.annotate(
            article_count=count_of(ArticleTopic, "tag", content_object__status=Article.Status.PUBLISHED),
            initiative_count=count_of(public_links(InitiativeTopic, "content_object"), "tag"),
        ).order_by("name")

    def record_json(self, topic):
        return {
            **named_json(self.request, topic),
            "description": topic.description,
            "article_count": topic.article_count,
            "initiative_count": topic.initiative_count,
        }


class TopicDetailView(RecordDetailView):
    model = Topic
    template_name = "initiatives/topic_detail.html"

    def get_object(self, queryset=None):
        topic = super().get_object(queryset)
        # The newest of each, as many as a page holds; the faceted listings show them all.
        topic.published_articles = Article.objects.published().filter(topics=topic).with_bylines()[:TOPIC_PAGE_SHOWS]
        tagged = Initiative.objects.public().filter(topics=topic)
        topic.tagged_initiatives = tagged.order_by("-year", "name")[:TOPIC_PAGE_SHOWS]
        return topic

    def record_json(self, topic):
        request = self.request
        return {
            **named_json(request, topic),
            "description": topic.description,
            "articles": [{"title": a.title, "slug": a.slug, "url": absolute(request, a)} for a in topic.published_articles],
            "initiatives": [
                {**named_json(request, i), "kind": i.kind, "year": i.year} for i in topic.tagged_initiatives
            ],
            "sources": [],  # a topic is our vocabulary, not a claim
        }
