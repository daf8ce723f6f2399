import json
import re
import shutil

import pytest
from django.core import serializers
from django.core.management import call_command

from articles.models import Article, Paragraph
from articles.parsing import plain
from citydip.data.seeding import Seeder, SeedError
from initiatives.models import (
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Network,
    Participation,
    ParticipationSource,
)
from tests.paths import ROOT

pytestmark = pytest.mark.django_db
ROOT = ROOT


def snapshot():
    models = [Article, Paragraph, City, Network, Membership, Initiative, Participation,
              MembershipSource, InitiativeSource, ParticipationSource]
    return {m.__name__: serializers.serialize("json", m.objects.order_by("pk")) for m in models}


def test_sources_are_byte_identical_to_the_shared_seeds():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    for seed in sorted(seeds.glob("*.txt")):
        assert (ROOT / "fixtures" / "sources" / seed.name).read_bytes() == seed.read_bytes()


def test_seed_twice_changes_nothing():
    before = snapshot()
    call_command("seed", verbosity=0)
    assert snapshot() == before


def test_all_five_articles_are_published_with_paragraphs():
    assert Article.objects.published().count() == 5
    for article in Article.objects.all():
        assert article.paragraphs.count() > 5
        assert list(article.paragraphs.values_list("number", flat=True)) == list(range(1, article.paragraphs.count() + 1))


@pytest.mark.parametrize("model", [MembershipSource, InitiativeSource, ParticipationSource])
def test_every_stored_quote_is_verbatim_in_its_paragraph_and_in_the_source_text(model):
    for source in model.objects.select_related("paragraph__article"):
        assert source.quote in source.paragraph.text
        raw = (ROOT / "fixtures" / "sources" / source.paragraph.article.source_file).read_text(encoding="utf-8")
        assert re.sub(r"\s+", " ", source.quote) in plain(raw)


def test_no_relation_or_initiative_lacks_a_source():
    assert not Membership.objects.filter(sources__isnull=True).exists()
    assert not Initiative.objects.filter(sources__isnull=True).exists()
    assert not Participation.objects.filter(sources__isnull=True).exists()


def test_every_city_and_network_is_named_in_an_article_or_sourced_by_a_quote():
    for city in City.objects.all():
        sourced = city.memberships.filter(sources__isnull=False).exists() or city.participations.filter(sources__isnull=False).exists()
        assert city.mentions.exists() or sourced, f"{city} has no source (check its name and aliases)"
    for network in Network.objects.all():
        sourced = network.memberships.filter(sources__isnull=False).exists()
        assert network.mentions.exists() or sourced, f"{network} has no source (check its name and aliases)"


def test_articles_first_published_elsewhere_are_dated_by_it_and_keep_the_repost_apart():
    """Foreign Policy first ran both reposts: one in spring 2020 (the year alone is known), one on 16 April 2019."""
    fix = Article.objects.get(slug="can-cities-fix-a-post-pandemic-world-order")
    assert (fix.publication, fix.date_published.year, fix.date_precision) == ("Foreign Policy", 2020, "year")
    assert (fix.reposted_in, fix.reposted_on.isoformat()) == ("USC Center on Public Diplomacy blog", "2020-05-13")
    assert fix.first_published == "2020"
    future = Article.objects.get(slug="cities-will-determine-the-future-of-diplomacy")
    assert (future.publication, future.date_published.isoformat(), future.date_precision) == ("Foreign Policy", "2019-04-16", "day")
    assert (future.reposted_in, future.reposted_on.isoformat()) == ("USC Center on Public Diplomacy blog", "2024-02-15")
    assert not Article.objects.exclude(pk__in=[fix.pk, future.pk]).exclude(reposted_in="").exists()


def misspelt_status(data):
    data["initiatives"].append({**data["initiatives"][0], "slug": "a-new-one", "status": "planned"})


def misspelt_role(data):
    data["memberships"][0]["role"] = "memeber"


def misspelt_precision(data):
    data["slug"], data["date_precision"] = "a-new-article", "decade"


def retired_key(data):
    data["original_date"] = None


@pytest.mark.parametrize(
    "change, message",
    [
        (misspelt_status, "status 'planned' is not one of proposed, under way, done, unknown"),
        (misspelt_role, "role 'memeber' is not one of member"),
        (misspelt_precision, "date_precision 'decade' is not one of day, month, year"),
        (retired_key, "original_date is gone"),
    ],
)
def test_the_seed_refuses_what_the_curated_vocabularies_do_not_have(tmp_path, change, message):
    fixtures = shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    path = fixtures / "curated" / "articles" / "000_22007f86116f8795.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SeedError, match=re.escape(message)):
        Seeder(fixtures).run()


def test_a_fresh_seed_gives_the_curated_cities_their_geonames_ids_within_its_own_revision():
    from reversion.models import Version

    seoul = City.objects.get(slug="seoul")
    assert seoul.geonames_id == 1835848  # geonames.org/1835848
    assert not City.objects.filter(geonames_id=None).exists()
    seeded = Version.objects.get_for_object(seoul).first()
    assert seeded.revision.comment == "Loaded from the curated fixtures."
    assert seeded.field_dict["geonames_id"] == 1835848, "the history shows no change the editor did not make"


def test_a_seed_error_names_where_a_quote_differs_from_its_paragraph(tmp_path):
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    path = next((tmp_path / "fixtures" / "curated" / "articles").glob("*.json"))
    curated = json.loads(path.read_text())
    initiative = curated["initiatives"][0]
    source = initiative["sources"][0]
    source["quote"] = source["quote"].replace(" ", "  ", 1)  # a double space after its first word
    first_word = source["quote"].split()[0]
    path.write_text(json.dumps(curated))
    Initiative.objects.filter(slug=initiative["slug"]).delete()
    with pytest.raises(SeedError, match=f"¶[0-9]+, the quote has “{first_word}  "):
        Seeder(tmp_path / "fixtures").run()
