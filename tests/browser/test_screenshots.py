"""Screenshots of every page type (full page, desktop) and of a city and an article on a phone (390×844), written to
tests/screenshots/ (gitignored) for a look by eye."""

import pytest

from .helpers import PAGE_TYPES, SCREENSHOTS, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_screenshot(site, page, kind):
    open_page(page, site, kind)
    path = SCREENSHOTS / f"{kind}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


@pytest.mark.parametrize("kind", ["city", "article"])
def test_phone_screenshot(site, phone_context, kind):
    page = phone_context.new_page()
    open_page(page, site, kind)
    # Nothing wider than the phone's screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    path = SCREENSHOTS / f"{kind}-phone.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
