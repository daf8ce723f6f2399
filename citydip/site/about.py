"""/about/: what citydip is, and the data of others it uses — the GeoNames gazetteer, credited as its licence
(CC BY 4.0) asks: by name, with a link, the licence, and what we changed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from citydip.core.caching import query_parameters
from citydip.core.record_views import html_only
from initiatives.models import Place


@query_parameters("format")
def about(request: HttpRequest) -> HttpResponse:
    html_only(request)
    return render(request, "about.html", {"places": Place.objects.count()})
