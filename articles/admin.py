from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from citydip.core.admin.editing import HistoryAdmin
from citydip.core.admin.locking import LockedInline
from citydip.core.admin.widgets import PreloadedAutocompleteFields

from .import_forms import ConfirmImportForm, ImportForm
from .importing import import_parsed
from .models import Article, Author, Authorship, Paragraph, Topic
from .parsing import ParseError
from .publishing import count_undecided_links, settle_undecided_links
from .signals import article_saved

# What an editor publishing an article may do with the links still only suggested in its body.
LINK_DECISIONS = {"accept": True, "reject": False}


class TopicChoiceMixin:
    """Topics are a controlled vocabulary: editors pick from the list instead of typing free tags."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            return forms.ModelMultipleChoiceField(
                Topic.objects.all(), required=False, widget=FilteredSelectMultiple("topics", is_stacked=False)
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(HistoryAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorshipInline(LockedInline, PreloadedAutocompleteFields, admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["author"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "author")


class ParagraphInline(LockedInline, admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = ["number", "kind", "text"]
    show_change_link = True  # the paragraph's own page, where a selected passage opens a claim form
    ordering = ["number"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


# Beyond this many paragraphs, an article's page links to them instead of holding a form for each.
INLINE_PARAGRAPHS = 100


def paragraph_count(article: Article) -> int:
    """Counted once for the page, which asks twice (which inlines, and the count shown)."""
    if not hasattr(article, "_paragraph_count"):
        article._paragraph_count = article.paragraphs.count()
    return article._paragraph_count


@admin.register(Article)
class ArticleAdmin(TopicChoiceMixin, HistoryAdmin):
    list_display = ["title", "publication", "date_published", "status", "byline_names"]
    list_filter = ["status", "publication", "topics", "date_published"]
    search_fields = ["title", "subtitle", "summary", "authors__name"]
    date_hierarchy = "date_published"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorshipInline, ParagraphInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["source_file", "created_at", "updated_at", "links", "claims", "new_records", "paragraph_list"]
    change_list_template = "admin/articles/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "status", "summary", "topics", "links", "claims", "new_records", "paragraph_list"]}),
        ("Publication", {"fields": [
            "publication", "date_published", "date_precision", "reposted_in", "reposted_on", "canonical_url", "note",
        ]}),
        ("Record", {"fields": ["source_file", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_bylines()

    @admin.display(description="Authors")
    def byline_names(self, article):
        return ", ".join(author.name for author in article.byline())

    def view_on_site(self, article):
        return article.get_absolute_url()

    @admin.display(description="Links in the body")
    def links(self, article):
        if not article.pk:
            return "Found when the article is saved."
        return format_html(
            '<a href="{}">Review the links to cities, networks and initiatives found in the body</a>',
            review_url(article),
        )

    @admin.display(description="Claims in the body")
    def claims(self, article):
        if not article.pk:
            return "Suggested once the article is saved."
        return format_html(
            '<a href="{}">Review the memberships and participations its sentences suggest</a>',
            reverse("admin:initiatives_claim_suggestions", args=[article.pk]),
        )

    @admin.display(description="New records")
    def new_records(self, article):
        if not article.pk:
            return "Suggested once the article is saved."
        return format_html(
            '<a href="{}">Cities, networks and bodies it names that the base does not know yet</a>',
            reverse("admin:initiatives_record_suggestions", args=[article.pk]),
        )

    def get_inlines(self, request, article):
        """The paragraphs are edited on the article's page up to INLINE_PARAGRAPHS; a longer article's on
        their own list, a page of them at a time (a form of thousands would not open)."""
        if article is not None and paragraph_count(article) > INLINE_PARAGRAPHS:
            return [AuthorshipInline]
        return super().get_inlines(request, article)

    @admin.display(description="Paragraphs")
    def paragraph_list(self, article):
        if not article.pk:
            return "Read from the text when the article is imported."
        count = paragraph_count(article)
        listed = reverse("admin:articles_paragraph_changelist") + f"?article__id__exact={article.pk}"
        where = "below, or" if count <= INLINE_PARAGRAPHS else "too many to edit here:"
        return format_html('{} paragraphs — {} <a href="{}">on their own list</a>', count, where, listed)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="articles_article_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Step one: a file or a pasted text, read and shown for the editor to confirm (nothing is written)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "document" in request.POST:
            return self.confirm_import(request)
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if form.is_bound and form.is_valid():
            try:
                parsed = form.extract()
            except ParseError as error:
                form.add_error(form.error_field, str(error))
            else:
                return self.import_page(request, ConfirmImportForm.for_document(parsed, form.source_name, request.user))
        return self.import_page(request, form)

    def confirm_import(self, request):
        """Step two: the metadata as the editor confirmed or corrected it; the article is written only now."""
        form = ConfirmImportForm(request.POST, user=request.user)
        if not form.is_valid():
            if form.has_error("document"):  # the carried text is stale or altered: start again
                return self.import_page(request, ImportForm(), error=form.errors["document"][0])
            return self.import_page(request, form)
        try:
            article = import_parsed(form.parsed(), source_file=form.source_file, user=request.user)
        except ParseError as error:
            form.add_error(getattr(error, "field", None), str(error))
            return self.import_page(request, form)
        self.log_addition(request, article, [{"added": {"name": "import", "object": form.source_file or "text"}}])
        self.message_user(
            request,
            f"Imported “{article.title}” as a draft with {article.paragraphs.count()} paragraphs. "
            "Review the links found in its body, preview it, then publish.",
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", article.pk)

    def import_page(self, request, form, error=""):
        """The upload form, or the confirmation of what was read (ConfirmImportForm)."""
        confirming = isinstance(form, ConfirmImportForm)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "error": error,
            "title": "Check what was read, then import" if confirming else "Import an article",
        }
        template = "import_confirm.html" if confirming else "import_form.html"
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_saved.send(sender=Article, article=form.instance)
        if form.instance.is_published:
            settle_links_as_chosen(request, [form.instance])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and request.POST.get("status") == Article.Status.PUBLISHED:
            article = self.get_object(request, unquote(object_id))
            drafts = [article] if article is not None and not article.is_published else []
            # Asked only of a form that will save: else the editor answers, is told a field is missing, and is
            # asked again on the next save.
            if drafts and not self.get_form(request, article, change=True)(request.POST, request.FILES, instance=article).is_valid():
                drafts = []
            if question := self.ask_about_links(request, drafts):
                return question
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Publish the selected articles")
    def publish(self, request, queryset):
        drafts = list(queryset.exclude(status=Article.Status.PUBLISHED))
        if question := self.ask_about_links(request, drafts):
            return question
        settle_links_as_chosen(request, drafts)
        self.set_status(request, queryset, Article.Status.PUBLISHED)

    def ask_about_links(self, request, drafts):
        """Before drafts are published, if links in their bodies are still only suggested and the editor has
        not said what to do with them: the page that asks — accept them all, or publish them unlinked — and
        sends the same form back with their choice. Readers see only accepted links. None when there is
        nothing to ask."""
        if request.POST.get("links") in LINK_DECISIONS:
            return None
        undecided = count_undecided_links(Article.objects.filter(pk__in=[article.pk for article in drafts]))
        if not undecided:
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Publish with links that no one has reviewed?",
            "articles": [(a, undecided[a.pk], review_url(a)) for a in drafts if a.pk in undecided],
            "carried": [
                (name, value)
                for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
                for value in values
            ],
        }
        return TemplateResponse(request, "admin/articles/article/links_question.html", context)

    @admin.action(description="Return the selected articles to draft")
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Article.Status.DRAFT)

    def set_status(self, request, queryset, status):
        # Saved one by one, not updated in bulk, so that search, history and caches hear of each change.
        changed = [article for article in queryset if article.status != status]
        for article in changed:
            article.status = status
            article.save(update_fields=["status", "updated_at"])
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}])
        self.message_user(request, f"{len(changed)} article(s) now {Article.Status(status).label.lower()}.")


@admin.register(Paragraph)
class ParagraphAdmin(HistoryAdmin):
    """Listed so that sources can pick a paragraph by searching its article or words."""

    list_display = ["__str__", "kind"]
    list_select_related = ["article"]
    search_fields = ["article__title", "text"]
    # Searched by article rather than picked from a menu of every article: thousands of them at scale.
    list_filter = ["kind"]
    autocomplete_fields = ["article"]
    fields = ["article", "number", "kind", "text"]

    def get_queryset(self, request):
        # The list, the autocomplete of sources and the change page all name a paragraph by its article.
        return super().get_queryset(request).select_related("article")

    def save_model(self, request, paragraph, form, change):
        super().save_model(request, paragraph, form, change)
        # Its new words may name other records, and the article's search entry reads them: as when the
        # article is saved with its paragraphs.
        article_saved.send(sender=Article, article=paragraph.article)

    def delete_model(self, request, paragraph):
        super().delete_model(request, paragraph)
        article_saved.send(sender=Article, article=paragraph.article)

    def delete_queryset(self, request, queryset):
        articles = list(Article.objects.filter(paragraphs__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for article in articles:
            article_saved.send(sender=Article, article=article)


def settle_links_as_chosen(request, articles):
    """Accept or reject the links still only suggested in the articles' bodies, as the editor chose when asked
    (ArticleAdmin.ask_about_links); nothing when they were not asked."""
    decision = request.POST.get("links")
    if decision in LINK_DECISIONS:
        chosen = Article.objects.filter(pk__in=[article.pk for article in articles])
        settle_undecided_links(chosen, LINK_DECISIONS[decision])


def review_url(article):
    """Where editors review the links found in the article's body."""
    return reverse("admin:initiatives_mention_changelist") + f"?paragraph__article__id__exact={article.pk}"
