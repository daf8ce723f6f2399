"""Cached pages for anonymous readers, fresh pages for editors.

Every page an anonymous reader gets is stored in Django's cache (Redis when REDIS_URL is set, so that all
app servers share it) under the content's *generation*: a number every save or delete of content bumps.
Bumping the number invalidates every page at once, on every server — no page can outlive an edit, and no
list of which page shows what has to be kept.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import set_response_etag

GENERATION_KEY = "citydip:generation"
PAGE_TIMEOUT = 60 * 60
CONTENT_APPS = ("articles", "initiatives", "taggit")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def increment():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates the old pages
        cache.set(GENERATION_KEY, 2, timeout=None)


def bump_generation(*args, **kwargs):
    """Now, and again when the transaction commits: a page rendered from the old data in between would
    otherwise be stored under the new generation."""
    increment()
    transaction.on_commit(increment)


def connect():
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"cache-save-{model._meta.label}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"cache-delete-{model._meta.label}")
    m2m_changed.connect(bump_generation, dispatch_uid="cache-m2m")


class AnonymousPageCacheMiddleware:
    """Serve and store whole GET responses for visitors who are not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"citydip:page:{generation()}:{request.method}:{path}"
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies and "Vary" not in response:
            set_response_etag(response)  # once, stored with the page, instead of hashing it on every hit
            headers = [(name, value) for name, value in response.items() if name.lower() in ("content-type", "content-disposition", "link", "etag")]
            cache.set(key, (response.status_code, headers, response.content), PAGE_TIMEOUT)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(("/admin/", "/healthz/"))
            and not request.user.is_authenticated
        )
