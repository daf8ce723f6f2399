"""Cached pages for anonymous readers, fresh pages for editors.

Every page an anonymous reader gets is stored in Django's cache (Redis when REDIS_URL is set, so that all
app servers share it) with the content version it was made under and the tags of what it was made from: the
tables it read and the records it showed (citydip.core.versions). It is served as it is while the content version
stands; after an edit, once the database says none of its tags moved — so an edit makes stale only the pages
that show what it changed, on every server at once, and nothing the cache holds (a Redis restarted from an old
snapshot) can make an old page current again.

The cache only accelerates: when it is down, slow or full, pages are made afresh (citydip.core.redis_cache).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import quote_etag, set_response_etag

from citydip.core import versions

PAGE_TIMEOUT = 60 * 60
STORED_HEADERS = ("content-type", "content-disposition", "link", "etag")
# A larger page or export is made anew for each reader rather than held in the cache.
MAX_STORED_PAGE = 2 * 2**20
MAX_STORED_EXPORT = 32 * 2**20


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
        # Read before the page is made: a page made from newer data than its version is merely made again.
        version = versions.current()
        cached = cache.get(key)
        if cached is not None and self.current(key, cached, version):
            _, _, status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        reading = versions.Reading()
        with reading.active():
            response = self.get_response(request)
        if response.status_code != 200 or response.cookies or "Vary" in response or not storable(response):
            return response  # an error, a redirect, a personal page or one that says so is never stored
        if getattr(response, "file_to_stream", None) is not None:
            return response  # a file, which the operating system sends faster than the cache could
        if response.streaming:
            # An export streams to the first reader as it is made, and is kept whole for the next ones.
            response.streaming_content = self.store_when_complete(key, version, reading, response, response.streaming_content)
        else:
            set_response_etag(response)  # once, stored with the page, instead of hashing it on every hit
            if len(response.content) <= MAX_STORED_PAGE:
                self.store(key, version, reading.tags(), response, response.content)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def current(key, cached, version) -> bool:
        """Whether a stored page may be served: made under this version, or under an earlier one of this epoch
        since which none of its tags moved — then it is stored again under this version, so that its next
        readers need not ask."""
        made_under, tags, *page = cached
        if made_under == version:
            return True
        if made_under.epoch != version.epoch or versions.changed_since(made_under, tags):
            return False
        cache.set(key, (version, tags, *page), PAGE_TIMEOUT)
        return True

    @staticmethod
    def store(key, made_under, tags, response, content):
        headers = [(name, value) for name, value in response.items() if name.lower() in STORED_HEADERS]
        cache.set(key, (made_under, tags, response.status_code, headers, content), PAGE_TIMEOUT)

    def store_when_complete(self, key, made_under, reading, response, streamed):
        kept, size, chunks = [], 0, iter(streamed)
        while True:
            with reading.active():  # the export reads as it streams: what it reads is what it was made from
                chunk = next(chunks, None)
            if chunk is None:
                break
            yield chunk
            size += len(chunk)
            if size <= MAX_STORED_EXPORT:
                kept.append(chunk)
        if size <= MAX_STORED_EXPORT:  # and every chunk was sent: a reader who hangs up stops this generator
            content = b"".join(kept)
            response["ETag"] = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
            self.store(key, made_under, reading.tags(), response, content)

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(("/admin/", "/healthz/", "/readyz/"))
            and not request.user.is_authenticated
        )
