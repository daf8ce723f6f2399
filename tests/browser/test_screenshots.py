"""Screenshots of every page type (full page, desktop), of the pages a student starts from on a phone (375×812), and of
two in dark colours, written to tests/screenshots/ (gitignored) for a look by eye."""

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


@pytest.fixture(scope="module")
def phone(browser, site):
    """A 375 px phone, the narrowest the site is laid out for (an iPhone SE or mini)."""
    context = browser.new_context(base_url=site.base_url, viewport={"width": 375, "height": 812}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.mark.parametrize("kind", ["home", "city", "article", "initiatives"])
def test_phone_screenshot(site, phone, kind):
    page = phone.new_page()
    open_page(page, site, kind)
    # Nothing wider than the phone's screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    path = SCREENSHOTS / f"{kind}-phone.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    page.close()


@pytest.mark.parametrize("kind", ["home", "article"])
def test_dark_screenshot(site, page, kind):
    page.emulate_media(color_scheme="dark")
    open_page(page, site, kind)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 28)"
    path = SCREENSHOTS / f"{kind}-dark.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 1000
