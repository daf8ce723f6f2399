"""django-zeal for the requests the tests make, except the admin's form posts and django-reversion's
revision pages: Django's inline formsets, and reversion's forms rebuilt from stored versions, look up each
row's related record on their own, by design."""

from zeal import zeal_context


class ZealMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = request.path.startswith("/admin/")
        if admin and (request.method == "POST" or "/recover/" in request.path or "/history/" in request.path and not request.path.endswith("/history/")):
            return self.get_response(request)
        with zeal_context():
            return self.get_response(request)
