"""The filters of the article listing (citydip.core.facets), which the API description lists too.

An article's cities are those its paragraphs name (the mentions an editor accepted), which initiatives keep:
named by label here, as this lower layer may not import them."""

from django.db.models.functions import ExtractYear

from citydip.core.facets import Facet, Known, Through, field_choices

from .models import Article, ArticleTopic, Author, Authorship, Topic

NAMED_CITIES = Through("initiatives.Mention", "paragraph__article", "city", repeats=True, public="public")
ARTICLE_FACETS: tuple[Facet, ...] = (
    Facet(
        "topic", "Topic", "topics__slug", display="topics__name", through=Through(ArticleTopic, "content_object", "tag"),
        known=Known(Topic, "slug", "name"), example="climate",
    ),
    Facet(
        "author", "Author", "authors__slug", display="authors__name", through=Through(Authorship, "article", "author"),
        known=Known(Author, "slug", "name", public="public"), example="nina-hachigian",
    ),
    Facet("city", "City", "mentions__city__slug", display="mentions__city__name", through=NAMED_CITIES,
          known=Known("initiatives.City", "slug", "name"), example="los-angeles"),
    Facet("country", "Country", "mentions__city__country", through=NAMED_CITIES,
          known=Known("initiatives.City", "country"), example="United States"),
    Facet("region", "Region", "mentions__city__region", through=NAMED_CITIES,
          choices=field_choices("initiatives.City", "region"), example="north-america"),
    Facet("year", "Year", ExtractYear("date_published"), numeric=True, example="2020"),
    Facet("publication", "Publication", "publication", known=Known(Article, "publication", public="published"),
          example="Foreign Policy"),
)
