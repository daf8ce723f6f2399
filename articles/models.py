"""Articles, their authors and paragraphs, the topic vocabulary, and the quotation every claim rests on."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from citydip.core.models import SlugNaturalKeyManager, Versioned
from citydip.core.paths import slug_url

from .passages import quote_anchor
from .quoting import quote_difference


class Topic(Versioned, TagBase):  # noqa: DJ008 — TagBase gives its name as __str__
    """One term of the controlled vocabulary applied to articles and initiatives."""

    description = models.TextField(help_text="One sentence that says what the topic covers.")

    natural_key_fields = ["slug"]

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        # Topic pages gather articles and initiatives, so the initiatives app, which knows both, serves them.
        return slug_url("initiatives:topic_detail", self.slug)


class AuthorQuerySet(models.QuerySet):
    def public(self) -> "AuthorQuerySet":
        """Authors of at least one published article: the only ones readers see, listed, counted or found.
        A subquery rather than a join, so that it combines with counting the authors' articles."""
        return self.filter(pk__in=Authorship.objects.filter(article__status=Article.Status.PUBLISHED).values("author"))


class Author(Versioned, models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(max_length=300, blank=True, help_text="Their position as the texts give it.")
    bio = models.TextField(blank=True, help_text="A short biography in our own words.")

    objects = SlugNaturalKeyManager.from_queryset(AuthorQuerySet)()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author_detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def with_bylines(self):
        return self.prefetch_related(
            models.Prefetch("authorships", queryset=Authorship.objects.select_related("author"))
        )


class ArticleTopic(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="topic_links")
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="article_topic_unique")]


class Article(Versioned, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=300, unique=True)
    authors = models.ManyToManyField(Author, through="Authorship", related_name="articles")
    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    publication = models.CharField(max_length=200, help_text="Where it first appeared, e.g. Foreign Policy.")
    date_published = models.DateField(help_text="When it first appeared: cited, dated and sorted by this.")
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text="How much of the date is known: for “spring 2020”, the year (and any day of it above).",
    )
    reposted_in = models.CharField(
        max_length=200, blank=True, help_text="Where we read it, when that is a repost, e.g. the USC CPD blog."
    )
    reposted_on = models.DateField(null=True, blank=True, help_text="The day of the repost we read.")
    note = models.TextField(blank=True, help_text="The publisher's note that heads the text, if any.")
    # A CharField validated as a web address rather than a URLField, whose form field warns until Django 6.0
    # about the scheme it assumes; the address is always written whole, with http:// or https://.
    canonical_url = models.CharField(
        max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])],
        help_text="The article's own address, as its web page names it (rel=canonical); no two articles share one.",
    )
    summary = models.TextField(help_text="Two or three sentences in our own words.")
    source_file = models.CharField(
        max_length=200, blank=True, help_text="The plain-text source this article was read from."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    topics = TaggableManager(through=ArticleTopic, related_name="articles", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugNaturalKeyManager.from_queryset(ArticleQuerySet)()

    class Meta:
        ordering = ["-date_published", "title"]
        constraints = [
            # An article found again at its own address is a duplicate, whatever its title now says.
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~models.Q(canonical_url=""), name="article_unique_canonical_url",
                violation_error_message="Another article is already here at this address.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:article_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def first_published(self):
        """The day of first publication as far as it is known: "16 April 2019", "April 2019" or "2019"."""
        return self.date_published.strftime({"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}[self.date_precision])

    @property
    def first_published_iso(self):
        """The same, as HTML's <time datetime> takes it: "2019-04-16", "2019-04" or "2019"."""
        return self.date_published.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[self.date_precision])

    def byline(self):
        """Authors in byline order, from prefetched authorships when there are some."""
        return [authorship.author for authorship in self.authorships.all()]


class Authorship(Versioned, models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(help_text="1 for the first name of the byline.")

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="authorship_unique_author"),
            models.UniqueConstraint(fields=["article", "position"], name="authorship_unique_position"),
        ]

    def __str__(self):
        return f"{self.author} ({self.position}) — {self.article}"


class ParagraphManager(models.Manager):
    def get_by_natural_key(self, article_slug, number):
        return self.get(article__slug=article_slug, number=number)


class Paragraph(Versioned, models.Model):
    """One block of an article's body, in reading order; `number` gives its stable anchor #p<number>."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        HEADING = "heading", "Heading"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARAGRAPH)
    text = models.TextField()
    html = models.TextField(
        blank=True, editable=False, help_text="The text with its mentions linked, stored when the article is saved."
    )

    objects = ParagraphManager()

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="paragraph_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self):
        return f"{self.article} ¶{self.number}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return (*self.article.natural_key(), self.number)

    natural_key.dependencies = ["articles.article"]

    @property
    def anchor(self):
        return f"p{self.number}"


# What a reference to a paragraph (¶ number, article title, link) never shows: the long texts, left in the
# database when quotes and mentions are listed with their paragraphs.
UNCITED_FIELDS = ("paragraph__text", "paragraph__html", "paragraph__article__summary", "paragraph__article__note")


class QuotationQuerySet(models.QuerySet):
    def public(self):
        """Quotes from published articles only: a draft's claims stay with the editors."""
        published = self.filter(paragraph__article__status=Article.Status.PUBLISHED)
        return published.select_related("paragraph__article").defer(*UNCITED_FIELDS)


class Quotation(Versioned, models.Model):
    """Provenance, modelled once: the paragraph a claim comes from and the verbatim passage that makes it.

    Every sourced relation (a membership, an initiative, a city's part in an initiative) has a concrete
    subclass with a foreign key, named by `claim_field`, to the claim it supports; `claim_related` lists
    what to join to describe that claim.
    """

    claim_field = ""
    claim_related = ()

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="+")
    # Bounded so that the uniqueness index of (claim, paragraph, quote) fits PostgreSQL's index rows.
    quote = models.TextField(max_length=1000, help_text="A verbatim passage of the paragraph, up to 1,000 characters.")

    objects = QuotationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["paragraph__article", "paragraph__number", "pk"]

    def __str__(self):
        return f"“{self.quote[:60]}” — {self.paragraph}"

    def clean(self):
        if len(self.quote) > 1000:
            raise ValidationError({"quote": "Quote a passage of at most 1,000 characters."})
        if self.paragraph_id and self.quote and (difference := quote_difference(self.quote, self.paragraph.text)):
            raise ValidationError({"quote": f"The quote must be a verbatim passage of the chosen paragraph: {difference}"})

    @property
    def article(self):
        return self.paragraph.article

    @property
    def claim(self):
        return getattr(self, self.claim_field)

    @property
    def anchor(self) -> str:
        """The id of the quote's mark in its article (articles.passages): one for every claim of the same words."""
        return quote_anchor(self.paragraph.number, self.quote)

    @property
    def marked_url(self) -> str:
        """Where a source link goes: the quoted passage, marked inside its highlighted paragraph."""
        return f"{self.paragraph.article.get_absolute_url()}#{self.anchor}"

    @classmethod
    def sourced_by(cls, article):
        """Every quotation of every kind taken from the article, with the claim it supports."""
        return [
            quotation
            for model in cls.__subclasses__()
            for quotation in model.objects.filter(paragraph__article=article).select_related(
                "paragraph__article", *model.claim_related
            )
        ]
