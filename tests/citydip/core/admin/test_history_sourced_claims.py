"""Only sourced claims: the admin refuses a quote that does not support its claim (unless the claim's inference
note says how the text does), and its lists say which claims no published article quotes yet."""

import pytest

from articles.models import Paragraph
from initiatives.models import City, Initiative, Membership, Network, Participation
from initiatives.support import names
from tests.admin_forms import add_inline_row, admin_form_data, admin_url, form_errors, inline_row

pytestmark = pytest.mark.django_db


def a_paragraph_naming_neither(*records):
    """A paragraph whose text names none of the records: a verbatim quote of it supports no claim about them."""
    paragraphs = Paragraph.objects.filter(kind="paragraph").order_by("pk")
    return next(p for p in paragraphs if not any(names(p.text, record) for record in records))


def with_a_new_quote(client, claim, paragraph):
    """The claim's admin form, as sent back with a new source row quoting the start of the paragraph."""
    data = admin_form_data(client.get(admin_url(claim)))
    return add_inline_row(data, "sources", paragraph=paragraph.pk, quote=paragraph.text[:80])


def milan_in_c40():
    return Membership.objects.select_related("city", "network").get(city__slug="milan", network__slug="c40-cities")


def test_a_membership_quote_must_name_both_ends_unless_an_inference_note_explains_it(editor_client):
    membership = milan_in_c40()
    paragraph = a_paragraph_naming_neither(membership.city, membership.network)
    data = with_a_new_quote(editor_client, membership, paragraph)

    response = editor_client.post(admin_url(membership), data)

    assert response.status_code == 200
    assert "must name both Milan and C40 Cities" in str(form_errors(response))
    assert not membership.sources.filter(paragraph=paragraph).exists()
    data["inference"] = "The paragraph describes the network's work without naming it; Milan is the city it discusses."
    assert editor_client.post(admin_url(membership), data).status_code == 302
    assert membership.sources.filter(paragraph=paragraph).exists()


def test_a_participation_quote_must_name_its_city(editor_client):
    participation = Participation.objects.select_related("city").filter(inference="").first()
    data = with_a_new_quote(editor_client, participation, a_paragraph_naming_neither(participation.city))
    response = editor_client.post(admin_url(participation), data)
    assert response.status_code == 200 and f"must name {participation.city}" in str(form_errors(response))


def test_moving_a_membership_to_a_city_its_quotes_do_not_name_is_refused(editor_client):
    membership = milan_in_c40()
    url = admin_url(membership.network)
    data = admin_form_data(editor_client.get(url))
    data[f"{inline_row(data, 'memberships', membership)}-city"] = str(City.objects.get(slug="atlanta").pk)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "must name both Atlanta and C40 Cities" in str(form_errors(response))
    assert Membership.objects.get(pk=membership.pk).city_id == membership.city_id


def unquoted(model):
    atlanta = City.objects.get(slug="atlanta")
    if model is Membership:
        return Membership.objects.create(city=atlanta, network=Network.objects.get(slug="c40-cities"))
    if model is Participation:
        return Participation.objects.create(city=atlanta, initiative=Initiative.objects.get(slug="mexla"))
    return Initiative.objects.create(name="Unquoted", slug="unquoted", kind="event", summary="Nobody wrote about it.")


@pytest.mark.parametrize("model", [Membership, Participation, Initiative])
def test_the_lists_say_which_claims_no_published_article_quotes_yet(editor_client, model):
    claim = unquoted(model)
    url = f"/admin/initiatives/{model._meta.model_name}/"

    unsourced = editor_client.get(url, {"sourced": "no"})
    sourced = editor_client.get(url, {"sourced": "yes"})

    assert claim.pk in {record.pk for record in unsourced.context["cl"].result_list}
    assert "not yet sourced" in unsourced.content.decode()
    assert claim.pk not in {record.pk for record in sourced.context["cl"].result_list}
    assert sourced.context["cl"].result_count + unsourced.context["cl"].result_count == model.objects.count()
