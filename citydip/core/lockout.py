"""The page a locked-out editor sees: why, and when they can sign in again (django-axes calls it)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response, credentials):
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    username = get_client_username(request, credentials) or ""
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .order_by("-attempt_time")
        .first()
    )
    retry_at = (attempt.attempt_time if attempt else timezone.now()) + settings.AXES_COOLOFF_TIME
    seconds = max(int((retry_at - timezone.now()).total_seconds()), 1)
    context = {"username": username, "retry_at": retry_at, "minutes": -(-seconds // 60),
               "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, "lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
