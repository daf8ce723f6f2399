from django.db.models import Count, Prefetch, Q

from citydip.core.record_views import RecordDetailView, RecordListView, both_ways
from citydip.core.representations import absolute
from citydip.core.sections import Section, contents, counted

from .citations import CITATION_FORMATS, citation_context, citation_response
from .facets import ARTICLE_FACETS
from .models import Article, Author, Quotation
from .passages import mark_paragraphs, passages
from .representations import ARTICLE, ARTICLE_SUMMARY, AUTHOR, AUTHOR_SUMMARY


def visible_articles(request):
    """The public reads published articles; editors also preview drafts."""
    articles = Article.objects.all()
    if not request.user.has_perm("articles.change_article"):
        articles = articles.published()
    return articles


class ArticleListView(RecordListView):
    model = Article
    template_name = "articles/article_list.html"
    representation = ARTICLE_SUMMARY
    facets = ARTICLE_FACETS
    sorts = (
        *reversed(both_ways("date", "oldest first", "newest first", "date_published", ("title", "pk"))),
        *both_ways("title", "title, A to Z", "title, Z to A", "title"),
    )

    export_related = ("topics",)

    def listed_records(self):
        return Article.objects.published().with_bylines()

    def filterable_records(self):
        return Article.objects.published()


class ArticleDetailView(RecordDetailView):
    template_name = "articles/article_detail.html"
    representation = ARTICLE
    formats = ("html", "json", *CITATION_FORMATS)

    def render_to_response(self, context, **kwargs):
        if self.format in CITATION_FORMATS:
            return citation_response(self.object, absolute(self.request, self.object), self.format)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(citation_context(self.object, absolute(self.request, self.object)))
        article = self.object
        paragraphs = sum(paragraph.kind == paragraph.Kind.PARAGRAPH for paragraph in article.paragraphs.all())
        claims = len(article.quotations)
        context["contents"] = contents(
            Section("text", "Text", paragraphs, counted(paragraphs, "paragraph")),
            Section(
                "sourced", "Records it is the source of", len(article.passages),
                f"the source of {counted(claims, 'claim')} in {counted(len(article.passages), 'quoted passage')}",
            ),
        )
        return context

    def get_queryset(self):
        return visible_articles(self.request).with_bylines().prefetch_related("topics", "paragraphs")

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        article.quotations = Quotation.sourced_by(article)
        article.passages = passages(article.quotations)
        mark_paragraphs(article.paragraphs.all(), article.passages)
        return article


class AuthorListView(RecordListView):
    model = Author
    template_name = "articles/author_list.html"
    representation = AUTHOR_SUMMARY
    sorts = (
        *both_ways("name", "name, A to Z", "name, Z to A", "name"),
        *reversed(both_ways("articles", "fewest articles", "most articles", "article_count", ("name", "pk"))),
    )

    def listed_records(self):
        published = Q(articles__status=Article.Status.PUBLISHED)
        return Author.objects.public().annotate(article_count=Count("articles", filter=published)).order_by("name")


class AuthorDetailView(RecordDetailView):
    template_name = "articles/author_detail.html"
    representation = AUTHOR

    def get_queryset(self):
        published = Article.objects.published().with_bylines().prefetch_related("topics")
        return Author.objects.public().prefetch_related(
            Prefetch("articles", queryset=published, to_attr="published_articles")
        )
