from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and authors"

    def ready(self):
        from . import history  # noqa: F401 — registers its models with the history
