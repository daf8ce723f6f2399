from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.feeds import LatestArticlesFeed, TopicArticlesFeed
from citydip.search.views import SearchView
from citydip.site import about, api, health, views
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
    path("data/<slug:name>.<str:export>", views.data_export, name="data_export"),
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
