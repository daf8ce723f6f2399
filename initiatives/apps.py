from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Cities, networks and initiatives"

    def ready(self):
        from . import receivers  # noqa: F401 — connects them
