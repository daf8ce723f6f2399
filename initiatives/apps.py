from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Cities, networks and initiatives"

    def ready(self):
        from . import (
            history,  # noqa: F401 — registers its models with the history, and its restore steps
            receivers,  # noqa: F401 — connects them
        )
