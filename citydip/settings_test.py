"""The test suite's settings: the app's own, plus django-zeal, which fails a test on any N+1 query pattern."""

from .settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
# Each request the tests make is watched on its own: loading related rows one by one raises NPlusOneError.
MIDDLEWARE = ["tests.zeal_middleware.ZealMiddleware", *MIDDLEWARE]  # noqa: F405
ZEAL_RAISE = True
