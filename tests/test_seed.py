import re
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command

from articles.models import Article, Paragraph
from articles.parsing import plain
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

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


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
