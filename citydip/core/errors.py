"""How a failed request is answered: a page for people, `{"error": …}` for a program that asked for JSON.

When it fails for a reason that is not the reader's — the database is down, or a query ran past its time —
that is a 503 that says so and when to try again: never a 500, and never a page the cache keeps
(citydip.core.caching stores only 200s)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render

RETRY_AFTER = 30  # seconds: a database restart, a failover, a lock released


def wants_json(request: HttpRequest) -> bool:
    return request.GET.get("format") == "json" or request.path.endswith(".json")


def json_error(message: str, status: int) -> JsonResponse:
    """The one shape of every JSON error (citydip.site.api's ERROR)."""
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def server_error(request):
    """handler500. Django calls it while handling the exception, so the exception is at hand: a database that
    cannot be reached, or a statement or lock wait past its timeout, is an OperationalError or InterfaceError —
    or led to the exception raised (closing an export's server-side cursor after its statement was cancelled
    fails in turn, with a ProgrammingError)."""
    if any(isinstance(error, (OperationalError, InterfaceError)) for error in raised(sys.exc_info()[1])):
        if wants_json(request):
            response = json_error(f"The database is not answering just now; please try again in {RETRY_AFTER} seconds.", 503)
        else:
            response = render(request, "503.html", {"retry_after": RETRY_AFTER}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    if wants_json(request):
        return json_error("Something went wrong on our side; it has been logged.", 500)
    return render(request, "500.html", status=500)


def raised(error: BaseException | None):
    """The exception and those it was raised while handling, the last first."""
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def not_found(request, exception):
    """handler404: a program that asked for JSON reads why as JSON, as citydip.site.views.bad_request answers
    a 400; people get the page, which says why as Django's own does."""
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    if wants_json(request):
        return json_error(message or "There is no page at this address.", 404)
    return render(request, "404.html", {"exception": message or type(exception).__name__}, status=404)
