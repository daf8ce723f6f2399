from datetime import date

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from articles.models import Article, Topic
from citydip.core.caching import query_parameters
from citydip.core.errors import json_error, wants_json
from citydip.core.record_views import html_only
from citydip.data import package
from citydip.data.datasets import BY_NAME, DATASETS, FORMATS, dataset_response, package_files, package_response
from citydip.data.models import Release
from initiatives.models import City, Initiative, Membership, Network, count_of


@query_parameters("format")
def home(request):
    html_only(request)
    articles = Article.objects.published()
    networks = list(Network.objects.annotate(
        member_count=count_of(Membership.objects.public(), "network", distinct="city")
    ).order_by("-member_count", "name")[:8])
    connected_cities = list(City.objects.most_connected(8))
    context = {
        "counts": {
            "articles": articles.count(),
            "cities": City.objects.count(),
            "networks": Network.objects.count(),
            "initiatives": Initiative.objects.public().count(),
        },
        "latest_articles": articles.with_bylines()[:3],
        # Records carry no date of their own: the newest rows are the ones added last.
        "recent_initiatives": Initiative.objects.public().order_by("-pk")[:5],
        "recent_cities": City.objects.order_by("-pk")[:5],
        "networks": networks,
        "connected_cities": connected_cities,
        "questions": first_questions(connected_cities),
        "topics": Topic.objects.order_by("name"),
    }
    return render(request, "home.html", context)


def first_questions(cities: list[City]) -> list[tuple[str, str]]:
    """Questions a newcomer may ask, as (question, URL), about cities the base knows well: how the best connected
    compares with the next, and how the next is connected to the last of them (most often through someone else)."""
    if len(cities) < 2:
        return []
    first, second, last = cities[0], cities[1], cities[-1]
    compare = f"{reverse('initiatives:compare')}?city={first.slug}&city={second.slug}"
    questions = [(f"Compare {first.name} and {second.name}", compare)]
    if last not in (first, second):
        connections = f"{reverse('initiatives:connections')}?from={second.slug}&to={last.slug}"
        questions.insert(0, (f"How are {second.name} and {last.name} connected?", connections))
    return questions


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return redirect(static("favicon.svg"), permanent=True)


def bad_request(request, exception):
    """A 400 that says what was wrong, as JSON to whoever asked for JSON: our BadRequest messages are written
    for the reader. Django's own refusals (a disallowed host, too many parameters) may quote the request, or
    be about the query string itself, which is then not read again."""
    if not isinstance(exception, BadRequest):
        return render(request, "400.html", status=400)
    if wants_json(request):
        return json_error(str(exception), 400)
    return render(request, "400.html", {"exception": exception}, status=400)


@query_parameters("format")
def data(request):
    html_only(request)
    snapshot = date.today()
    datasets = [
        {
            "name": dataset.name,
            "description": dataset.description,
            "count": dataset.view().listed_records().count(),  # the rows of the dataset, which only holds public records
            "json": reverse("data_export", args=[dataset.name, "json"]),
            "csv": reverse("data_export", args=[dataset.name, "csv"]),
        }
        for dataset in DATASETS
    ]
    context = {
        "datasets": datasets,
        "snapshot": snapshot,
        "package": package_files(),
        "releases": Release.objects.order_by("-number").values("number", "created_at")[:5],
    }
    return render(request, "data.html", context)


@query_parameters()
def data_export(request, name, export):
    if name not in BY_NAME or export not in FORMATS:
        raise Http404("There is no such dataset: see /data/ for the list.")
    return dataset_response(BY_NAME[name], export)


@query_parameters()
def data_package_file(request, path):
    """A file of the current data package: the descriptor, the ZIP, the SQLite database or a table's CSV."""
    if path not in package.FILES:
        raise Http404("The data package has no such table: its descriptor, /data/datapackage.json, lists them.")
    return package_response(path)


@query_parameters()
def data_table(request, table):
    return data_package_file(request, f"tables/{table}.csv")
