"""The filters of the article listing (citydip.core.facets), which the API description lists too."""

from django.db.models.functions import ExtractYear

from citydip.core.facets import Facet, Through

from .models import ArticleTopic, Authorship

ARTICLE_FACETS: tuple[Facet, ...] = (
    Facet("topic", "Topic", "topics__slug", display="topics__name", through=Through(ArticleTopic, "content_object", "tag")),
    Facet("author", "Author", "authors__slug", display="authors__name", through=Through(Authorship, "article", "author")),
    Facet("year", "Year", ExtractYear("date_published"), numeric=True),
    Facet("publication", "Publication", "publication"),
)
