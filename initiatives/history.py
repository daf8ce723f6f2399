"""What the history of cities, networks, bodies, initiatives and the links in article bodies holds, and what a
restore of them does besides (citydip.core.admin.history). Imported by InitiativesConfig.ready.

- A record's revisions hold its own rows — a city's memberships and participations, a membership's, a
  participation's and an initiative's quotes, an initiative's topics — and the links in article bodies that
  point at it, which go with it when it is deleted; a paragraph's and a topic's hold the links that hang on
  them.
- Every revision holds the links as they are when it is saved (hold_links_as_saved): the history remembers the
  editors' decisions on them.
- A restore writes with raw saves, which the receivers skip (initiatives.receivers): the links that come back
  take their places back from those found since (remove_links_in_the_way), and the paragraphs whose links may
  have changed are linked again, with the decisions the history remembers (relink_restored).
"""

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models
from django.dispatch import receiver
from reversion.models import Version
from reversion.signals import pre_revision_commit

from articles.models import Paragraph, Topic
from citydip.core.admin.history import RestorePlan, Row, after_restore_steps, planning_steps, register

from .linking import FIELDS, names_and_slug, paragraphs_concerning, relink, render_paragraphs, stored_names_and_slug
from .models import (
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
    RejectedClaimSuggestion,
)

LINKS = {"mentions": "link"}
# An editor's "no" to a suggested claim is a decision the history keeps: recovered with the city, network or
# initiative it names, so that a deleted and recovered record is not suggested from the same sentence again.
REJECTIONS = {"rejected_claim_suggestions": "rejected claim suggestion"}
QUOTES = {"sources": "quote"}

register(Topic, with_it={"initiative_links": "initiative"})
register(Paragraph, with_it=LINKS)
register(City, own={"memberships": "membership", "participations": "participation"}, with_it=LINKS | REJECTIONS)
register(Network, own={"memberships": "membership"}, with_it=LINKS | REJECTIONS)
register(Body, with_it=LINKS)
register(
    Initiative,
    own={"participations": "participation", "sources": "quote", "topic_links": "topic"},
    with_it=LINKS | REJECTIONS,
)
register(InitiativeTopic)
register(Membership, own=QUOTES)
register(Participation, own=QUOTES)
register(MembershipSource)
register(ParticipationSource)
register(InitiativeSource)
register(Mention)
register(RejectedClaimSuggestion)


@receiver(pre_revision_commit, dispatch_uid="citydip.hold_links_as_saved")
def hold_links_as_saved(sender, revision, versions, **kwargs):
    """A revision holds the links in article bodies as they are when it is saved, not as they were when it
    first followed them: a bulk decision made in the same revision — the seed accepts the curated texts' links
    with one update — would otherwise be lost to the history that recall_decisions reads."""
    content_type = ContentType.objects.get_for_model(Mention)
    held = {version.object_id: version for version in versions if version.content_type_id == content_type.pk}
    for mention in Mention.objects.filter(pk__in=held).select_related("paragraph__article"):
        version = held[str(mention.pk)]
        version.serialized_data = serializers.serialize(version.format, [mention])  # registered with all fields
        version.object_repr = str(mention)


# Before a restore is written.

NAMES_BEFORE = "initiatives: names and slug before"  # the key of the plan's note that relink_restored compares with


def plan_links(plan: RestorePlan) -> None:
    """Remove the links in the way of those that come back, and note the names and slug of each linked record the
    restore writes as it is before: relink_restored compares it with those restored."""
    plan.removed += mentions_in_the_way(plan.rows)
    plan.noted[NAMES_BEFORE] = {
        (row.model, row.restored.pk): stored_names_and_slug(row.model, row.restored.pk)
        for row in plan.rows if row.model in FIELDS
    }


def mentions_in_the_way(plan_rows: list[Row]) -> list[tuple[Mention, str]]:
    """Links found since at the places of the links that come back: relinking put them where a deleted
    record's links were, and the links as they were win."""
    links = [row.restored for row in plan_rows if row.model is Mention]
    places = {(link.paragraph_id, link.start): link.pk for link in links}
    if not places:
        return []
    found = Mention.objects.filter(paragraph_id__in={paragraph for paragraph, _ in places})
    return [(mention, "mentions") for mention in found
            if places.get((mention.paragraph_id, mention.start), mention.pk) != mention.pk]


# Once it is saved.


def relink_restored(plan: RestorePlan) -> None:
    """What the receivers do after a save, for every row the restore wrote: link the paragraphs whose links
    may have changed again (a name that comes back is linked again, with the editors' last decisions on its
    links)."""
    names_before = plan.noted[NAMES_BEFORE]
    linked = [row.model._default_manager.get(pk=row.restored.pk) for row in plan.rows if row.model in FIELDS]
    paragraph_ids = {
        paragraph.pk for record in linked
        for paragraph in paragraphs_concerning(record, names_before[type(record), record.pk], names_and_slug(record))
    }
    paragraph_ids |= {row.restored.pk for row in plan.rows if row.model is Paragraph}
    paragraph_ids |= {row.restored.paragraph_id for row in plan.rows if row.model is Mention}
    relink(Paragraph.objects.filter(pk__in=paragraph_ids).order_by("article_id", "number"))
    for record in linked:
        recall_decisions(record)


def remembered_decisions(record: models.Model) -> dict[tuple[int, int, str], str]:
    """The last decision the history holds on each link to the record, by (paragraph, start, name). Every
    decision is saved in a revision (an editor's, the seed's: see hold_links_as_saved), and a link is deleted,
    not changed, when its name goes: so a rename reverted finds the decisions its links had before it."""
    field = FIELDS[type(record)]
    # Narrowed by the stored text, so that only the versions of links that may be the record's are read.
    versions = Version.objects.get_for_model(Mention).filter(serialized_data__contains=f'"{field}": {record.pk}')
    decisions = {}
    for version in versions.order_by("pk"):
        stored = version.field_dict
        if stored.get(f"{field}_id") == record.pk:
            decisions[stored["paragraph_id"], stored["start"], stored["text"]] = stored["status"]
    return decisions


def recall_decisions(record: models.Model) -> None:
    """Give the record's links that relinking found anew the decisions its history remembers for them."""
    decisions = remembered_decisions(record)
    suggested = Mention.objects.filter(**{FIELDS[type(record)]: record}, status=Mention.Status.SUGGESTED)
    decided = []
    for mention in suggested:
        status = decisions.get((mention.paragraph_id, mention.start, mention.text), Mention.Status.SUGGESTED)
        if status != Mention.Status.SUGGESTED:
            mention.status = status
            decided.append(mention)
    if decided:
        Mention.objects.bulk_update(decided, ["status"])
        render_paragraphs({mention.paragraph_id for mention in decided})


planning_steps.append(plan_links)
after_restore_steps.append(relink_restored)
