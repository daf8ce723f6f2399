"""/about/: what citydip is, how its records are curated and sourced, their licences and how to cite them, the
reconciliation service, how to report an error — and the data of others it uses, the GeoNames gazetteer,
credited as its licence (CC BY 4.0) asks: by name, with a link, the licence, and what we changed."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from citydip.core.caching import query_parameters
from citydip.core.record_views import html_only
from citydip.site.reconcile.kinds import KINDS
from citydip.site.reconcile.queries import MAX_QUERIES, PROPERTIES
from initiatives.models import Place


@query_parameters("format")
def about(request: HttpRequest) -> HttpResponse:
    html_only(request)
    context = {
        "places": Place.objects.count(),
        "contact_email": settings.CONTACT_EMAIL,
        "reconcile_types": KINDS.values(),
        "reconcile_properties": PROPERTIES,
        "reconcile_batch": MAX_QUERIES,
    }
    return render(request, "about.html", context)
