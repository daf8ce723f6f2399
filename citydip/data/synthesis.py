"""Deterministic synthetic records, N times the curated set, to measure citydip at any size.

Everything is made in bulk (no signals, no per-record saves): cities, networks, bodies, memberships,
initiatives with their cities, networks, bodies and topics, articles with realistic paragraphs, the
mentions linked in those paragraphs, and verbatim sources. The same N gives the same records.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from articles.models import Article, ArticleTopic, Author, Authorship, Paragraph, Topic
from citydip.data.seeding import FIXTURES, read_json
from citydip.search.index import rebuild
from initiatives.linking import NameIndex, linked_html
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
)


def curated_counts(curated: Path = FIXTURES / "curated") -> dict[str, int]:
    """The size of the curated set, read from fixtures/: what one unit of scale makes of each kind."""
    articles = [read_json(path) for path in sorted((curated / "articles").glob("*.json"))]
    return {
        **{kind: len(read_json(curated / f"{kind}.json")) for kind in ("cities", "networks", "bodies", "authors")},
        "articles": len(articles),
        "initiatives": len({row["slug"] for article in articles for row in article.get("initiatives", [])}),
        "memberships": len({
            (row["city"], row["network"], row["role"]) for article in articles for row in article.get("memberships", [])
        }),
    }


# Per unit of scale, the size of the curated set.
PER_SCALE = curated_counts()
PARAGRAPHS_PER_ARTICLE = (12, 22)
BATCH = 2000

SYLLABLES = ["an", "bel", "cor", "dan", "el", "fa", "gor", "hal", "is", "jun", "ka", "lor", "mar", "nor", "os",
             "pal", "quin", "ros", "sal", "tor", "ul", "ven", "wes", "xan", "yor", "zel"]
CITY_FORMS = ["{}", "Port {}", "San {}", "{} City", "New {}", "{}ville", "{}burg", "Saint {}"]
NETWORK_FORMS = ["{} Cities Alliance", "Mayors for {}", "{} Urban Forum", "Network of {} Cities", "{} Compact"]
NETWORK_THEMES = ["Climate", "Resilience", "Migration", "Equity", "Health", "Trade", "Culture", "Water", "Housing"]
BODY_FORMS = ["{} Development Fund", "{} Council of Nations", "{} Commission", "{} Agency", "Treaty of {}"]
INITIATIVE_FORMS = ["{city} {theme} Pact", "{network} {theme} Summit", "{city} Office of {theme} Affairs",
                    "{theme} Exchange between {city} and {other}", "{network} {theme} Task Force",
                    "{city} {theme} Programme", "{theme} Pledge of {city}"]
SENTENCES = [
    "Officials from {city} met counterparts from {other} to compare notes on {theme}.",
    "{city} joined {network} to share what works on {theme} with peers abroad.",
    "Through {network}, {city} and {other} agreed to report their progress on {theme} every year.",
    "The mayor of {city} argued that cities must speak for themselves before the {body}.",
    "Staff in {city} set up a working group with {other} on {theme} after the summit.",
    "Critics in {other} asked whether the pledge on {theme} would survive the next budget.",
    "The {body} invited {city} to present its {theme} plan to national delegations.",
    "Residents of {city} saw the results first: new services and a louder voice abroad.",
]
ROLES = [Membership.Role.MEMBER] * 6 + [Membership.Role.FOUNDING_MEMBER, Membership.Role.CHAIR, Membership.Role.HOST]
PARTICIPATION_ROLES = [Participation.Role.PARTICIPANT] * 4 + [Participation.Role.LEAD, Participation.Role.PARTNER,
                                                               Participation.Role.HOST, Participation.Role.SIGNATORY]
REGIONS = [value for value, _ in City.Region.choices]
COUNTRIES = ["Avalonia", "Borduria", "Caledonia", "Dorne", "Elbonia", "Freedonia", "Genovia", "Latveria", "Moravia",
             "Novistrana", "Ruritania", "Syldavia", "Tomainia", "Wakanda", "Zubrowka"]


def word(rng, parts=2):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Counts:
    created: dict

    def add(self, label, number):
        self.created[label] = self.created.get(label, 0) + number


class Synthesizer:
    def __init__(self, scale, progress=None, seed=2024):
        self.scale = scale
        self.rng = random.Random(f"citydip-{seed}-{scale}")
        self.progress = progress or (lambda label, done, total: None)
        self.counts = Counts({})
        # Numbering continues after earlier runs, so that synthesizing twice adds, never collides.
        self.offset = City.objects.filter(slug__startswith="syn-").count()

    def bulk(self, model, objects, label):
        objects = list(objects)
        created = []
        for start in range(0, len(objects), BATCH):
            created += model.objects.bulk_create(objects[start : start + BATCH])
            self.progress(label, min(start + BATCH, len(objects)), len(objects))
        self.counts.add(label, len(objects))
        return created

    def name(self, forms, index, **words):
        form = self.rng.choice(forms)
        return f"{form.format(word(self.rng), **words)} {self.offset + index + 1}"

    @transaction.atomic
    def run(self):
        rng, n = self.rng, self.scale
        topics = list(Topic.objects.all()) or self.bulk(Topic, [Topic(name="Synthetic", slug="synthetic", description="Made up.")], "topics")
        cities = self.bulk(City, (
            City(
                name=(name := self.name(CITY_FORMS, i)), slug=f"syn-city-{self.offset + i + 1}", country=rng.choice(COUNTRIES),
                region=rng.choice(REGIONS), latitude=round(rng.uniform(-55, 70), 4), longitude=round(rng.uniform(-179, 179), 4),
                aliases=f"{name.split()[0]} Metro" if rng.random() < 0.2 else "",
            )
            for i in range(PER_SCALE["cities"] * n)
        ), "cities")
        networks = self.bulk(Network, (
            Network(
                name=self.name(NETWORK_FORMS, i), slug=f"syn-network-{self.offset + i + 1}",
                focus=(theme := rng.choice(NETWORK_THEMES)).lower(), founded=rng.randint(1950, 2022),
                description=f"A synthetic network of cities working on {theme.lower()}.",
            )
            for i in range(PER_SCALE["networks"] * n)
        ), "networks")
        bodies = self.bulk(Body, (
            Body(name=self.name(BODY_FORMS, i), slug=f"syn-body-{self.offset + i + 1}", kind=rng.choice(Body.Kind.values),
                 description="A synthetic multilateral body.")
            for i in range(PER_SCALE["bodies"] * n)
        ), "bodies")
        authors = self.bulk(Author, (
            Author(name=f"{word(rng)} {word(rng, 3)} {self.offset + i + 1}", slug=f"syn-author-{self.offset + i + 1}",
                   role="synthetic author", bio="Writes synthetic articles for benchmarks.")
            for i in range(PER_SCALE["authors"] * n)
        ), "authors")
        memberships = self.memberships(cities, networks)
        initiatives = self.initiatives(cities, networks, bodies, topics)
        self.articles(cities, networks, bodies, initiatives, memberships, authors, topics)
        self.progress("search index", 0, 1)
        rebuild()
        self.progress("search index", 1, 1)
        return self.counts.created

    def memberships(self, cities, networks):
        rng, seen, rows = self.rng, set(), []
        for _ in range(PER_SCALE["memberships"] * self.scale):
            city, network, role = rng.choice(cities), rng.choice(networks), rng.choice(ROLES)
            if (city.pk, network.pk, role) not in seen:
                seen.add((city.pk, network.pk, role))
                rows.append(Membership(city=city, network=network, role=role, start_year=rng.choice([None, rng.randint(1990, 2024)])))
        return self.bulk(Membership, rows, "memberships")

    def initiatives(self, cities, networks, bodies, topics):
        rng, rows, links = self.rng, [], []
        for i in range(PER_SCALE["initiatives"] * self.scale):
            city, other, network = rng.choice(cities), rng.choice(cities), rng.choice(networks)
            theme = rng.choice(NETWORK_THEMES)
            name = rng.choice(INITIATIVE_FORMS).format(city=city.name, other=other.name, network=network.name, theme=theme)
            year = rng.choice([None, rng.randint(2000, 2030)])
            rows.append(Initiative(
                name=f"{name} {self.offset + i + 1}"[:200], slug=f"syn-initiative-{self.offset + i + 1}",
                kind=rng.choice(Initiative.Kind.values), year=year,
                summary=f"{city.name} and {other.name} work on {theme.lower()} through {network.name}.",
            ))
            links.append((city, other, network, rng.sample(bodies, k=rng.randint(0, 1)), rng.sample(topics, k=rng.randint(1, 3))))
        initiatives = self.bulk(Initiative, rows, "initiatives")
        participations, network_links, body_links, topic_links = [], [], [], []
        for initiative, (city, other, network, chosen_bodies, chosen_topics) in zip(initiatives, links):
            participations.append(Participation(initiative=initiative, city=city, role=Participation.Role.LEAD))
            if other.pk != city.pk:
                participations.append(Participation(initiative=initiative, city=other, role=rng.choice(PARTICIPATION_ROLES)))
            network_links.append(Initiative.networks.through(initiative=initiative, network=network))
            body_links += [Initiative.bodies.through(initiative=initiative, body=body) for body in chosen_bodies]
            topic_links += [InitiativeTopic(content_object=initiative, tag=topic) for topic in chosen_topics]
        self.participations = self.bulk(Participation, participations, "participations")
        self.bulk(Initiative.networks.through, network_links, "initiative networks")
        self.bulk(Initiative.bodies.through, body_links, "initiative bodies")
        self.bulk(InitiativeTopic, topic_links, "initiative topics")
        return initiatives

    def articles(self, cities, networks, bodies, initiatives, memberships, authors, topics):
        rng = self.rng
        start = date(2015, 1, 1)
        articles = self.bulk(Article, (
            Article(
                title=f"{rng.choice(['How', 'Why', 'When'])} {word(rng)} Cities {rng.choice(['Act', 'Learn', 'Lead'])} Abroad {self.offset + i + 1}",
                slug=f"syn-article-{self.offset + i + 1}", publication=rng.choice(["Synthetic Review", "Benchmark Quarterly"]),
                date_published=start + timedelta(days=rng.randint(0, 3650)), summary="A synthetic article for benchmarks.",
                status=Article.Status.PUBLISHED,
            )
            for i in range(PER_SCALE["articles"] * self.scale)
        ), "articles")
        self.bulk(Authorship, (
            Authorship(article=article, author=author, position=position)
            for article in articles
            for position, author in enumerate(rng.sample(authors, k=min(len(authors), rng.randint(1, 2))), start=1)
        ), "authorships")
        self.bulk(ArticleTopic, (
            ArticleTopic(content_object=article, tag=topic) for article in articles for topic in rng.sample(topics, k=min(len(topics), 3))
        ), "article topics")
        # The names in the paragraphs are found as the linker finds them in an editor's article.
        index = NameIndex.load()
        paragraphs, mentions, sentences = [], [], []
        for article in articles:
            for number in range(1, rng.randint(*PARAGRAPHS_PER_ARTICLE) + 1):
                text = self.paragraph_text(cities, networks, bodies)
                paragraph = Paragraph(article=article, number=number, text=text)
                named = []
                for start_at, name in index.find(text):
                    field, record = index.target(name)
                    accepted = Mention.Status.ACCEPTED
                    named.append(Mention(paragraph=paragraph, start=start_at, text=name, status=accepted, **{field: record}))
                paragraph.html = linked_html(text, named)
                paragraphs.append(paragraph)
                mentions += named
                sentences.append(text.split(". ")[0] + ".")
        paragraphs = self.bulk(Paragraph, paragraphs, "paragraphs")
        self.bulk(Mention, mentions, "mentions")  # bulk_create reads each paragraph's new primary key
        # Sources: each claim quotes the first sentence of some paragraph, which stands in it verbatim.
        quoted = list(zip(paragraphs, sentences))
        self.bulk(InitiativeSource, (InitiativeSource(initiative=i, paragraph=p, quote=q) for i in initiatives
                                     for p, q in [rng.choice(quoted)]), "initiative sources")
        self.bulk(MembershipSource, (MembershipSource(membership=m, paragraph=p, quote=q) for m in memberships
                                     for p, q in [rng.choice(quoted)]), "membership sources")
        self.bulk(ParticipationSource, (ParticipationSource(participation=x, paragraph=p, quote=q) for x in self.participations
                                        for p, q in [rng.choice(quoted)]), "participation sources")

    def paragraph_text(self, cities, networks, bodies):
        """A paragraph of three to five sentences, naming cities, networks and bodies."""
        rng, sentences = self.rng, []
        for _ in range(rng.randint(3, 5)):
            records = {"city": rng.choice(cities), "other": rng.choice(cities), "network": rng.choice(networks), "body": rng.choice(bodies)}
            sentence = rng.choice(SENTENCES)
            for key, record in records.items():
                sentence = sentence.replace("{" + key + "}", record.name)
            sentences.append(sentence.replace("{theme}", rng.choice(NETWORK_THEMES).lower()))
        return " ".join(sentences)
