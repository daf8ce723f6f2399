"""Load the curated records of fixtures/ (see fixtures/curated/README.md): the five source texts as
published articles, and every entity, relation and quote curated from them.

Loading only adds what is missing — a record that exists is left as it is, so a second run changes
nothing and an editor's later corrections are never overwritten.
"""

import json
from collections import Counter
from datetime import date
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction

from articles.importing import create_article
from articles.models import Article, Author, Paragraph, Topic
from articles.parsing import parse
from articles.quoting import longest_quoted_prefix, quote_difference
from initiatives.gazetteer import certain_places, taken_geonames_ids
from initiatives.linking import render_paragraphs
from initiatives.models import (
    Body,
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Mention,
    Network,
    Participation,
    ParticipationSource,
    PlaceName,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class SeedError(Exception):
    pass


def read_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SeedError(f"{path}: {error}") from None


def lines(values):
    return "\n".join(values or [])


def choice(row, key, choices, where, default=None):
    """row[key] when it is one of the field's choices (or the default when it is missing): a misspelt status or role
    would otherwise be stored as it is, since get_or_create runs no validation."""
    value = row.get(key) or default
    if value not in choices.values:
        raise SeedError(f"{where}: {key} {value!r} is not one of {', '.join(choices.values)}.")
    return value


def iso_date(row, key, where):
    try:
        return date.fromisoformat(row[key]) if row.get(key) else None
    except ValueError:
        raise SeedError(f"{where}: {key} {row[key]!r} is not a date as YYYY-MM-DD.") from None


# Keys an article file no longer has, and what took their place.
RETIRED_KEYS = {"original_publication": "publication and reposted_in", "original_date": "date_published and date_precision"}


def closest_difference(quote: str, paragraphs: list[Paragraph], number: int | None) -> str:
    """Where the quote departs from the paragraph it names, or else from the one that holds most of its start."""
    named = [p for p in paragraphs if number is None or p.number == number]
    if not named:
        return ""
    closest = max(named, key=lambda paragraph: longest_quoted_prefix(quote, paragraph.text)[0])
    return f"In ¶{closest.number}, {quote_difference(quote, closest.text)}"


class Seeder:
    def __init__(self, fixtures=FIXTURES, progress=None):
        self.fixtures = Path(fixtures)
        self.curated = self.fixtures / "curated"
        self.created = Counter()
        self.progress = progress or (lambda label, done, total: None)

    def get_or_create(self, model, defaults=None, **lookup):
        record, created = model.objects.get_or_create(**lookup, defaults=defaults or {})
        if created:
            self.created[model._meta.verbose_name_plural] += 1
        return record

    def by_slug(self, model, slug, where):
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist:
            raise SeedError(f"{where}: no {model._meta.verbose_name} with slug {slug!r}.") from None

    @transaction.atomic
    def run(self):
        # Recorded as a revision, so that every seeded record has a version to restore or recover.
        with reversion.create_revision():
            reversion.set_comment("Loaded from the curated fixtures.")
            return self.load()

    def load(self):
        self.load_entities()
        sources = sorted((self.fixtures / "sources").glob("*.txt"))
        new_articles = []
        for done, path in enumerate(sources, start=1):
            if article := self.load_article(path):
                new_articles.append(article)
            self.progress("articles", done, len(sources))
        # The curated texts were read by people: their links are accepted, not merely suggested.
        accepted = Mention.objects.filter(paragraph__article__in=new_articles)
        paragraph_ids = set(accepted.values_list("paragraph_id", flat=True))
        accepted.update(status=Mention.Status.ACCEPTED)
        render_paragraphs(paragraph_ids)
        return self.created

    def load_entities(self):
        for row in read_json(self.curated / "topics.json"):
            self.get_or_create(Topic, slug=row["slug"], defaults={"name": row["name"], "description": row["description"]})
        for row in read_json(self.curated / "authors.json"):
            self.get_or_create(Author, slug=row["slug"], defaults={k: row.get(k) or "" for k in ("name", "role", "bio")})
        self.load_cities(read_json(self.curated / "cities.json"))
        for row in read_json(self.curated / "networks.json"):
            self.get_or_create(
                Network,
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "acronym": row.get("acronym") or "",
                    "aliases": lines(row.get("aliases")),
                    "focus": row.get("focus") or "",
                    "founded": row.get("founded"),
                    "description": row.get("description") or "",
                    "wikidata": row.get("wikidata") or "",
                },
            )
        for row in read_json(self.curated / "bodies.json"):
            self.get_or_create(
                Body,
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "acronym": row.get("acronym") or "",
                    "aliases": lines(row.get("aliases")),
                    "kind": row["kind"],
                    "description": row.get("description") or "",
                    "wikidata": row.get("wikidata") or "",
                },
            )

    def load_cities(self, rows):
        """The curated cities, each new one with its GeoNames id where the gazetteer is certain of it: set as it is
        created, so that the seed's own revision holds it."""
        existing = set(City.objects.filter(slug__in=[row["slug"] for row in rows]).values_list("slug", flat=True))
        new = [
            City(
                slug=row["slug"], name=row["name"], country=row["country"], region=row["region"],
                latitude=row.get("latitude"), longitude=row.get("longitude"), aliases=lines(row.get("aliases")),
                wikidata=row.get("wikidata") or "",
            )
            for row in rows if row["slug"] not in existing
        ]
        for city, place_id in certain_places(new, PlaceName, taken_geonames_ids(City)):
            city.geonames_id = place_id
        for city in new:
            city.save()
            self.created[City._meta.verbose_name_plural] += 1

    def load_article(self, source):
        """Create the article from its text unless it exists, add its claims; return it when it is new."""
        curated_path = self.curated / "articles" / f"{source.stem}.json"
        meta = read_json(curated_path)
        for key, replacement in RETIRED_KEYS.items():
            if key in meta:
                raise SeedError(f"{curated_path}: {key} is gone; the article's {replacement} say it (see README.md).")
        article = Article.objects.filter(slug=meta["slug"]).first()
        created = article is None
        if created:
            article = create_article(
                parse(source.read_bytes()),
                source_file=source.name,
                status=Article.Status.PUBLISHED,
                slug=meta["slug"],
                authors=[self.by_slug(Author, slug, curated_path) for slug in meta["authors"]],
                publication=meta.get("publication") or "",
                date_published=iso_date(meta, "date_published", curated_path),
                date_precision=choice(meta, "date_precision", Article.DatePrecision, curated_path, Article.DatePrecision.DAY),
                reposted_in=meta.get("reposted_in") or "",
                reposted_on=iso_date(meta, "reposted_on", curated_path),
                summary=meta["summary"],
            )
            article.topics.set([self.by_slug(Topic, slug, curated_path) for slug in meta["topics"]])
            self.created["articles"] += 1
        paragraphs = list(article.paragraphs.all())
        for row in meta.get("memberships", []):
            where = f"{curated_path.name}, membership {row['city']} / {row['network']}"
            membership = self.get_or_create(
                Membership,
                city=self.by_slug(City, row["city"], where),
                network=self.by_slug(Network, row["network"], where),
                role=choice(row, "role", Membership.Role, where),
                defaults={
                    "start_year": row.get("start_year"), "end_year": row.get("end_year"),
                    "inference": row.get("inference") or "",
                },
            )
            self.add_sources(MembershipSource, {"membership": membership}, row, paragraphs, where)
        for row in meta.get("initiatives", []):
            self.load_initiative(row, paragraphs, curated_path)
        return article if created else None

    def load_initiative(self, row, paragraphs, curated_path):
        where = f"{curated_path.name}, initiative {row['slug']}"
        initiative = Initiative.objects.filter(slug=row["slug"]).first()
        if initiative is None:
            if "kind" not in row:
                raise SeedError(f"{where}: first described here, so it needs its kind, summary and links.")
            initiative = self.get_or_create(
                Initiative,
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "kind": choice(row, "kind", Initiative.Kind, where),
                    "status": choice(row, "status", Initiative.Status, where, Initiative.Status.UNKNOWN),
                    "scope": choice(row, "scope", Initiative.Scope, where, Initiative.Scope.INTERNATIONAL),
                    "summary": row["summary"],
                    "inference": row.get("inference") or "",
                    "year": row.get("year"),
                    "date": iso_date(row, "date", where),
                    "aliases": lines(row.get("aliases")),
                },
            )
            initiative.networks.set([self.by_slug(Network, slug, where) for slug in row.get("networks", [])])
            initiative.bodies.set([self.by_slug(Body, slug, where) for slug in row.get("bodies", [])])
            initiative.topics.set([self.by_slug(Topic, slug, where) for slug in row.get("topics", [])])
        self.add_sources(InitiativeSource, {"initiative": initiative}, row, paragraphs, where)
        for link in row.get("cities", []):
            participation = self.get_or_create(
                Participation, initiative=initiative, city=self.by_slug(City, link["city"], where),
                role=choice(link, "role", Participation.Role, f"{where}, {link['city']}"),
                defaults={"inference": link.get("inference") or ""},
            )
            self.add_sources(ParticipationSource, {"participation": participation}, link, paragraphs, f"{where}, {link['city']}")

    def add_sources(self, model, claim, row, paragraphs, where):
        sources = row.get("sources") or []
        if not sources and not model.objects.filter(**claim).exists():
            raise SeedError(f"{where}: every claim needs at least one source quote.")
        for source in sources:
            paragraph = self.paragraph_quoted(paragraphs, source, where)
            self.get_or_create(model, paragraph=paragraph, quote=source["quote"], **claim)

    @staticmethod
    def paragraph_quoted(paragraphs, source, where):
        quote, number = source["quote"], source.get("paragraph")
        holding = [p for p in paragraphs if quote in p.text and (number is None or p.number == number)]
        if len(holding) != 1:
            found = "in no paragraph" if not holding else f"in paragraphs {[p.number for p in holding]}"
            difference = "" if holding else " " + closest_difference(quote, paragraphs, number)
            raise SeedError(
                f"{where}: the quote “{quote[:80]}…” stands {found} of the article; it must be verbatim in one.{difference}"
            )
        return holding[0]
