from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear

from citydip.core.facets import Facet, Through
from citydip.core.record_views import RecordDetailView, RecordListView, absolute, source_json

from .citations import CITATION_FORMATS, citation_context, citation_response
from .models import Article, ArticleTopic, Author, Authorship, Quotation


def visible_articles(request):
    """The public reads published articles; editors also preview drafts."""
    articles = Article.objects.all()
    if not request.user.has_perm("articles.change_article"):
        articles = articles.published()
    return articles


def article_summary_json(request, article):
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "slug": article.slug,
        "url": absolute(request, article),
        "authors": [author.name for author in article.byline()],
        "publication": article.publication,
        "date_published": article.date_published.isoformat(),
        "summary": article.summary,
        "topics": [topic.name for topic in article.topics.all()],
    }


class ArticleListView(RecordListView):
    model = Article
    template_name = "articles/article_list.html"
    facets = [
        Facet("topic", "Topic", "topics__slug", display="topics__name", through=Through(ArticleTopic, "content_object", "tag")),
        Facet("author", "Author", "authors__slug", display="authors__name", through=Through(Authorship, "article", "author")),
        Facet("year", "Year", ExtractYear("date_published"), numeric=True),
        Facet("publication", "Publication", "publication"),
    ]
    csv_columns = ["title", "subtitle", "slug", "url", "authors", "publication", "date_published", "summary", "topics"]

    export_related = ("topics",)

    def records(self):
        return Article.objects.published().with_bylines()

    def facet_base(self):
        return Article.objects.published()

    def record_json(self, article):
        return article_summary_json(self.request, article)


class ArticleDetailView(RecordDetailView):
    template_name = "articles/article_detail.html"
    formats = ("html", "json", *CITATION_FORMATS)

    def render_to_response(self, context, **kwargs):
        if self.format in CITATION_FORMATS:
            return citation_response(self.object, absolute(self.request, self.object), self.format)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context.update(citation_context(article, absolute(self.request, article), article.topics.all()))
        return context

    def get_queryset(self):
        return visible_articles(self.request).with_bylines().prefetch_related("topics", "paragraphs")

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        article.quotations = Quotation.sourced_by(article)
        return article

    def record_json(self, article):
        request = self.request
        return {
            **article_summary_json(request, article),
            "authors": [
                {"name": author.name, "url": absolute(request, author), "role": author.role}
                for author in article.byline()
            ],
            "date_precision": article.date_precision,
            "reposted_in": article.reposted_in,
            "reposted_on": article.reposted_on.isoformat() if article.reposted_on else None,
            "note": article.note,
            "status": article.status,
            "topics": [{"name": topic.name, "url": absolute(request, topic)} for topic in article.topics.all()],
            "paragraphs": [
                {"number": p.number, "anchor": p.anchor, "kind": p.kind, "text": p.text, "url": absolute(request, p)}
                for p in article.paragraphs.all()
            ],
            "sources": [
                {**source_json(request, quotation), "record": str(quotation.claim), "record_url": absolute(request, quotation.claim)}
                for quotation in article.quotations
            ],
        }


class AuthorListView(RecordListView):
    model = Author
    template_name = "articles/author_list.html"
    csv_columns = ["name", "slug", "url", "role", "article_count"]

    def records(self):
        published = Q(articles__status=Article.Status.PUBLISHED)
        return Author.objects.public().annotate(article_count=Count("articles", filter=published)).order_by("name")

    def record_json(self, author):
        return {
            "name": author.name,
            "slug": author.slug,
            "url": absolute(self.request, author),
            "role": author.role,
            "article_count": author.article_count,
        }


class AuthorDetailView(RecordDetailView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        published = Article.objects.published().with_bylines().prefetch_related("topics")
        return Author.objects.public().prefetch_related(
            Prefetch("articles", queryset=published, to_attr="published_articles")
        )

    def record_json(self, author):
        return {
            "name": author.name,
            "slug": author.slug,
            "url": absolute(self.request, author),
            "role": author.role,
            "bio": author.bio,
            "articles": [article_summary_json(self.request, article) for article in author.published_articles],
            "sources": [],  # an author makes no claim of their own: their articles are the sources
        }
