from django.apps import AppConfig


class CitydipConfig(AppConfig):
    name = "citydip"
    verbose_name = "citydip"

    def ready(self):
        from . import caching, search_index

        search_index.connect()
        caching.connect()
