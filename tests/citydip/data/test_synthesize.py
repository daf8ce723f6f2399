"""`synthesize --scale N` adds N times the curated records, the same ones on every run, in bulk."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from articles.models import Article, Paragraph
from citydip.core.versions import current as content_version
from initiatives.models import City, Initiative, Membership, Mention, Network

pytestmark = pytest.mark.django_db

COUNTED = [Article, Paragraph, City, Network, Membership, Initiative, Mention]


def counts():
    return {model: model.objects.count() for model in COUNTED}


def test_synthesize_adds_n_times_the_curated_records_and_says_so():
    curated, before = counts(), content_version()
    output = StringIO()
    call_command("synthesize", "--scale", "2", stdout=output)
    after = counts()
    for model in [Article, City, Network, Membership, Initiative]:
        assert after[model] == 3 * curated[model], model
    assert after[Paragraph] > curated[Paragraph] and after[Mention] > curated[Mention]
    assert output.getvalue().startswith("Synthesized ") and "at scale 2" in output.getvalue()
    assert content_version() != before, "the cached pages of the smaller database are not served"
    assert City.objects.filter(slug="syn-city-7").exists()


def test_synthesize_makes_the_same_records_every_time():
    def synthesized():
        with transaction.atomic():
            call_command("synthesize", "--scale", "1", stdout=StringIO())
            cities = City.objects.filter(slug__startswith="syn-").order_by("slug")
            paragraphs = Paragraph.objects.filter(article__slug__startswith="syn-").order_by("article__slug", "number")
            made = {
                "cities": list(cities.values_list("slug", "name", "country", "latitude")),
                "paragraphs": list(paragraphs.values_list("text", flat=True)),
            }
            transaction.set_rollback(True)
        return made

    first = synthesized()
    assert first["cities"] and first["paragraphs"]
    assert synthesized() == first


@pytest.mark.parametrize("scale", ["0", "-3", "10001"])
def test_synthesize_refuses_a_scale_out_of_range(scale):
    with pytest.raises(CommandError, match="--scale takes a whole number"):
        call_command("synthesize", "--scale", scale, stdout=StringIO())
