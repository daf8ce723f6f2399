"""The test suite's settings: the app's own, plus django-zeal, which fails a test on any N+1 query pattern."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")  # the development defaults: key, hosts; pytest-django turns DEBUG off

from citydip.settings import *  # noqa: E402, F403

# A test's data lives in its own transaction, which a thread's connection cannot see: built in the request.
DATASETS_BUILD_IN_BACKGROUND = False
DATASETS_DIR = Path(tempfile.mkdtemp(prefix="citydip-datasets-"))  # noqa: F405 — each run its own copies

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
# Each request the tests make is watched on its own: loading related rows one by one raises NPlusOneError.
MIDDLEWARE = ["tests.zeal_middleware.ZealMiddleware", *MIDDLEWARE]  # noqa: F405
ZEAL_RAISE = True

# The suite makes and signs in editors hundreds of times: a hasher of a thousandth of the cost. The app keeps
# Django's default, PBKDF2, which the browser and scale-out servers use.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
