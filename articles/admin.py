from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple

from .models import Article, Authorship, Author, Paragraph, Topic
from .signals import article_saved


class TopicChoiceMixin:
    """Topics are a controlled vocabulary: editors pick from the list instead of typing free tags."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            return forms.ModelMultipleChoiceField(
                Topic.objects.all(), required=False, widget=FilteredSelectMultiple("topics", is_stacked=False)
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["author"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "author")


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = ["number", "kind", "text"]
    ordering = ["number"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


@admin.register(Article)
class ArticleAdmin(TopicChoiceMixin, admin.ModelAdmin):
    list_display = ["title", "publication", "date_published", "status", "byline_names"]
    list_filter = ["status", "publication", "topics", "date_published"]
    search_fields = ["title", "subtitle", "summary", "authors__name"]
    date_hierarchy = "date_published"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorshipInline, ParagraphInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["source_file", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "status", "summary", "topics"]}),
        ("Publication", {"fields": ["publication", "date_published", "original_publication", "original_date", "note"]}),
        ("Record", {"fields": ["source_file", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_bylines()

    @admin.display(description="Authors")
    def byline_names(self, article):
        return ", ".join(author.name for author in article.byline())

    def view_on_site(self, article):
        return article.get_absolute_url()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_saved.send(sender=Article, article=form.instance)

    @admin.action(description="Publish the selected articles")
    def publish(self, request, queryset):
        updated = queryset.update(status=Article.Status.PUBLISHED)
        self.message_user(request, f"{updated} article(s) published.")

    @admin.action(description="Return the selected articles to draft")
    def unpublish(self, request, queryset):
        updated = queryset.update(status=Article.Status.DRAFT)
        self.message_user(request, f"{updated} article(s) returned to draft.")


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    """Listed so that sources can pick a paragraph by searching its article or words."""

    list_display = ["__str__", "kind"]
    list_select_related = ["article"]
    search_fields = ["article__title", "text"]
    list_filter = ["article"]
    fields = ["article", "number", "kind", "text"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset.select_related("article"), search_term)
