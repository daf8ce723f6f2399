"""The editors' desk: the admin's start page opens with what waits for an editor — drafts, links to review,
claims no published article quotes yet — each with its count and a link to the list that shows them, and the
import of a new article."""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from initiatives.models import Initiative, Membership, Mention, Participation


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


class DeskAdminSite(admin.AdminSite):
    site_header = "citydip for editors"
    site_title = "citydip"
    index_title = "Your desk"
    index_template = "admin/desk.html"
    # The lists need the width: a review of links shows name, target, decision and context side by side.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        context = {"waiting": waiting(), "import_url": reverse("admin:articles_article_import"), **(extra_context or {})}
        return super().index(request, context)
