"""The editors' desk: the admin's start page opens with what waits for an editor — drafts, links to review,
claims no published article quotes yet — each with its count and a link to the list that shows them, and the
import of a new article."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse

from articles.models import Article, Paragraph
from initiatives.claim_suggestions import Standing, suggest_claims
from initiatives.models import Initiative, Membership, Mention, Participation
from initiatives.record_suggestions import suggest_records

# The drafts the desk reads through for what they suggest: the most recently changed. Each costs a few dozen
# queries (the gazetteer, the claims), so the desk stays quick however many drafts wait.
DRAFTS_SHOWN = 5


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str


def waiting() -> list[Waiting]:
    """What waits for an editor, one count query each."""

    def changelist(model, query: str) -> str:
        return f"{reverse(f'admin:{model._meta.app_label}_{model._meta.model_name}_changelist')}?{query}"

    unsourced = [
        (f"{model._meta.verbose_name_plural.capitalize()} not yet sourced", model) for model in (Membership, Participation, Initiative)
    ]
    return [
        Waiting("Drafts waiting", Article.objects.filter(status=Article.Status.DRAFT).count(),
                changelist(Article, "status__exact=draft")),
        Waiting("Links to review", Mention.objects.filter(status=Mention.Status.SUGGESTED).count(),
                changelist(Mention, "status__exact=suggested")),
        *(
            Waiting(label, model.objects.with_sourced().filter(is_sourced=False).count(), changelist(model, "sourced=no"))
            for label, model in unsourced
        ),
    ]


@dataclass(frozen=True)
class DraftInProgress:
    """A draft and what it still suggests: records the base does not have, claims not yet accepted."""

    article: Article
    new_records: int
    claims: int

    @property
    def urls(self) -> dict[str, str]:
        return {
            "article": reverse("admin:articles_article_change", args=[self.article.pk]),
            "records": reverse("admin:initiatives_record_suggestions", args=[self.article.pk]),
            "claims": reverse("admin:initiatives_claim_suggestions", args=[self.article.pk]),
        }


def drafts_in_progress() -> list[DraftInProgress]:
    """The latest drafts, each read for its suggestions: a fixed number of queries a draft, DRAFTS_SHOWN at most."""
    drafts = list(Article.objects.filter(status=Article.Status.DRAFT).order_by("-updated_at", "-pk")[:DRAFTS_SHOWN])
    paragraphs = defaultdict(list)
    rows = Paragraph.objects.filter(article__in=drafts).order_by("article", "number")
    for article_id, number, text in rows.values_list("article", "number", "text"):
        paragraphs[article_id].append((number, text))
    return [
        DraftInProgress(
            article,
            new_records=len(suggest_records(paragraphs[article.pk])),
            claims=sum(1 for claim in suggest_claims(article) if claim.standing != Standing.QUOTED),
        )
        for article in drafts
    ]


class DeskAdminSite(admin.AdminSite):
    site_header = "citydip for editors"
    site_title = "citydip"
    index_title = "Your desk"
    index_template = "admin/desk.html"
    # The lists need the width: a review of links shows name, target, decision and context side by side.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        context = {
            "waiting": waiting(), "drafts": drafts_in_progress(), "import_url": reverse("admin:articles_article_import"),
            **(extra_context or {}),
        }
        return super().index(request, context)
