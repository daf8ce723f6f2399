"""django.contrib.admin, whose start page is the editors' desk (citydip.site.desk). A module of its own: Django
reads it while the apps load, before any model may be imported."""

from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    default_site = "citydip.site.desk.DeskAdminSite"
