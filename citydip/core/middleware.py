import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_MESSAGE = "The address holds a control character (a NUL byte, a line break …), which no parameter here takes."


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: the site uses no camera, microphone, location or payment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def answers_post(view):
    """Marks a view that reads only, whatever the method: a POST to it is a question too long for an address
    (the reconciliation API sends its batches of queries so), not a change."""
    view.answers_post = True
    return view


class ReadOnlySiteMiddleware:
    """The public site only reads: anything but GET, HEAD or OPTIONS outside the admin is answered 405, with
    a page that says so, before the CSRF check would answer 403 for a request that changes nothing anyway —
    except a POST to a view marked `answers_post`."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS and not request.path.startswith("/admin/") and not self.asks(request):
            response = render(request, "405.html", {"method": request.method}, status=405)
            response["Allow"] = ", ".join(sorted(self.SAFE_METHODS))
            return response
        return self.get_response(request)

    @staticmethod
    def asks(request) -> bool:
        """Whether this is a POST to a view that answers one."""
        if request.method != "POST":
            return False
        try:
            return getattr(resolve(request.path_info).func, "answers_post", False)
        except Resolver404:
            return False


class ControlCharacterMiddleware:
    """A control character in the address is a 400, on every page and in the admin.

    No slug, name, search or number here holds one, and PostgreSQL refuses a NUL in any text it is sent:
    `?topic=%00`, `?region__exact=%00` in an admin list or `?term=%00` in its autocomplete were 500s there.
    Raised as BadRequest, so citydip.views.bad_request answers, as HTML or JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameters = [text for key, values in request.GET.lists() for text in (key, *values)]
        if any(CONTROL.search(text) for text in (request.path, *parameters)):
            raise BadRequest(CONTROL_MESSAGE)
        return self.get_response(request)


class ReadApiCorsMiddleware:
    """CORS for the read API, so that a notebook or page on another site can call it from the browser:
    `Access-Control-Allow-Origin: *`, never with credentials, on every answer (errors and redirects too) to a
    request for data — any `?format=` but html, /api/openapi.json, the files of /data/ — and a preflight
    OPTIONS answered here. Pages, forms and the admin send none: no other site may read them in a reader's
    name. The header is the same for every origin, so cached pages need no `Vary: Origin`."""

    PREFLIGHT_MAX_AGE = 24 * 60 * 60
    # Response headers a script may read besides the simple ones: the name of a download, paging, caching, a retry.
    EXPOSED = "Content-Disposition, ETag, Link, Location, Retry-After"

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def is_read_api(request) -> bool:
        if request.path.startswith("/admin/"):
            return False
        data_file = request.path.startswith("/data/") and "." in request.path.rsplit("/", 1)[-1]
        asks_data = any(value != "html" for value in request.GET.getlist("format"))
        return asks_data or data_file or request.path == "/api/openapi.json"

    def __call__(self, request):
        if not self.is_read_api(request):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            # Any header the script sends (If-None-Match, Accept …): the answer never depends on a credential.
            if requested := request.META.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"):
                response["Access-Control-Allow-Headers"] = requested
            response["Access-Control-Max-Age"] = str(self.PREFLIGHT_MAX_AGE)
        else:
            response = self.get_response(request)
            response["Access-Control-Expose-Headers"] = self.EXPOSED
        response["Access-Control-Allow-Origin"] = "*"
        return response
