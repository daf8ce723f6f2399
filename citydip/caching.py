"""Cached pages for anonymous readers, fresh pages for editors.

Every page an anonymous reader gets is stored in Django's cache (Redis when REDIS_URL is set, so that all
app servers share it) with the *content version* it was made under: a token that every save or delete of
content changes, kept in the database in the editing transaction (citydip.models.ContentVersion). A page
made under another token is never served, so an edit invalidates every page at once, on every server, and
nothing the cache holds — not a Redis restarted from an old snapshot — can make an old page current again.

The cache only accelerates: when it is down, slow or full, pages are made afresh (citydip.redis_cache).
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import quote_etag, set_response_etag

from .models import ContentVersion

PAGE_TIMEOUT = 60 * 60
STORED_HEADERS = ("content-type", "content-disposition", "link", "etag")
# A larger page or export is made anew for each reader rather than held in the cache.
MAX_STORED_PAGE = 2 * 2**20
MAX_STORED_EXPORT = 32 * 2**20
CONTENT_APPS = ("articles", "initiatives", "taggit")
VERSION_ROW = 1


def content_version() -> str:
    """The current token: one indexed read of one row."""
    transaction.get_connection().citydip_bumped = None  # read: the next change in this transaction bumps again
    token = ContentVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
    return token or bump_content_version()


def bump_content_version(*args, raw: bool = False, **kwargs) -> str:
    """A new token, written in the caller's transaction: readers see it when the edit commits, not before.

    Connected to every save and delete of content. Once per transaction is enough — other readers see its
    changes, and the token, together when it commits — unless this connection read the token meanwhile; so a
    rename that relinks a hundred mentions writes the row once. A restore's records, saved raw, do not bump
    it one by one: the restore bumps once, at its end.
    """
    if raw or bumped_in_this_transaction():
        return ""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=VERSION_ROW).update(token=token):
        ContentVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": token})
    remember_bump()
    return token


def bumped_in_this_transaction() -> bool:
    """Whether this transaction wrote a new token already: its marker is still among the callbacks that run
    when it commits (Django discards them when the transaction, or the savepoint around the bump, rolls back)."""
    connection = transaction.get_connection()
    marker = getattr(connection, "citydip_bumped", None)
    return connection.in_atomic_block and marker is not None and any(entry[1] is marker for entry in connection.run_on_commit)


def remember_bump() -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        connection.citydip_bumped = marker = lambda: None
        transaction.on_commit(marker)


def connect() -> None:
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"content-version-{model._meta.label}"
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(relation_changed, dispatch_uid="content-version-m2m")


def relation_changed(sender, action, **kwargs):
    """A many-to-many change of content (an initiative's networks, topics …); not of users and groups."""
    if sender._meta.app_label in CONTENT_APPS and action.startswith("post_"):
        bump_content_version()


def page_key(request: HttpRequest) -> str:
    """The page's key: scheme, host with its port, path and query — a page that names its own address
    (links, feeds, JSON) is stored per host, so that no Host header can poison what others read."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"citydip:page:{request.method}:{hashlib.sha256(address.encode()).hexdigest()}"


def query_parameters(*names: str):
    """Declares the parameters a function view reads, as list and detail views declare theirs."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def canonical_address(request: HttpRequest, view) -> str | None:
    """The page's address without the parameters its view does not read, when it has any; else None.

    `?u=1`, `?u=2` … would each be a page made and stored anew, for the same content: a flood of them could fill
    the cache and the workers. Pages whose view declares no parameters are left as they are.
    """
    accepted = getattr(getattr(view, "view_class", view), "query_parameters", None)
    accepted = accepted() if callable(accepted) else accepted
    if accepted is None or set(request.GET) <= accepted:
        return None
    kept = QueryDict(mutable=True)
    for name in request.GET:
        if name in accepted:
            kept.setlist(name, request.GET.getlist(name))
    return f"{request.path}?{kept.urlencode()}" if kept else request.path


def storable(response: HttpResponse) -> bool:
    return "no-store" not in response.get("Cache-Control", "")


class AnonymousPageCacheMiddleware:
    """Serve and store whole GET responses for visitors who are not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return self.get_response(request)  # a 404, never stored: no need to know the content version
        if (canonical := canonical_address(request, view)) is not None:
            return HttpResponsePermanentRedirect(canonical)
        key = page_key(request)
        # Read before the page is made: a page made from newer data than its token is merely never served.
        version = content_version()
        cached = cache.get(key)
        if cached is not None and cached[0] == version:
            _, status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code != 200 or response.cookies or "Vary" in response or not storable(response):
            return response  # an error, a redirect, a personal page or one that says so is never stored
        if response.streaming:
            # An export streams to the first reader as it is made, and is kept whole for the next ones.
            response.streaming_content = self.store_when_complete(key, version, response, response.streaming_content)
        else:
            set_response_etag(response)  # once, stored with the page, instead of hashing it on every hit
            if len(response.content) <= MAX_STORED_PAGE:
                self.store(key, version, response, response.content)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def store(key, made_under, response, content):
        headers = [(name, value) for name, value in response.items() if name.lower() in STORED_HEADERS]
        cache.set(key, (made_under, response.status_code, headers, content), PAGE_TIMEOUT)

    def store_when_complete(self, key, made_under, response, chunks):
        kept, size = [], 0
        for chunk in chunks:
            yield chunk
            size += len(chunk)
            if size <= MAX_STORED_EXPORT:
                kept.append(chunk)
        if size <= MAX_STORED_EXPORT:  # and every chunk was sent: a reader who hangs up stops this generator
            content = b"".join(kept)
            response["ETag"] = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
            self.store(key, made_under, response, content)

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(("/admin/", "/healthz/", "/readyz/"))
            and not request.user.is_authenticated
        )
