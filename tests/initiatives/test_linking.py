"""Links in article bodies, kept current when a named record changes: names found as whole words, case as
written, the longest first, none that goes on into a longer proper name ("Los Angeles County"), the first kind
in LINKED_MODELS for a shared name, editors' decisions kept — and only the paragraphs concerned linked again,
in a number of queries that does not grow with the data."""

import random
import re

import pytest

from articles.models import Paragraph
from initiatives.linking import (
    LONGER_NAME_WORDS,
    NameIndex,
    identity,
    names_and_slug,
    paragraphs_concerning,
    relink,
    render_paragraphs,
)
from initiatives.models import Body, City, Mention, Network


def found_by_one_pattern(names, text):
    """How names were found before the index: one regular expression of every name, the longest first; a match
    that whitespace and one of the LONGER_NAME_WORDS follow is dropped (and, consumed, hides what it covers)."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    longer = "|".join(re.escape(word) for word in LONGER_NAME_WORDS)
    return [
        (match.start(), match.group())
        for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?!\w)", text)
        if not re.match(rf"\s+(?:{longer})(?!\w)", text[match.end() :])
    ]


def test_the_index_finds_what_one_pattern_of_every_name_finds():
    pieces = ["Paris", "paris", " Agreement", "LA", "la", "U.N.", "-", "_", " ", ".", "é", "Ünion", "1", "(", ")",
              "C40", "New", " York", " City", "\n", " County", "County", " county", " Council", "s", " Metropolitan",
              " Area"]
    rng = random.Random(2024)
    for _ in range(500):
        names = {"".join(rng.choices(pieces, k=rng.randint(1, 3))) for _ in range(rng.randint(1, 8))}
        text = "".join(rng.choices(pieces, k=40))
        index = NameIndex({name: ("city", 1, "somewhere", name) for name in names})
        assert index.find(text) == found_by_one_pattern(names, text), (names, text)


@pytest.mark.parametrize(
    "text, found",
    [
        ("tourism generates jobs in Los Angeles County.", []),
        ("Los Angeles Mayor Eric Garcetti spoke.", ["Los Angeles"]),
        ("the Atlanta Mayor's Office of International Affairs", ["Atlanta"]),
        ("the Port of Los Angeles", ["Los Angeles"]),
        ("across Los Angeles county", ["Los Angeles"]),  # a common noun, not a longer name
        ("Los Angeles Countywide", ["Los Angeles"]),
        ("New York State and New York", ["New York"]),
        ("the Chicago Council on Global Affairs met in Chicago", ["Chicago"]),
        ("the Tokyo Metropolitan Government", ["Tokyo"]),
        ("the Tokyo Metropolitan Area", []),
        ("the Paris Region", []),
        ("Los Angeles\nCounty", []),
    ],
)
def test_a_name_that_goes_on_into_a_longer_proper_name_is_not_a_mention(text, found):
    names = ["Los Angeles", "Atlanta", "New York", "Chicago", "Tokyo", "Paris", "Angeles"]
    index = NameIndex({name: ("city", 1, "somewhere", name) for name in names})
    assert [name for _, name in index.find(text)] == found
    assert index.find(text) == found_by_one_pattern(names, text)


def test_a_longer_name_that_is_known_wins_over_the_rule():
    index = NameIndex({name: ("city", 1, "x", name) for name in ["Los Angeles", "Los Angeles County"]})
    assert index.find("jobs in Los Angeles County and Los Angeles") == [(8, "Los Angeles County"), (31, "Los Angeles")]


@pytest.mark.django_db
def test_los_angeles_county_in_the_curated_texts_is_not_linked_to_the_city():
    [paragraph] = Paragraph.objects.filter(text__contains="Los Angeles County")
    county = paragraph.text.index("Los Angeles County")
    assert not Mention.objects.filter(paragraph=paragraph, start=county).exists()
    assert Mention.objects.filter(paragraph=paragraph, text="Los Angeles", city__slug="los-angeles").exists()
    assert 'Los Angeles County' in paragraph.html and '>Los Angeles</a> County' not in paragraph.html


@pytest.mark.django_db
def test_an_index_read_for_some_paragraphs_links_them_as_the_index_of_every_name_does():
    every = NameIndex.load()
    for paragraph in Paragraph.objects.all():
        some = NameIndex.load([paragraph.text])
        assert len(some.targets) < len(every.targets)
        found = some.find(paragraph.text)
        assert found == every.find(paragraph.text)
        assert [some.targets[name][:2] for _, name in found] == [every.targets[name][:2] for _, name in found]


def links():
    """Every paragraph's linked HTML and mentions, ids aside."""
    mentions = {}
    for mention in Mention.objects.order_by("paragraph", "start"):
        mentions.setdefault(mention.paragraph_id, []).append(identity(mention))
    return {paragraph.pk: (paragraph.html, mentions.get(paragraph.pk, [])) for paragraph in Paragraph.objects.all()}


def assert_linked_as_afresh():
    """What linking only the paragraphs concerned left is what linking every paragraph again makes."""
    left = links()
    relink(Paragraph.objects.all())
    assert links() == left


def mentions_of(text):
    return list(Mention.objects.filter(text=text).order_by("paragraph", "start"))


def html_of(mention):
    return Paragraph.objects.get(pk=mention.paragraph_id).html


@pytest.mark.django_db
def test_renaming_a_city_links_again_exactly_the_paragraphs_that_hold_its_old_or_new_name():
    milan = City.objects.get(slug="milan")
    holding = {paragraph.pk for paragraph in Paragraph.objects.all() if "Milan" in paragraph.text}
    others = {mention.pk for mention in Mention.objects.exclude(paragraph__in=holding)}
    assert len(mentions_of("Milan")) == 4 and 0 < len(holding) < Paragraph.objects.count()

    before = names_and_slug(milan)
    milan.name = "Milano"
    assert {paragraph.pk for paragraph in paragraphs_concerning(milan, before, names_and_slug(milan))} == holding
    milan.save()

    assert mentions_of("Milan") == []
    assert others <= set(Mention.objects.values_list("pk", flat=True))  # the other mentions stayed as they were
    assert_linked_as_afresh()


@pytest.mark.django_db
def test_a_new_record_is_linked_where_its_name_stands():
    washington = City.objects.create(name="Washington", slug="washington", country="United States", region="north-america")
    [mention] = mentions_of("Washington")
    assert mention.city == washington and mention.status == Mention.Status.SUGGESTED
    assert 'href="/cities/washington/"' not in html_of(mention), "a link is public once an editor accepts it"
    assert_linked_as_afresh()
    Mention.objects.filter(pk=mention.pk).update(status=Mention.Status.ACCEPTED)
    render_paragraphs([mention.paragraph_id])
    assert 'href="/cities/washington/"' in html_of(mention)


@pytest.mark.django_db
def test_the_longest_name_wins_and_a_shorter_one_shows_when_the_longer_goes():
    accord = Body.objects.get(slug="paris-agreement")
    [first, *_] = mentions_of("Paris climate accord")
    assert first.body == accord

    accord.aliases = ""
    accord.save()

    [paris] = Mention.objects.filter(paragraph=first.paragraph_id, start=first.start)
    assert (paris.text, paris.city.slug) == ("Paris", "paris")
    assert_linked_as_afresh()


@pytest.mark.django_db
def test_a_shared_name_links_the_first_kind_until_that_record_goes():
    network = Network.objects.create(name="Paris", slug="paris-network")
    assert {mention.city.slug for mention in mentions_of("Paris")} == {"paris"}
    assert_linked_as_afresh()

    City.objects.get(slug="paris").delete()

    assert {mention.network for mention in mentions_of("Paris")} == {network}
    assert {mention.status for mention in mentions_of("Paris")} == {Mention.Status.SUGGESTED}, "a new target"
    assert not any('href="/cities/paris/"' in html_of(mention) for mention in mentions_of("Paris"))
    assert_linked_as_afresh()


@pytest.mark.django_db
def test_a_name_two_records_of_one_kind_share_links_the_first_by_slug():
    Mention.objects.update(status=Mention.Status.SUGGESTED)  # no editor has decided on these links yet
    render_paragraphs(Paragraph.objects.values_list("pk", flat=True))
    climate_mayors = Network.objects.get(slug="climate-mayors")
    climate_mayors.name = "Urban 20"
    climate_mayors.save()
    assert mentions_of("Climate Mayors") == []
    assert {mention.network.slug for mention in mentions_of("Urban 20")} == {"climate-mayors"}
    assert_linked_as_afresh()


@pytest.mark.django_db
def test_a_new_slug_moves_every_link_to_the_record():
    seoul = City.objects.get(slug="seoul")
    seoul.slug = "seoul-special-city"
    seoul.save()
    assert all('href="/cities/seoul-special-city/"' in html_of(mention) for mention in mentions_of("Seoul"))
    assert not any('href="/cities/seoul/"' in paragraph.html for paragraph in Paragraph.objects.all())
    assert_linked_as_afresh()


@pytest.mark.django_db
def test_editors_decisions_survive_a_rename():
    los_angeles = City.objects.get(slug="los-angeles")
    rejected, *_ = mentions_of("LA")
    pointed, *_ = mentions_of("Los Angeles")
    c40 = Network.objects.get(slug="c40-cities")
    Mention.objects.filter(pk=rejected.pk).update(status=Mention.Status.REJECTED)
    Mention.objects.filter(pk=pointed.pk).update(status=Mention.Status.ACCEPTED, city=None, network=c40)

    los_angeles.aliases = "LA\nL.A."
    los_angeles.slug = "city-of-los-angeles"
    los_angeles.save()

    assert Mention.objects.get(paragraph=rejected.paragraph_id, start=rejected.start).status == Mention.Status.REJECTED
    assert Mention.objects.get(paragraph=pointed.paragraph_id, start=pointed.start).network == c40
    assert 'href="/cities/city-of-los-angeles/"' in html_of(mentions_of("Los Angeles")[-1])
    assert_linked_as_afresh()


# Renaming a city: its names as stored (1), its fields as stored (1), the content version (1, once in the
# transaction), the update (1), the search (30: its entry, then the entries that read its name — its initiatives'
# and networks' — each as stored and as it reads now, each kind read once, whatever their number), the
# paragraphs that hold the old or the new name (1), then in a savepoint (2): the names those paragraphs may hold,
# a query per kind (4), their mentions (1), the ones no longer found (1), the changed HTML (1); and the content
# version's tags of the four tables written: cities, search entries, mentions, paragraphs (4). None of it grows
# with the number of records, articles or mentions.
RENAME_QUERIES = 1 + 1 + 1 + 1 + 30 + 1 + 2 + 4 + 1 + 1 + 1 + 4


def rename_milan(django_assert_num_queries):
    milan = City.objects.get(slug="milan")
    milan.name = "Milano"
    with django_assert_num_queries(RENAME_QUERIES):
        milan.save()
    assert mentions_of("Milan") == []


@pytest.mark.django_db
def test_a_save_that_changes_no_name_links_nothing_again(django_assert_num_queries):
    milan = City.objects.get(slug="milan")
    milan.country = "Italia"
    # its names as stored, its fields as stored, the update, the content version, its search entry (9: the country
    # is searched; its names from the gazetteer come by its GeoNames id, which the seed gave it), and the
    # version's tags of the two tables written (cities, search entries)
    with django_assert_num_queries(1 + 1 + 1 + 1 + 9 + 2):
        milan.save()


@pytest.mark.django_db
def test_renaming_a_city_takes_a_fixed_number_of_queries(django_assert_num_queries):
    rename_milan(django_assert_num_queries)
