"""The sitemaps of published articles and of their authors (an author once they sign a published article)."""

from django.contrib.sitemaps import Sitemap

from citydip.core.sitemaps import RecordSitemap

from .models import Article, Author


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-date_published", "slug")

    def lastmod(self, article):
        return article.updated_at


class AuthorSitemap(RecordSitemap):
    def items(self):
        return (
            Author.objects.public().only("slug").order_by("slug")
        )
