from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Cities, networks and initiatives"

    def ready(self):
        from articles.signals import article_saved

        from . import review, signals
        from .linking import link_article_on_save

        article_saved.connect(link_article_on_save, dispatch_uid="initiatives.link_article")
        signals.connect()
        review.connect()
