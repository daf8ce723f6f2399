from django.apps import AppConfig


class CitydipConfig(AppConfig):
    name = "citydip"
    verbose_name = "citydip"

    def ready(self):
        from django.db import connections

        from citydip.core import receivers as core_receivers  # noqa: F401 — connects them
        from citydip.core.versions import watch
        from citydip.search import history as search_history  # noqa: F401 — its steps after a restore
        from citydip.search import receivers as search_receivers  # noqa: F401 — connects them

        for connection in connections.all():  # those opened before the receivers were connected
            watch(connection)
