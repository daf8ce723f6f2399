from datetime import date

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from articles.models import Article, Topic
from articles.views import ArticleListView, AuthorListView
from initiatives.models import City, Initiative, Network
from initiatives.views import BodyListView, CityListView, InitiativeListView, NetworkListView, TopicListView

# The complete dataset, one file per record type and format, at /data/<name>.<json|csv>.
DATASETS = [
    ("articles", "Published articles, with authors, dates and topics", ArticleListView),
    ("initiatives", "Initiatives, with their cities, networks and topics", InitiativeListView),
    ("cities", "Cities, with country, region, coordinates and counts", CityListView),
    ("networks", "City networks", NetworkListView),
    ("bodies", "Multilateral bodies", BodyListView),
    ("authors", "Authors of published articles", AuthorListView),
    ("topics", "Topics", TopicListView),
]


def healthz(request):
    """For load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    articles = Article.objects.published()
    context = {
        "counts": {
            "articles": articles.count(),
            "cities": City.objects.count(),
            "networks": Network.objects.count(),
            "initiatives": Initiative.objects.count(),
        },
        "latest_articles": articles.with_bylines()[:5],
        "networks": Network.objects.annotate(member_count=Count("memberships__city", distinct=True)).order_by(
            "-member_count", "name"
        )[:8],
        "connected_cities": City.objects.most_connected(8),
        "topics": Topic.objects.order_by("name"),
    }
    return render(request, "home.html", context)


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return redirect(static("favicon.svg"), permanent=True)


def bad_request(request, exception):
    """A 400 page that says what was wrong; our BadRequest messages are written for the reader."""
    return render(request, "400.html", {"exception": exception}, status=400)


def data(request):
    snapshot = date.today()
    datasets = [
        {
            "name": name,
            "description": description,
            "count": view.model.objects.count() if view.model is not Article else Article.objects.published().count(),
            "json": reverse("data_export", args=[name, "json"]),
            "csv": reverse("data_export", args=[name, "csv"]),
        }
        for name, description, view in DATASETS
    ]
    return render(request, "data.html", {"datasets": datasets, "snapshot": snapshot})


def data_export(request, name, export):
    view = next((view for dataset, _, view in DATASETS if dataset == name), None)
    if view is None or export not in ("json", "csv"):
        raise Http404("There is no such dataset: see /data/ for the list.")
    return view.as_view()(request, export=export)
