from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.feeds import LatestArticlesFeed, TopicArticlesFeed
from citydip.search.views import SearchView
from citydip.site import about, api, health, releases, views
from citydip.site.reconcile import views as reconcile
from citydip.site.robots import robots_txt
from citydip.site.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", about.about, name="about"),
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("search/", SearchView.as_view(), name="search"),
    path("data/", views.data, name="data"),
    path("api/", api.api_page, name="api"),
    path("api/openapi.json", api.openapi_json, name="openapi"),
    # The data package and its one-file downloads, before the listings' files whose pattern they also match.
    path("data/datapackage.json", views.data_package_file, {"path": "datapackage.json"}, name="data_package"),
    path("data/citydip.zip", views.data_package_file, {"path": "citydip.zip"}, name="data_package_zip"),
    path("data/citydip.sqlite", views.data_package_file, {"path": "citydip.sqlite"}, name="data_package_sqlite"),
    path("data/tables/<slug:table>.csv", views.data_table, name="data_table"),
    path("data/releases/", releases.release_list, name="releases"),
    path("data/releases/<int:number>/", releases.release_detail, name="release"),
    path("data/releases/<int:number>/<path:path>", releases.release_file, name="release_file"),
    path("data/<slug:name>.<str:export>", views.data_export, name="data_export"),
    path("reconcile/", reconcile.service, name="reconcile"),
    path("reconcile/preview/", reconcile.preview, name="reconcile_preview"),
    path("reconcile/suggest/entity/", reconcile.suggest_entity, name="reconcile_suggest_entity"),
    path("feeds/articles/", LatestArticlesFeed(), name="article_feed"),
    path("feeds/topics/<slug:slug>/", TopicArticlesFeed(), name="topic_feed"),
    # An index of one sitemap per kind of page, each split in pages of 50,000 addresses as the protocol asks.
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("initiatives.urls")),
]
handler400 = "citydip.site.views.bad_request"
handler404 = "citydip.core.errors.not_found"
handler500 = "citydip.core.errors.server_error"
