"""The editors' page of the records an article names that the base does not know yet
(initiatives.record_suggestions): cities from the GeoNames gazetteer, networks and bodies from how their names
are written, each with a button that makes the record — whose names are then linked in every article.

The page hangs on the mentions' admin (RecordSuggestionsAdmin, mixed into MentionAdmin), at
`admin:initiatives_record_suggestions` with the article's id.
"""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.models import Article

from .models import Body
from .record_suggestions import Suggestion, create_record, suggest_for_article

# The permission that creating each kind of record takes.
ADD_PERMISSIONS = {"city": "initiatives.add_city", "network": "initiatives.add_network", "body": "initiatives.add_body"}


def record_suggestions_url(article: Article) -> str:
    return reverse("admin:initiatives_record_suggestions", args=[article.pk])


def row(suggestion: Suggestion, article: Article, may_add: bool) -> dict:
    """What the page shows of a suggestion."""
    preview = article.get_absolute_url()
    return {
        "suggestion": suggestion,
        "paragraphs": [(number, f"{preview}#p{number}") for number in suggestion.paragraphs],
        "geonames_url": f"https://www.geonames.org/{suggestion.geonames_id}" if suggestion.geonames_id else "",
        "body_kind": Body.Kind(suggestion.body_kind).label if suggestion.body_kind else "",
        "may_add": may_add,
    }


class RecordSuggestionsAdmin:
    """Mixed into an admin (MentionAdmin): the page of the new records an article names."""

    def get_urls(self):
        return [
            path(
                "new-records/<int:article_id>/",
                self.admin_site.admin_view(self.record_suggestions_view),
                name="initiatives_record_suggestions",
            ),
            *super().get_urls(),
        ]

    def record_suggestions_view(self, request: HttpRequest, article_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id)
        suggestions = suggest_for_article(article)
        if request.method == "POST":
            self.create_suggested(request, article, suggestions)
            return redirect(record_suggestions_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article_opts": Article._meta,
            "article": article,
            "title": f"New records named in “{article.title}”",
            "rows": [row(s, article, request.user.has_perm(ADD_PERMISSIONS[s.kind])) for s in suggestions],
        }
        return TemplateResponse(request, "admin/initiatives/record_suggestions.html", context)

    def create_suggested(self, request: HttpRequest, article: Article, suggestions: list[Suggestion]) -> None:
        """Make the record of the suggestion whose button was pressed. The suggestions are made again from the
        text, so that the form can only create what the text still suggests, as the page described it."""
        key = request.POST.get("create", "")
        suggestion = next((s for s in suggestions if s.key == key), None)
        if suggestion is None:
            gone = "That suggestion is no longer made: the record may have been created meanwhile."
            self.message_user(request, gone, messages.WARNING)
            return
        if not request.user.has_perm(ADD_PERMISSIONS[suggestion.kind]):
            raise PermissionDenied
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(f"Created from what “{article.title}” names ({suggestion}).")
            record = create_record(suggestion)
        self.log_addition(request, record, [{"added": {"name": "suggestion", "object": str(suggestion)}}])
        linked = record.mentions.filter(paragraph__article=article).count()
        change = reverse(f"admin:initiatives_{record._meta.model_name}_change", args=[record.pk])
        self.message_user(
            request,
            format_html(
                "Created <a href=\"{}\">{}</a>: {} mention{} in this article now link{} to it, suggested for review.",
                change, suggestion, linked, "" if linked == 1 else "s", "s" if linked == 1 else "",
            ),
            messages.SUCCESS,
        )
