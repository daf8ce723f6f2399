"""When a request fails for a reason that is not the reader's: the database is down, or a query ran past
its time. That is a 503 with a page that says so and when to try again — never a 500, and never a page the
cache keeps (citydip.core.caching stores only 200s)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

RETRY_AFTER = 30  # seconds: a database restart, a failover, a lock released


def server_error(request):
    """handler500. Django calls it while handling the exception, so the exception is at hand: a database that
    cannot be reached, or a statement or lock wait past its timeout, is an OperationalError or InterfaceError —
    or led to the exception raised (closing an export's server-side cursor after its statement was cancelled
    fails in turn, with a ProgrammingError)."""
    if any(isinstance(error, (OperationalError, InterfaceError)) for error in raised(sys.exc_info()[1])):
        response = render(request, "503.html", {"retry_after": RETRY_AFTER}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
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
    if request.GET.get("format") == "json":
        return JsonResponse({"error": message or "There is no page at this address."}, status=404, json_dumps_params={"ensure_ascii": False})
    return render(request, "404.html", {"exception": message or type(exception).__name__}, status=404)
