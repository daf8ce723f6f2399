from django.apps import AppConfig


class CitydipConfig(AppConfig):
    name = "citydip"
    verbose_name = "citydip"
