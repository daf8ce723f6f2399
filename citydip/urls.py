from django.contrib import admin
from django.urls import include, path

from . import search, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("data/", views.data, name="data"),
    path("data/<slug:name>.<str:export>", views.data_export, name="data_export"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("initiatives.urls")),
]
handler400 = "citydip.views.bad_request"
