from django.urls import path

from . import connection_views, picture_views, views

app_name = "initiatives"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/compare/", connection_views.compare, name="compare"),
    path("cities/facets/<str:facet>/", views.CityListView.facet_values_view(), name="city_facet_values"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("networks/", views.NetworkListView.as_view(), name="network_list"),
    path("networks/overlap/", connection_views.network_overlap, name="network_overlap"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/facets/<str:facet>/", views.InitiativeListView.facet_values_view(), name="initiative_facet_values"),
    path("initiatives/timeline/", picture_views.timeline, name="timeline"),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("map/", picture_views.world_map, name="map"),
    path("graph/", picture_views.network_graph, name="graph"),
    path("connections/", connection_views.connections_page, name="connections"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("bodies/", views.BodyListView.as_view(), name="body_list"),
    path("bodies/<slug:slug>/", views.BodyDetailView.as_view(), name="body_detail"),
]
