"""Atom feeds of the published articles: all of them, and those of one topic."""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article, Topic

FEED_SIZE = 50


class MultiAuthorAtom1Feed(Atom1Feed):
    """Atom allows an <author> per person; Django's generator writes one. The byline comes in `author_names`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("author_names", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


def start_of_day(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


class ArticleFeed(Feed):
    feed_type = MultiAuthorAtom1Feed
    # Atom wants an author for every entry: the site stands in for an article without a byline.
    author_name = "citydip"

    def articles(self):
        return (
            Article.objects.published()
            .with_bylines()
            .prefetch_related("topics")
            .order_by("-date_published", "title")
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Atom's <summary type="html"> reads its text as HTML: the plain-text summary is escaped once more.
        return escape(article.summary)

    def item_pubdate(self, article):
        return start_of_day(article.date_published)

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]

    def item_extra_kwargs(self, article):
        return {"author_names": [author.name for author in article.byline()]}


class LatestArticlesFeed(ArticleFeed):
    title = "citydip — latest articles"
    # Atom shows the subtitle; RSS would show the description.
    subtitle = description = "New articles on city diplomacy in the citydip knowledge base."

    def link(self):
        return reverse("articles:article_list")

    def items(self):
        return self.articles()[:FEED_SIZE]


class TopicArticlesFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"citydip — {topic.name}"

    def description(self, topic):
        return topic.description or f"Articles on {topic.name} in the citydip knowledge base."

    def subtitle(self, topic):  # what Atom shows; `description` is RSS's
        return self.description(topic)

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return self.articles().filter(topics=topic)[:FEED_SIZE]
