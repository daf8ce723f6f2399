"""The one place that decides how a listing or a detail page answers: HTML, or `?format=json`.

Views subclass RecordListView / RecordDetailView and describe a record once, in `record_json`.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.views.generic import DetailView, ListView


def absolute(request, record_or_path):
    path = record_or_path if isinstance(record_or_path, str) else record_or_path.get_absolute_url()
    return request.build_absolute_uri(path)


def source_json(request, quotation):
    paragraph = quotation.paragraph
    return {
        "article": paragraph.article.slug,
        "article_title": paragraph.article.title,
        "paragraph": paragraph.number,
        "quote": quotation.quote,
        "url": absolute(request, paragraph),
    }


class FormatMixin:
    formats = ("html", "json")

    def get_format(self):
        requested = self.request.GET.getlist("format") or ["html"]
        if len(requested) > 1 or requested[0] not in self.formats:
            raise BadRequest(f"Unknown format. This page answers ?format= {', '.join(self.formats)}.")
        return requested[0]

    def get(self, request, *args, **kwargs):
        self.format = self.get_format()
        return super().get(request, *args, **kwargs)

    def record_json(self, record):
        raise NotImplementedError


class RecordListView(FormatMixin, ListView):
    paginate_by = settings.PAGE_SIZE

    def render_to_response(self, context, **kwargs):
        if self.format == "json":
            return JsonResponse(self.listing_json(context), json_dumps_params={"ensure_ascii": False})
        return super().render_to_response(context, **kwargs)

    def page_url(self, number):
        query = self.request.GET.copy()
        query["page"] = number
        return absolute(self.request, f"{self.request.path}?{query.urlencode()}")

    def listing_json(self, context):
        page = context["page_obj"]
        return {
            "count": page.paginator.count,
            "next": self.page_url(page.next_page_number()) if page.has_next() else None,
            "previous": self.page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [self.record_json(record) for record in context["object_list"]],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("is_paginated"):
            page = context["page_obj"]
            context["next_url"] = self.page_url(page.next_page_number()) if page.has_next() else None
            context["previous_url"] = self.page_url(page.previous_page_number()) if page.has_previous() else None
        return context


class RecordDetailView(FormatMixin, DetailView):
    def render_to_response(self, context, **kwargs):
        if self.format == "json":
            return JsonResponse(self.record_json(self.object), json_dumps_params={"ensure_ascii": False})
        return super().render_to_response(context, **kwargs)
