"""When a request fails for a reason that is not the reader's: the database is down, or a query ran past
its time. That is a 503 with a page that says so and when to try again — never a 500, and never a page the
cache keeps (citydip.core.caching stores only 200s)."""

import sys

from django.db import InterfaceError, OperationalError
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
