"""Every page type loads without a console error, an uncaught exception, a failed request or a CSP violation."""

import pytest

from .helpers import PAGE_TYPES, csp_violations, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_console_error_or_csp_violation(site, page, problems, kind):
    open_page(page, site, kind)
    page.wait_for_load_state("networkidle")
    assert csp_violations(page) == []
    errors = problems.console_errors
    if kind == "404":  # the browser reports the page's own 404 status as a console error: that one is expected
        errors = [e for e in errors if not e.endswith(f" @ {site.url(site.paths[kind])}")]
    assert errors == []
    assert problems.page_errors == []
    assert problems.failed_requests == []


def test_the_site_has_a_favicon(site, page):
    open_page(page, site, "home")
    icons = page.locator("head link[rel~=icon]").evaluate_all("links => links.map(link => link.href)")
    for icon in icons or [site.url("/favicon.ico")]:
        assert page.request.get(icon).status == 200, icon
