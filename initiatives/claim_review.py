"""The editors' review of the claims suggested from an article's sentences (initiatives.claim_suggestions): one
page per article, each suggestion with its quote marked in its paragraph, accepted or rejected in one click.

The page hangs on the memberships' admin (ClaimSuggestionsAdmin, mixed into MembershipAdmin), at
`admin:initiatives_claim_suggestions` with the article's id.
"""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

from .claim_suggestions import ClaimRefused, ClaimSuggestion, Standing, accept, reject, suggest_again, suggest_claims

# How much of the paragraph is shown on each side of the quote.
CONTEXT = 160
# What accepting or rejecting each kind of suggestion takes.
ACCEPT_PERMISSIONS = {
    "membership": ("initiatives.add_membership", "initiatives.add_membershipsource"),
    "participation": ("initiatives.add_participation", "initiatives.add_participationsource"),
}
REJECT_PERMISSIONS = ("initiatives.add_rejectedclaimsuggestion", "initiatives.delete_rejectedclaimsuggestion")


def suggestions_url(article: Article) -> str:
    return reverse("admin:initiatives_claim_suggestions", args=[article.pk])


def marked_quote(suggestion: ClaimSuggestion) -> SafeString:
    """The quote in its paragraph: the words around it, the quote in <mark>, its names and cue words in
    <strong> — every piece of text escaped."""
    text, quote, start = suggestion.paragraph.text, suggestion.quote, suggestion.quote_start
    end = start + len(quote)
    parts, position = [], 0
    for low, high in suggestion.marks:
        parts.append(format_html("{}<strong>{}</strong>", quote[position:low], quote[low:high]))
        position = high
    parts.append(escape(quote[position:]))
    return format_html(
        '{}{}<mark class="claim-quote">{}</mark>{}{}',
        "…" if start > CONTEXT else "", text[max(start - CONTEXT, 0) : start], mark_safe("".join(parts)),
        text[end : end + CONTEXT], "…" if end + CONTEXT < len(text) else "",
    )


class ClaimSuggestionsAdmin:
    """Mixed into an admin (MembershipAdmin): the page of an article's suggested claims."""

    def get_urls(self):
        return [
            path(
                "suggested/<int:article_id>/",
                self.admin_site.admin_view(self.claim_suggestions_view),
                name="initiatives_claim_suggestions",
            ),
            *super().get_urls(),
        ]

    def claim_suggestions_view(self, request: HttpRequest, article_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id)
        if request.method == "POST":
            self.decide_suggestions(request, article)
            return redirect(suggestions_url(article))
        suggestions = suggest_claims(article, include_rejected=True)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article_opts": Article._meta,
            "article": article,
            "title": f"Claims suggested by “{article.title}”",
            "rows": [
                (suggestion, marked_quote(suggestion))
                for suggestion in suggestions if suggestion.standing != Standing.REJECTED
            ],
            "rejected": [suggestion for suggestion in suggestions if suggestion.standing == Standing.REJECTED],
            "can_accept": any(request.user.has_perms(needed) for needed in ACCEPT_PERMISSIONS.values()),
            "can_reject": request.user.has_perms(REJECT_PERMISSIONS),
        }
        return TemplateResponse(request, "admin/initiatives/claim_suggestions.html", context)

    def decide_suggestions(self, request: HttpRequest, article: Article) -> None:
        """Carry out the button pressed: accept one or the checked ones, reject one, or suggest one again. The
        suggestions are made again from the text, so that a form names only those the text still makes."""
        accepting = request.POST.getlist("checked" if "accept_checked" in request.POST else "accept")
        rejecting, again = request.POST.getlist("reject"), request.POST.getlist("again")
        if not accepting + rejecting + again:
            self.message_user(request, "Check the suggestions to accept first.", messages.WARNING)
            return
        suggestions = {suggestion.key: suggestion for suggestion in suggest_claims(article, include_rejected=True)}
        gone = 0
        for keys, decide in (
            (accepting, self.accept_suggestion),
            (rejecting, self.reject_suggestion),
            (again, self.suggest_suggestion_again),
        ):
            for key in keys:
                if key in suggestions:
                    decide(request, suggestions[key])
                else:
                    gone += 1
        if gone:
            self.message_user(request, f"{gone} of the suggestions chosen are no longer made by the text: "
                              "they were left as they were.", messages.WARNING)

    def accept_suggestion(self, request: HttpRequest, suggestion: ClaimSuggestion) -> None:
        if not request.user.has_perms(ACCEPT_PERMISSIONS[suggestion.kind]):
            raise PermissionDenied
        if suggestion.standing == Standing.REJECTED:
            self.message_user(request, f"Rejected earlier, so not accepted: {described(suggestion)}.", messages.WARNING)
            return
        try:
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(f"Accepted the claim suggested by ¶{suggestion.paragraph_number} of "
                                      f"“{suggestion.paragraph.article.title}”.")
                claim = accept(suggestion)
        except ClaimRefused as refusal:
            self.message_user(request, f"Not accepted: {described(suggestion)}. {refusal}", messages.ERROR)
            return
        quoted = {"name": "quote", "object": f"¶{suggestion.paragraph_number} of {suggestion.paragraph.article}"}
        if suggestion.standing == Standing.NEW:
            self.log_addition(request, claim, [{"added": quoted}])
        else:
            self.log_change(request, claim, [{"added": quoted}])
        done = "Made" if suggestion.standing == Standing.NEW else "Added the quote to"
        self.message_user(request, f"{done} “{claim}”, quoting ¶{suggestion.paragraph_number}.", messages.SUCCESS)

    def reject_suggestion(self, request: HttpRequest, suggestion: ClaimSuggestion) -> None:
        if not request.user.has_perms(REJECT_PERMISSIONS):
            raise PermissionDenied
        reject(suggestion, user=request.user)
        self.message_user(request, f"Rejected, and not suggested again: {described(suggestion)}.")

    def suggest_suggestion_again(self, request: HttpRequest, suggestion: ClaimSuggestion) -> None:
        if not request.user.has_perms(REJECT_PERMISSIONS):
            raise PermissionDenied
        suggest_again(suggestion)
        self.message_user(request, f"Suggested again: {described(suggestion)}.")


def described(suggestion: ClaimSuggestion) -> str:
    return f"{suggestion.city} — {suggestion.role} — {suggestion.other} (¶{suggestion.paragraph_number})"
