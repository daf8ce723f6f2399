"""Cached pages for anonymous readers, fresh pages for editors.

Every page an anonymous reader gets is stored in Django's cache (Redis when REDIS_URL is set, so that all
app servers share it) with the content's *generation*: a number every save or delete of content bumps. A
page made in an older generation is never served, so bumping the number invalidates every page at once, on
every server — no page can outlive an edit, and no list of which page shows what has to be kept.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import quote_etag, set_response_etag

GENERATION_KEY = "citydip:generation"
PAGE_TIMEOUT = 60 * 60
STORED_HEADERS = ("content-type", "content-disposition", "link", "etag")
# A larger export is made anew for each reader rather than held in the cache.
MAX_STORED_EXPORT = 32 * 2**20
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


def bump_generation(*args, raw=False, **kwargs):
    """Now, and again when the transaction commits: a page rendered from the old data in between would
    otherwise be stored under the new generation."""
    if raw:
        return  # a restore's records, saved as they were: the restore bumps once, at its end
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
        key = f"citydip:page:{request.method}:{path}"
        # One round trip to the cache for the generation and the page, which holds the generation it was made in.
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        cached = found.get(key)
        if cached is not None and cached[0] == current:
            _, status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code != 200 or response.cookies or "Vary" in response:
            return response
        if response.streaming:
            # An export streams to the first reader as it is made, and is kept whole for the next ones.
            response.streaming_content = self.store_when_complete(key, current, response, response.streaming_content)
        else:
            set_response_etag(response)  # once, stored with the page, instead of hashing it on every hit
            self.store(key, current, response, response.content)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def store(key, made_in, response, content):
        headers = [(name, value) for name, value in response.items() if name.lower() in STORED_HEADERS]
        cache.set(key, (made_in, response.status_code, headers, content), PAGE_TIMEOUT)

    def store_when_complete(self, key, made_in, response, chunks):
        kept, size = [], 0
        for chunk in chunks:
            yield chunk
            size += len(chunk)
            if size <= MAX_STORED_EXPORT:
                kept.append(chunk)
        if size <= MAX_STORED_EXPORT:  # and every chunk was sent: a reader who hangs up stops this generator
            content = b"".join(kept)
            response["ETag"] = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
            self.store(key, made_in, response, content)

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(("/admin/", "/healthz/"))
            and not request.user.is_authenticated
        )
