from django.apps import AppConfig


class CitydipConfig(AppConfig):
    name = "citydip"
    verbose_name = "citydip"

    def ready(self):
        from . import search_index

        search_index.connect()
