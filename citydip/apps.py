from django.apps import AppConfig


class CitydipConfig(AppConfig):
    name = "citydip"
    verbose_name = "citydip"

    def ready(self):
        from . import search_index, versions

        search_index.connect()
        versions.connect()
