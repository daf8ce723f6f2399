"""For load balancers and operators: is this server alive, and can it serve?

- `/healthz/` — liveness: the process answers. It touches nothing else, so a database outage does not get
  every server restarted.
- `/readyz/` — readiness: the database answers (else 503: take this server out of rotation), and the cache
  answers (else 200 "degraded": pages are served uncached, slower but whole).
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse

from citydip.core import versions


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def readyz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    status = "ok" if all(checks.values()) else "degraded" if checks["database"] else "unavailable"
    body = {"status": status, **{name: "ok" if fine else "down" for name, fine in checks.items()}}
    response = JsonResponse(body, status=503 if status == "unavailable" else 200)
    response["Cache-Control"] = "no-store"
    return response


def database_answers() -> bool:
    try:
        versions.current()  # the one read every cached page makes
    except DatabaseError:
        connection.close()  # a broken connection is not reused by the next request
        return False
    return True


def cache_answers() -> bool:
    ping = getattr(cache, "ping", None)  # the Redis backend's; a local-memory cache always answers
    return ping() if ping else True
