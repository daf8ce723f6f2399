"""Claims suggested from an article's sentences (initiatives.claim_suggestions): typed by what the sentence
says, dated by its years, flagged where it denies or hedges, quoted verbatim; accepted into a sourced claim or
rejected for good; in a number of queries that does not grow with the article."""

import datetime
from dataclasses import replace

import pytest

from articles.importing import import_article
from articles.models import Article, Paragraph
from initiatives.claim_suggestions import (
    ClaimRefused,
    Named,
    Standing,
    accept,
    reject,
    sentences,
    suggest_again,
    suggest_claims,
    suggest_in_paragraph,
)
from initiatives.linking import NameIndex, link_article, names_of
from initiatives.models import City, Initiative, Membership, MembershipSource, Network, Participation
from initiatives.support import names, unsupported_claims

pytestmark = pytest.mark.django_db

# Written for these tests, in the manner of the sources; Montevideo and Lagos are added as cities first.
PARAGRAPHS = [
    "Montevideo joined the Strong Cities Network in 2019, after a wave of hate crimes led its mayor to look "
    "abroad for practices that work.",
    "Los Angeles chairs C40 Cities, and its mayor has used that position to rally other megacities.",
    "Seoul hosted the 2023 summit of Local2030, where mayors compared their voluntary reviews of the goals.",
    "Freetown did not join C40 Cities, although its mayor has spoken at several of the network's events.",
    "Seoul reportedly plans to leave C40 Cities, citing the cost of taking part.",
    "Tokyo joined the Strong Cities Network in 2016 and left it in 2021. Lagos is expected to join the Urban 20.",
    "The Urban 20, co-founded by Paris and Buenos Aires in 2017, now counts Mexico City among its members.",
    "Copenhagen hosted the C40 summit in 2019, which Lagos attended.",
    "The mayors of Boston and Chicago met for dinner on Tuesday and spoke about their cities.",
]
LINES = [
    "claim: Montevideo — member — Strong Cities Network (¶1)",
    "claim: Los Angeles — chair — C40 Cities (¶2)",
    "claim: Seoul — host — Local2030 initiative (¶3)",
    "claim: Freetown — member — C40 Cities (¶4) [negated]",
    "claim: Seoul — member — C40 Cities (¶5) [hedged]",
    "claim: Tokyo — member — Strong Cities Network (¶6)",
    "claim: Lagos — member — Urban 20 (¶6) [hedged]",
    "claim: Paris — founding member — Urban 20 (¶7)",
    "claim: Buenos Aires — founding member — Urban 20 (¶7)",
    "claim: Mexico City — member — Urban 20 (¶7)",
]


def article_text(paragraphs, title="Cities Compare Their Networks"):
    body = "\n\n".join(paragraphs)
    return f"Nov 3, 2026 by [Ada Moreno](#)\n\n## {title}\n\n{body}\n".encode()


@pytest.fixture
def cities():
    return [
        City.objects.create(name=name, slug=name.lower(), country=country, region=region)
        for name, country, region in [("Montevideo", "Uruguay", "latin-america"), ("Lagos", "Nigeria", "africa")]
    ]


@pytest.fixture
def article(cities):
    return import_article(article_text(PARAGRAPHS), source_file="networks.txt")


def test_each_sentence_naming_a_city_and_a_network_or_initiative_suggests_the_claim_it_makes(article):
    suggestions = suggest_claims(article)

    assert [str(suggestion) for suggestion in suggestions] == LINES
    # The years the sentences give (the review page shows them; the command's line keeps the contract's form).
    assert [suggestion.years for suggestion in suggestions] == [
        "from 2019", "", "", "", "", "2016–2021", "", "from 2017", "from 2017", "",
    ]
    montevideo = suggestions[0]
    assert (montevideo.kind, montevideo.city.slug, montevideo.other.slug, montevideo.role) == (
        "membership", "montevideo", "strong-cities-network", "member"
    )
    assert (montevideo.start_year, montevideo.end_year, montevideo.paragraph_number) == (2019, None, 1)
    assert montevideo.quote == PARAGRAPHS[0] and montevideo.cues == ("joined",)
    assert montevideo.standing == Standing.NEW and not montevideo.flagged
    seoul = suggestions[2]
    assert (seoul.kind, seoul.other.slug, seoul.role, seoul.start_year) == ("participation", "local2030", "host", None)


def test_every_quote_is_a_verbatim_sentence_that_supports_its_claim(article):
    for suggestion in suggest_claims(article):
        assert suggestion.quote in suggestion.paragraph.text
        assert suggestion.paragraph.text[suggestion.quote_start :].startswith(suggestion.quote)
        marked = [suggestion.quote[low:high] for low, high in suggestion.marks]
        assert suggestion.city.name in marked and set(marked) & {*names_of(suggestion.other)}
        assert names(suggestion.quote, suggestion.city) and names(suggestion.quote, suggestion.other)
    tokyo, lagos = [s for s in suggest_claims(article) if s.paragraph_number == 6]
    assert tokyo.quote == "Tokyo joined the Strong Cities Network in 2016 and left it in 2021."
    assert lagos.quote == "Lagos is expected to join the Urban 20."


@pytest.mark.parametrize(
    "sentence, lines",
    [
        ("Freetown did not join C40 Cities.", ["Freetown — member — C40 Cities [negated]"]),
        ("Freetown never joined C40 Cities.", ["Freetown — member — C40 Cities [negated]"]),
        ("Freetown is not a member of C40 Cities.", ["Freetown — member — C40 Cities [negated]"]),
        ("Freetown declined to join C40 Cities.", ["Freetown — member — C40 Cities [negated]"]),
        ("C40 Cities does not count Freetown among its members.", ["Freetown — member — C40 Cities [negated]"]),
        (
            "Paris and Tokyo did not join C40 Cities.",
            ["Paris — member — C40 Cities [negated]", "Tokyo — member — C40 Cities [negated]"],
        ),
        (
            "Although Lagos never joined, Freetown became a member of C40 Cities in 2018.",
            ["Lagos — member — C40 Cities [negated]", "Freetown — member — C40 Cities, from 2018"],
        ),
        ("Freetown reportedly joined C40 Cities.", ["Freetown — member — C40 Cities [hedged]"]),
        ("Freetown is expected to join C40 Cities.", ["Freetown — member — C40 Cities [hedged]"]),
        ("Freetown plans to join C40 Cities.", ["Freetown — member — C40 Cities [hedged]"]),
        ("Freetown may join C40 Cities.", ["Freetown — member — C40 Cities [hedged]"]),
        ("Freetown is considering joining C40 Cities.", ["Freetown — member — C40 Cities [hedged]"]),
        ("Freetown proposed to join C40 Cities.", ["Freetown — member — C40 Cities [hedged]"]),
        ("In May 2019, Freetown joined C40 Cities.", ["Freetown — member — C40 Cities, from 2019"]),
        ("Freetown has been a member of C40 Cities since 2016.", ["Freetown — member — C40 Cities, from 2016"]),
        (
            "Seoul is no longer a member of C40 Cities, having withdrawn in 2021.",
            ["Seoul — member — C40 Cities, until 2021"],
        ),
        ("Seoul quit C40 Cities in 2020.", ["Seoul — member — C40 Cities, until 2020"]),
        ("Paris co-founded C40 Cities.", ["Paris — founding member — C40 Cities"]),
        ("Los Angeles is a founding member of the Urban 20.", ["Los Angeles — founding member — Urban 20"]),
        ("Milan chaired C40 Cities from 2019 to 2022.", ["Milan — chair — C40 Cities, 2019–2022"]),
        ("Warsaw signed the Pact of Free Cities in 2019.", ["Warsaw — member — Pact of Free Cities, from 2019"]),
        ("Milan signed Local2030.", ["Milan — signatory — Local2030 initiative"]),
        ("Milan sits on the board of Local2030.", ["Milan — board member — Local2030 initiative"]),
        ("Milan launched Local2030.", ["Milan — founder — Local2030 initiative"]),
        (
            "Members of C40 Cities include Milan and Lagos.",
            ["Milan — member — C40 Cities", "Lagos — member — C40 Cities"],
        ),
        (
            "Paris chairs C40 Cities and London joined the Strong Cities Network in 2016.",
            ["Paris — chair — C40 Cities", "London — member — Strong Cities Network, from 2016"],
        ),
        (
            "Paris joined C40 Cities in 2019, and Lagos joined in 2021.",
            ["Paris — member — C40 Cities, from 2019", "Lagos — member — C40 Cities, from 2021"],
        ),
        ("Paris joined C40 Cities in 2019, but Lagos did not.", ["Paris — member — C40 Cities, from 2019"]),
        ("Paris joined C40 Cities, committed to halving emissions by 2030.", ["Paris — member — C40 Cities"]),
        # No claim: hosting a network's summit is a part in that event; a membership has no board member role;
        # the sentence does not say what the city does.
        ("Copenhagen hosted the C40 summit in 2019.", []),
        ("Milan sits on the board of C40 Cities.", []),
        ("The mayor of Milan and C40 Cities met the press.", []),
    ],
)
def test_what_the_sentence_says_types_dates_and_flags_the_claim(cities, sentence, lines):
    assert [described(suggestion) for suggestion in suggestions_of(sentence)] == lines


def test_sentences_end_where_a_sentence_ends_not_after_an_abbreviation():
    text = "Dr. Smith met the U.S. delegation in Jan. 2020. The U.N. was there too. Then Paris joined C40 Cities."
    assert [text[start:end] for start, end in sentences(text)] == [
        "Dr. Smith met the U.S. delegation in Jan. 2020.", "The U.N. was there too.", "Then Paris joined C40 Cities.",
    ]
    text = "Cities in the U.S. The mayor of Paris joined."
    assert [text[start:end] for start, end in sentences(text)] == ["Cities in the U.S.", "The mayor of Paris joined."]


def test_a_rejected_link_suggests_nothing_and_a_heading_is_no_sentence(article):
    paragraph = article.paragraphs.get(number=2)
    paragraph.mentions.filter(text="C40 Cities").update(status="rejected")
    assert not [s for s in suggest_claims(article) if s.paragraph_number == 2]
    Paragraph.objects.filter(pk=article.paragraphs.get(number=1).pk).update(kind=Paragraph.Kind.HEADING)
    assert not [s for s in suggest_claims(article) if s.paragraph_number == 1]


def test_accepting_makes_a_membership_with_its_quote_ready_to_publish(article):
    montevideo = suggest_claims(article)[0]

    membership = accept(montevideo)

    assert (membership.city.slug, membership.network.slug, membership.role, membership.start_year) == (
        "montevideo", "strong-cities-network", "member", 2019
    )
    source = membership.sources.get()
    assert (source.paragraph, source.quote) == (montevideo.paragraph, PARAGRAPHS[0])
    assert not [claim for claim, _ in unsupported_claims() if claim == membership]
    assert not Membership.objects.public().filter(pk=membership.pk).exists()  # the article is a draft
    publish(article)
    assert Membership.objects.public().filter(pk=membership.pk).exists()
    again = suggest_claims(article)[0]
    assert again.standing == Standing.QUOTED


def test_accepting_a_claim_that_is_there_adds_the_quote_and_the_years_it_lacks(article):
    tokyo = City.objects.get(slug="tokyo")
    network = Network.objects.get(slug="strong-cities-network")
    existing = Membership.objects.create(city=tokyo, network=network, role="member", start_year=2015)
    suggestion = next(s for s in suggest_claims(article) if s.city == tokyo)
    assert suggestion.standing == Standing.CLAIMED

    assert accept(suggestion) == existing

    existing.refresh_from_db()
    assert (existing.start_year, existing.end_year) == (2015, 2021)  # its own start year kept
    assert list(existing.sources.values_list("quote", flat=True)) == [suggestion.quote]
    accept(suggestion)  # twice: still one source
    assert existing.sources.count() == 1


def test_accepting_a_participation(article):
    seoul = suggest_claims(article)[2]

    participation = accept(seoul)

    assert isinstance(participation, Participation)
    assert (participation.city.slug, participation.initiative.slug, participation.role) == ("seoul", "local2030", "host")
    assert participation.sources.get().quote == PARAGRAPHS[2]
    assert not participation.initiative.sources.filter(paragraph=seoul.paragraph).exists()  # quoted elsewhere


def test_a_participation_in_an_initiative_nothing_quotes_yet_is_public_once_the_article_is(cities):
    Initiative.objects.create(
        name="Coastal Resilience Compact", slug="coastal-resilience-compact", kind="agreement", summary="Ours."
    )
    article = import_article(article_text(["Lagos signed the Coastal Resilience Compact in 2024."]))
    (lagos,) = suggest_claims(article)

    participation = accept(lagos)

    assert participation.initiative.sources.get().quote == lagos.quote
    publish(article)
    assert Participation.objects.public().filter(pk=participation.pk).exists()


def test_a_quote_that_would_not_support_the_claim_is_refused(article):
    montevideo = suggest_claims(article)[0]
    Network.objects.filter(slug="strong-cities-network").update(name="Strong Towns Network", aliases="", acronym="")
    renamed = Network.objects.get(slug="strong-cities-network")
    stale = replace(montevideo, other=renamed)

    with pytest.raises(ClaimRefused, match="must name both"):
        accept(stale)
    assert not MembershipSource.objects.filter(paragraph=montevideo.paragraph).exists()
    assert not Membership.objects.filter(city__slug="montevideo").exists()


def test_a_rejected_suggestion_is_never_suggested_again_from_that_paragraph(article, editor):
    freetown = suggest_claims(article)[3]

    reject(freetown, user=editor)
    reject(freetown, user=editor)  # twice: remembered once

    assert str(freetown) not in map(str, suggest_claims(article))
    assert [s.standing for s in suggest_claims(article, include_rejected=True) if s.key == freetown.key] == [
        Standing.REJECTED
    ]
    link_article(article)  # linked again, as when the article is saved: still rejected
    assert freetown.key not in {s.key for s in suggest_claims(article)}
    assert suggest_again(freetown) == 1
    assert freetown.key in {s.key for s in suggest_claims(article)}


def test_the_curated_sources_suggest_what_the_curators_found():
    """The five curated texts, as seeded: six suggestions, five of them claims the curators made from the same
    paragraph. The sixth reads "The mayor of Milan is chairing a global task force under the auspices of C40":
    Milan chairs the task force, not the network."""
    suggestions = [s for article in Article.objects.order_by("source_file") for s in suggest_claims(article)]
    curated = [s for s in suggestions if s.standing == Standing.QUOTED]

    assert len(suggestions) == 6 and len(curated) == 5
    assert [str(s) for s in suggestions if s not in curated] == ["claim: Milan — chair — C40 Cities (¶8)"]


def test_suggesting_takes_the_same_queries_for_a_long_article(django_assert_num_queries, cities):
    """Seven queries — paragraphs, their links, the claims and quotes there are, the rejections — whether the
    article has ten paragraphs or three hundred."""
    short, long = long_article("Ten", 10), long_article("Three hundred", 300)
    with django_assert_num_queries(13):
        few = suggest_claims(short)
    with django_assert_num_queries(13):
        many = suggest_claims(long)
    assert len(few) == len(LINES) + 1  # ¶10 repeats ¶1
    assert len(many) == 300 // len(PARAGRAPHS) * len(LINES) + 3  # ¶298–300 repeat ¶1–3


# Helpers


def publish(article):
    article.status = Article.Status.PUBLISHED
    article.save()


def long_article(title, paragraphs):
    article = Article.objects.create(
        title=title, slug=title.lower().replace(" ", "-"), publication="Test", date_published=datetime.date(2026, 1, 1),
    )
    Paragraph.objects.bulk_create(
        Paragraph(article=article, number=number, text=PARAGRAPHS[(number - 1) % len(PARAGRAPHS)])
        for number in range(1, paragraphs + 1)
    )
    link_article(article)
    return article


def suggestions_of(sentence):
    """What one sentence suggests, its names found as the links of a paragraph are."""
    index = NameIndex.load()
    models = {"city": City, "network": Network, "initiative": Initiative}
    found = [
        Named(start, start + len(name), models[field].objects.get(pk=stand_in.pk))
        for start, name in index.find(sentence)
        for field, stand_in in [index.target(name)]
        if field in models
    ]
    return suggest_in_paragraph(Paragraph(pk=1, number=1, text=sentence), found)


def described(suggestion):
    """The claim in words: the line without its "claim: " and its paragraph, with the years the sentence gives."""
    line = str(suggestion).removeprefix("claim: ").replace(f" (¶{suggestion.paragraph_number})", "")
    claim, _, flags = line.partition(" [")
    years = f", {suggestion.years}" if suggestion.years else ""
    return f"{claim}{years}{' [' + flags if flags else ''}"
