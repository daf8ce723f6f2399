"""The sitemap index: the site's own pages here, and each app's records in the app's sitemaps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, AuthorSitemap
from initiatives.sitemaps import BodySitemap, CitySitemap, InitiativeSitemap, NetworkSitemap, TopicSitemap


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
