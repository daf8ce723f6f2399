"""The sitemap: every public page — listings, published articles, their authors, and every record.

Cities, networks, topics and multilateral bodies are public whatever their sources; an initiative once a
published article quotes it; an article once published, an author once they sign a published article.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Author, Topic
from initiatives.models import Body, City, Initiative, Network


class StaticSitemap(Sitemap):
    """The home page and the listings."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "home",
            "data",
            "articles:article_list",
            "articles:author_list",
            "initiatives:city_list",
            "initiatives:network_list",
            "initiatives:initiative_list",
            "initiatives:topic_list",
            "initiatives:body_list",
        ]

    def location(self, name):
        return reverse(name)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-date_published", "slug")

    def lastmod(self, article):
        return article.updated_at


class RecordSitemap(Sitemap):
    """Records of one model, by slug; `get_absolute_url` gives each location."""

    model = None
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return self.model.objects.only("slug").order_by("slug")


class AuthorSitemap(RecordSitemap):
    def items(self):
        return (
            Author.objects.public().only("slug").order_by("slug")
        )


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


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "cities": CitySitemap,
    "networks": NetworkSitemap,
    "initiatives": InitiativeSitemap,
    "topics": TopicSitemap,
    "bodies": BodySitemap,
}
