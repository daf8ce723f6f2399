"""The public records as tables: one per record kind and one per relation, each keyed by slugs, read in one query
a table (citydip.data.package writes them as a Frictionless Data Package, a ZIP and a SQLite database).

Only what readers see is here: published articles and their paragraphs, the claims a published article quotes,
accepted mentions in published articles, and the relations of public initiatives. A claim's quotes are rows of
its sources table, keyed by the claim, the paragraph and the quote (what the database keeps unique).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from articles.models import Article, ArticleTopic, Author, Authorship, Paragraph, Topic
from citydip.core.paths import slug_url
from initiatives.models import (
    Body,
    City,
    Initiative,
    InitiativeSource,
    InitiativeTopic,
    Membership,
    MembershipSource,
    Mention,
    Network,
    Participation,
    ParticipationSource,
    public_links,
)

RECORDS_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International: the records and summaries",
}
PUBLISHERS_LICENCE = {
    "name": "LicenseRef-publishers",
    "title": "The article texts are © their publishers, quoted for research",
}
GEONAMES_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "GeoNames (geonames.org) under Creative Commons Attribution 4.0: the cities' GeoNames ids",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, date
    description: str
    required: bool = False
    enum: tuple = ()
    format: str = ""

    def schema(self) -> dict:
        schema = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            schema["format"] = self.format
        constraints = {"required": True} if self.required else {}
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            schema["constraints"] = constraints
        return schema


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    to: tuple[str, ...] = ("slug",)

    def schema(self) -> dict:
        return {"fields": list(self.fields), "reference": {"resource": self.table, "fields": list(self.to)}}


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[], Iterable[tuple]]  # one query; values in the columns' order
    foreign_keys: tuple[ForeignKey, ...] = ()
    licences: tuple[dict, ...] = ()  # beside the package's, for what is not ours
    page: str = ""  # the view of its records' pages, when they have one

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def schema(self) -> dict:
        schema = {
            "fields": [column.schema() for column in self.columns],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [key.schema() for key in self.foreign_keys]
        return schema


# Columns several tables share -----------------------------------------------------------------------------------


def slug(description="The record's slug: its address on citydip, and its key here."):
    return Column("slug", "string", description, required=True)


NAME = Column("name", "string", "Its name.", required=True)
URL = Column("url", "string", "Its page on citydip.", format="uri")
ALIASES = Column("aliases", "string", "Other names the texts use, one a line.")
WIKIDATA = Column("wikidata", "string", "Its Wikidata id (e.g. Q65), where known.")
ACRONYM = Column("acronym", "string", "Its acronym.")
DESCRIPTION = Column("description", "string", "In our own words.")
INFERENCE = Column("inference", "string", "Where the quotes support the claim only by inference: the editor's reasoning.")
QUOTE = Column("quote", "string", "The verbatim passage of the paragraph that makes the claim.", required=True)
ARTICLE = Column("article", "string", "The slug of the article.", required=True)
PARAGRAPH_NUMBER = Column("paragraph", "integer", "The paragraph's number in the article (its anchor #pN).", required=True)
SOURCE_URL = Column("url", "string", "The paragraph's address on citydip.", format="uri")
TO_PARAGRAPH = ForeignKey(("article", "paragraph"), "paragraphs", ("article", "number"))


def choices(model_choices) -> tuple:
    return tuple(value for value, _ in model_choices)


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def page(view: str) -> Callable[[str], str]:
    return lambda record_slug: site_url(slug_url(view, record_slug))


def paragraph_url(article_slug: str, number: int) -> str:
    return f"{page('articles:article_detail')(article_slug)}#p{number}"


def texts(value):
    """Empty texts as missing values, which is how CSV and the schema read them (a 0 stays a 0)."""
    return None if value == "" else value


def with_urls(rows: QuerySet, view: str, at: int = 0) -> Iterator[tuple]:
    """Each row with its record's page address last (the record's slug at `at`)."""
    url = page(view)
    for row in rows.iterator(chunk_size=2000):
        yield (*map(texts, row), url(row[at]))


def with_paragraph_urls(rows: QuerySet, article_at: int, number_at: int) -> Iterator[tuple]:
    for row in rows.iterator(chunk_size=2000):
        yield (*map(texts, row), paragraph_url(row[article_at], row[number_at]))


def plain(rows: QuerySet) -> Iterator[tuple]:
    for row in rows.iterator(chunk_size=2000):
        yield tuple(map(texts, row))


# What is public -------------------------------------------------------------------------------------------------


def published_articles() -> QuerySet:
    return Article.objects.published()


def public_initiatives() -> QuerySet:
    return Initiative.objects.public()


def public_mentions() -> QuerySet:
    """Accepted mentions in published articles, of a record readers see (an initiative may be a draft's)."""
    return Mention.objects.public().filter(Q(initiative__isnull=True) | Q(initiative__in=public_initiatives()))


# The tables -----------------------------------------------------------------------------------------------------

def initiative_links(
    name: str, description: str, link_model, other: str, initiative_field: str = "initiative", other_field: str = ""
) -> "Table":
    """The table of public initiatives' links to topics, networks or bodies, each end by its slug."""
    lookups = (f"{initiative_field}__slug", f"{other_field or other}__slug")
    other_table = {"body": "bodies"}.get(other, f"{other}s")
    return Table(
        name, f"{other_table.capitalize()} of initiatives", description,
        (Column("initiative", "string", "The slug of the initiative.", required=True),
         Column(other, "string", f"The slug of the {other}.", required=True)),
        ("initiative", other),
        lambda: plain(public_links(link_model, initiative_field).order_by(*lookups).values_list(*lookups)),
        (ForeignKey(("initiative",), "initiatives"), ForeignKey((other,), other_table)),
    )


TABLES = (
    Table(
        "articles", "Articles", "The published articles every claim is quoted from.",
        (
            slug(), Column("title", "string", "Its title.", required=True), Column("subtitle", "string", "Its subtitle."),
            Column("publication", "string", "Where it first appeared.", required=True),
            Column("date_published", "date", "When it first appeared (as precise as date_precision says).", required=True),
            Column("date_precision", "string", "How much of the date is known.", enum=choices(Article.DatePrecision.choices)),
            Column("reposted_in", "string", "Where we read it, when that is a repost."),
            Column("reposted_on", "date", "The day of that repost."),
            Column("canonical_url", "string", "The article's own address.", format="uri"),
            Column("summary", "string", "Two or three sentences in our own words."), URL,
        ),
        ("slug",),
        lambda: with_urls(
            published_articles().order_by("slug").values_list(
                "slug", "title", "subtitle", "publication", "date_published", "date_precision", "reposted_in",
                "reposted_on", "canonical_url", "summary",
            ),
            "articles:article_detail",
        ),
        page="articles:article_detail",
    ),
    Table(
        "paragraphs", "Paragraphs", "The text of each published article, one row per paragraph or heading.",
        (
            ARTICLE, Column("number", "integer", "Its place in the article (its anchor #pN).", required=True),
            Column("kind", "string", "Paragraph or heading.", enum=choices(Paragraph.Kind.choices)),
            Column("text", "string", "Its text, verbatim.", required=True), SOURCE_URL,
        ),
        ("article", "number"),
        lambda: with_paragraph_urls(
            Paragraph.objects.filter(article__status=Article.Status.PUBLISHED)
            .order_by("article__slug", "number").values_list("article__slug", "number", "kind", "text"),
            0, 1,
        ),
        (ForeignKey(("article",), "articles"),),
        licences=(PUBLISHERS_LICENCE,),
    ),
    Table(
        "authors", "Authors", "The authors of published articles.",
        (slug(), NAME, Column("role", "string", "Their position as the texts give it."),
         Column("bio", "string", "A short biography in our own words."), URL),
        ("slug",),
        lambda: with_urls(Author.objects.public().order_by("slug").values_list("slug", "name", "role", "bio"), "articles:author_detail"),
        page="articles:author_detail",
    ),
    Table(
        "article_authors", "Bylines", "Who wrote each published article, in byline order.",
        (ARTICLE, Column("author", "string", "The slug of the author.", required=True),
         Column("position", "integer", "1 for the first name of the byline.", required=True)),
        ("article", "author"),
        lambda: plain(
            Authorship.objects.filter(article__status=Article.Status.PUBLISHED)
            .order_by("article__slug", "position").values_list("article__slug", "author__slug", "position")
        ),
        (ForeignKey(("article",), "articles"), ForeignKey(("author",), "authors")),
    ),
    Table(
        "topics", "Topics", "The controlled vocabulary of topics.",
        (slug(), NAME, DESCRIPTION, URL),
        ("slug",),
        lambda: with_urls(Topic.objects.order_by("slug").values_list("slug", "name", "description"), "initiatives:topic_detail"),
        page="initiatives:topic_detail",
    ),
    Table(
        "article_topics", "Topics of articles", "The topics of each published article.",
        (ARTICLE, Column("topic", "string", "The slug of the topic.", required=True)),
        ("article", "topic"),
        lambda: plain(
            ArticleTopic.objects.filter(content_object__status=Article.Status.PUBLISHED)
            .order_by("content_object__slug", "tag__slug").values_list("content_object__slug", "tag__slug")
        ),
        (ForeignKey(("article",), "articles"), ForeignKey(("topic",), "topics")),
    ),
    Table(
        "cities", "Cities", "Cities, with their country, region, coordinates and identifiers.",
        (
            slug(), NAME, Column("country", "string", "Its country.", required=True),
            Column("region", "string", "Its world region.", enum=choices(City.Region.choices)),
            Column("latitude", "number", "Degrees north."), Column("longitude", "number", "Degrees east."),
            ALIASES, WIKIDATA,
            Column("geonames_id", "integer", "Its GeoNames id (geonames.org, CC BY 4.0), where known."), URL,
        ),
        ("slug",),
        lambda: with_urls(
            City.objects.order_by("slug").values_list(
                "slug", "name", "country", "region", "latitude", "longitude", "aliases", "wikidata", "geonames_id"
            ),
            "initiatives:city_detail",
        ),
        page="initiatives:city_detail",
    ),
    Table(
        "networks", "Networks", "The city networks.",
        (slug(), NAME, ACRONYM, Column("focus", "string", "What it works on, in a few words."),
         Column("founded", "integer", "The year it was founded."), DESCRIPTION, ALIASES, WIKIDATA, URL),
        ("slug",),
        lambda: with_urls(
            Network.objects.order_by("slug").values_list(
                "slug", "name", "acronym", "focus", "founded", "description", "aliases", "wikidata"
            ),
            "initiatives:network_detail",
        ),
        page="initiatives:network_detail",
    ),
    Table(
        "bodies", "Multilateral bodies", "Multilateral bodies, forums and agreements of nations cities deal with.",
        (slug(), NAME, ACRONYM, Column("kind", "string", "What kind of body.", enum=choices(Body.Kind.choices)),
         DESCRIPTION, ALIASES, WIKIDATA, URL),
        ("slug",),
        lambda: with_urls(
            Body.objects.order_by("slug").values_list("slug", "name", "acronym", "kind", "description", "aliases", "wikidata"),
            "initiatives:body_detail",
        ),
        page="initiatives:body_detail",
    ),
    Table(
        "initiatives", "Initiatives", "What cities set up, together or with networks and bodies: each quoted from a published article.",
        (
            slug(), NAME, Column("kind", "string", "What kind of initiative.", enum=choices(Initiative.Kind.choices)),
            Column("status", "string", "Whether it was proposed, is under way or done.", enum=choices(Initiative.Status.choices)),
            Column("scope", "string", "International, or domestic (cited as context).", enum=choices(Initiative.Scope.choices)),
            Column("summary", "string", "In our own words."), INFERENCE,
            Column("year", "integer", "The year it began."), Column("date", "date", "The exact day, where the texts give it."),
            ALIASES, WIKIDATA, URL,
        ),
        ("slug",),
        lambda: with_urls(
            public_initiatives().order_by("slug").values_list(
                "slug", "name", "kind", "status", "scope", "summary", "inference", "year", "date", "aliases", "wikidata"
            ),
            "initiatives:initiative_detail",
        ),
        page="initiatives:initiative_detail",
    ),
    initiative_links("initiative_topics", "The topics of each initiative.", InitiativeTopic, "topic", "content_object", "tag"),
    initiative_links("initiative_networks", "The networks each initiative is linked to.", Initiative.networks.through, "network"),
    initiative_links(
        "initiative_bodies", "The multilateral bodies each initiative is linked to.", Initiative.bodies.through, "body"
    ),
    Table(
        "memberships", "Memberships", "Cities' memberships of networks, each quoted from a published article (membership_sources).",
        (
            Column("city", "string", "The slug of the city.", required=True),
            Column("network", "string", "The slug of the network.", required=True),
            Column("role", "string", "The city's role in the network.", required=True, enum=choices(Membership.Role.choices)),
            Column("start_year", "integer", "The year it began, where known."),
            Column("end_year", "integer", "The year it ended, where known."), INFERENCE,
        ),
        ("city", "network", "role"),
        lambda: plain(
            Membership.objects.public().order_by("city__slug", "network__slug", "role")
            .values_list("city__slug", "network__slug", "role", "start_year", "end_year", "inference")
        ),
        (ForeignKey(("city",), "cities"), ForeignKey(("network",), "networks")),
    ),
    Table(
        "participations", "Participations", "Cities' parts in initiatives, each quoted from a published article (participation_sources).",
        (
            Column("initiative", "string", "The slug of the initiative.", required=True),
            Column("city", "string", "The slug of the city.", required=True),
            Column("role", "string", "The city's part.", required=True, enum=choices(Participation.Role.choices)),
            INFERENCE,
        ),
        ("initiative", "city", "role"),
        lambda: plain(
            Participation.objects.public().order_by("initiative__slug", "city__slug", "role")
            .values_list("initiative__slug", "city__slug", "role", "inference")
        ),
        (ForeignKey(("initiative",), "initiatives"), ForeignKey(("city",), "cities")),
    ),
    Table(
        "membership_sources", "Sources of memberships", "The quotes each membership rests on: article, paragraph and verbatim passage.",
        (
            Column("city", "string", "The slug of the city.", required=True),
            Column("network", "string", "The slug of the network.", required=True),
            Column("role", "string", "The city's role in the network.", required=True),
            ARTICLE, PARAGRAPH_NUMBER, QUOTE, SOURCE_URL,
        ),
        ("city", "network", "role", "article", "paragraph", "quote"),
        lambda: with_paragraph_urls(
            MembershipSource.objects.public()
            .order_by("membership__city__slug", "membership__network__slug", "membership__role", "paragraph__article__slug", "paragraph__number", "quote")
            .values_list(
                "membership__city__slug", "membership__network__slug", "membership__role",
                "paragraph__article__slug", "paragraph__number", "quote",
            ),
            3, 4,
        ),
        (ForeignKey(("city", "network", "role"), "memberships", ("city", "network", "role")), TO_PARAGRAPH),
        licences=(PUBLISHERS_LICENCE,),
    ),
    Table(
        "participation_sources", "Sources of participations", "The quotes each participation rests on.",
        (
            Column("initiative", "string", "The slug of the initiative.", required=True),
            Column("city", "string", "The slug of the city.", required=True),
            Column("role", "string", "The city's part.", required=True),
            ARTICLE, PARAGRAPH_NUMBER, QUOTE, SOURCE_URL,
        ),
        ("initiative", "city", "role", "article", "paragraph", "quote"),
        lambda: with_paragraph_urls(
            ParticipationSource.objects.public().filter(participation__in=Participation.objects.public())
            .order_by("participation__initiative__slug", "participation__city__slug", "participation__role", "paragraph__article__slug", "paragraph__number", "quote")
            .values_list(
                "participation__initiative__slug", "participation__city__slug", "participation__role",
                "paragraph__article__slug", "paragraph__number", "quote",
            ),
            3, 4,
        ),
        (ForeignKey(("initiative", "city", "role"), "participations", ("initiative", "city", "role")), TO_PARAGRAPH),
        licences=(PUBLISHERS_LICENCE,),
    ),
    Table(
        "initiative_sources", "Sources of initiatives", "The quotes each initiative rests on.",
        (Column("initiative", "string", "The slug of the initiative.", required=True), ARTICLE, PARAGRAPH_NUMBER, QUOTE, SOURCE_URL),
        ("initiative", "article", "paragraph", "quote"),
        lambda: with_paragraph_urls(
            InitiativeSource.objects.public()
            .order_by("initiative__slug", "paragraph__article__slug", "paragraph__number", "quote")
            .values_list("initiative__slug", "paragraph__article__slug", "paragraph__number", "quote"),
            1, 2,
        ),
        (ForeignKey(("initiative",), "initiatives"), TO_PARAGRAPH),
        licences=(PUBLISHERS_LICENCE,),
    ),
    Table(
        "mentions", "Mentions", "Names in paragraphs that refer to a record: exactly one of city, network, body, initiative.",
        (
            ARTICLE, PARAGRAPH_NUMBER,
            Column("start", "integer", "The offset of the name in the paragraph's text.", required=True),
            Column("text", "string", "The name as the paragraph writes it.", required=True),
            Column("city", "string", "The slug of the city named."), Column("network", "string", "The slug of the network named."),
            Column("body", "string", "The slug of the body named."), Column("initiative", "string", "The slug of the initiative named."),
        ),
        ("article", "paragraph", "start"),
        lambda: plain(
            public_mentions().order_by("paragraph__article__slug", "paragraph__number", "start").values_list(
                "paragraph__article__slug", "paragraph__number", "start", "text",
                "city__slug", "network__slug", "body__slug", "initiative__slug",
            )
        ),
        (
            TO_PARAGRAPH, ForeignKey(("city",), "cities"), ForeignKey(("network",), "networks"),
            ForeignKey(("body",), "bodies"), ForeignKey(("initiative",), "initiatives"),
        ),
    ),
)
BY_NAME = {table.name: table for table in TABLES}
# The tables whose records have pages of their own, by the model of their records (the "Last in release N" line).
RECORD_TABLES = {
    "articles": Article, "authors": Author, "topics": Topic, "cities": City, "networks": Network,
    "bodies": Body, "initiatives": Initiative,
}
