"""The sitemaps of cities, networks, topics and multilateral bodies — public whatever their sources — and of
initiatives, once a published article quotes them."""

from articles.models import Topic
from citydip.core.sitemaps import RecordSitemap

from .models import Body, City, Initiative, Network


class CitySitemap(RecordSitemap):
    model = City


class NetworkSitemap(RecordSitemap):
    model = Network


class InitiativeSitemap(RecordSitemap):
    model = Initiative

    def items(self):
        return Initiative.objects.public().only("slug").order_by("slug")


class TopicSitemap(RecordSitemap):
    model = Topic


class BodySitemap(RecordSitemap):
    model = Body
