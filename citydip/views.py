from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from articles.models import Article, Author, Topic
from initiatives.models import City, Initiative, Network


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
        "connected_cities": City.objects.most_connected()[:8],
        "topics": Topic.objects.order_by("name"),
        "authors": Author.objects.filter(articles__status=Article.Status.PUBLISHED).distinct().count(),
    }
    return render(request, "home.html", context)


def bad_request(request, exception):
    """A 400 page that says what was wrong; our BadRequest messages are written for the reader."""
    return render(request, "400.html", {"exception": exception}, status=400)
