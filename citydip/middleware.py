from django.conf import settings
from django.shortcuts import render


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: the site uses no camera, microphone, location or payment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ReadOnlySiteMiddleware:
    """The public site only reads: anything but GET, HEAD or OPTIONS outside the admin is answered 405, with
    a page that says so, before the CSRF check would answer 403 for a request that changes nothing anyway."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS and not request.path.startswith("/admin/"):
            response = render(request, "405.html", {"method": request.method}, status=405)
            response["Allow"] = ", ".join(sorted(self.SAFE_METHODS))
            return response
        return self.get_response(request)
