"""Articles and authors as JSON, CSV and JSON Schema, and the quotes every sourced record cites
(see citydip.core.representations). The article's schema.org JSON-LD is made by articles.citations, beside
the citation formats whose dates and publishers it shares.
"""

from citydip.core.representations import (
    DATE,
    INTEGER,
    NULLABLE_DATE,
    STRING,
    STRINGS,
    URL,
    Field,
    Representation,
    absolute,
    absolute_url,
    array,
    iso_date,
    many,
    named,
)

from . import citations
from .models import Article, Paragraph

# A quote that supports a claim (a Quotation), and a paragraph that names a record (a Paragraph).
SOURCE = Representation(
    "Source",
    (
        Field("article", STRING, lambda quotation, request: quotation.paragraph.article.slug),
        Field("article_title", STRING, lambda quotation, request: quotation.paragraph.article.title),
        Field("paragraph", INTEGER, lambda quotation, request: quotation.paragraph.number),
        Field("quote", STRING),
        Field("url", URL, lambda quotation, request: absolute(request, quotation.paragraph)),
    ),
    "A verbatim quote of paragraph `paragraph` of the article with slug `article`; `url` points at the paragraph.",
)
MENTION = Representation(
    "Mention",
    (
        Field("article", STRING, lambda paragraph, request: paragraph.article.slug),
        Field("article_title", STRING, lambda paragraph, request: paragraph.article.title),
        Field("paragraph", INTEGER, lambda paragraph, request: paragraph.number),
        Field("url", URL, absolute_url),
    ),
)

# An article as listings, topics and authors show it.
ARTICLE_SUMMARY = Representation(
    "ArticleSummary",
    (
        Field("title", STRING),
        Field("subtitle", STRING),
        Field("slug", STRING),
        Field("url", URL, absolute_url),
        Field("authors", STRINGS, lambda article, request: [author.name for author in article.byline()]),
        Field("publication", STRING),
        Field("date_published", DATE, lambda article, request: article.date_published.isoformat()),
        Field("summary", STRING),
        Field("topics", STRINGS, lambda article, request: [topic.name for topic in article.topics.all()]),
    ),
)
ARTICLE_LINK = Representation(None, (Field("title", STRING), Field("slug", STRING), Field("url", URL, absolute_url)))

BYLINE = Representation(None, (Field("name", STRING), Field("url", URL, absolute_url), Field("role", STRING)))
TOPIC_LINK = Representation(None, (Field("name", STRING), Field("url", URL, absolute_url)))
PARAGRAPH = Representation(
    None,
    (
        Field("number", INTEGER),
        Field("anchor", STRING),
        Field("kind", {"enum": Paragraph.Kind.values}),
        Field("text", STRING),
        Field("url", URL, absolute_url),
    ),
)
# A quote the article gives for a claim, and the record the claim is about.
QUOTATION = SOURCE.extended(
    None,
    Field("record", STRING, lambda quotation, request: str(quotation.claim)),
    Field("record_url", URL, lambda quotation, request: absolute(request, quotation.claim)),
)


def article_json_ld(article, url):
    return citations.json_ld(article, url, article.topics.all())


# The article's page: its summary with links in place of names, its text, and the quotes of it that records cite
# (`article.quotations`, set by the view).
ARTICLE = ARTICLE_SUMMARY.extended(
    "Article",
    many("authors", BYLINE, lambda article: article.byline()),
    Field("date_precision", {"enum": Article.DatePrecision.values}),
    Field("reposted_in", STRING),
    Field("reposted_on", NULLABLE_DATE, lambda article, request: iso_date(article.reposted_on)),
    Field("note", STRING),
    Field("status", {"enum": Article.Status.values}),
    many("topics", TOPIC_LINK, lambda article: article.topics.all()),
    many("paragraphs", PARAGRAPH, lambda article: article.paragraphs.all()),
    many("sources", QUOTATION, lambda article: article.quotations),
    json_ld=article_json_ld,
)

AUTHOR_SUMMARY = Representation(
    "AuthorSummary", (*named(), Field("role", STRING), Field("article_count", INTEGER))
)
AUTHOR = Representation(
    "Author",
    (
        *named(),
        Field("role", STRING),
        Field("bio", STRING),
        many("articles", ARTICLE_SUMMARY, lambda author: author.published_articles),  # set by the view
        # An author makes no claim of their own: their articles are the sources.
        Field("sources", array(SOURCE.reference()), lambda author, request: []),
    ),
)
