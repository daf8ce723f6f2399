"""The layout on a phone (375 px), a tablet (768 px) and a laptop (1280 px): no page scrolls sideways (a wide table
scrolls in its own box), the main navigation fits and its links are big enough to tap, and a page prints without
the site's navigation."""

import pytest

from .helpers import PAGE_TYPES, open_page

pytestmark = pytest.mark.browser

WIDTHS = [375, 768, 1280]
HEIGHT = 800

# Pages of types the helpers do not list, opened by their address.
MORE_PAGES = {
    "about": "/about/",
    "compare": "/cities/compare/?city=seoul&city=los-angeles",
    "connections": "/connections/?from=seoul&to=freetown",
}

# Which elements stick out past the right edge of the window: the outermost of each branch, widest first.
OVERFLOWING = """() => {
  const width = window.innerWidth, found = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5 && !found.some((outer) => outer.el.contains(el))) {
      found.push({el, right: Math.round(box.right)});
    }
  }
  return found.sort((a, b) => b.right - a.right).slice(0, 5).map(({el, right}) =>
    `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${[...el.classList].map((c) => "." + c).join("")}`
    + ` reaches ${right}px: ${el.outerHTML.slice(0, 120)}`);
}"""


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request, browser, site):
    """A browser window of that width (not a mobile one: a mobile browser would zoom out to fit a wide page, and
    its window would grow with it)."""
    width = request.param
    context = browser.new_context(base_url=site.base_url, viewport={"width": width, "height": HEIGHT})
    context.set_default_timeout(10_000)
    yield context, width
    context.close()


def go(page, site, kind):
    if kind in MORE_PAGES:
        response = page.goto(MORE_PAGES[kind])
        assert response.status == 200, f"{MORE_PAGES[kind]}: {response.status}"
        page.wait_for_load_state("load")
        return MORE_PAGES[kind]
    return open_page(page, site, kind)


@pytest.mark.parametrize("kind", PAGE_TYPES + list(MORE_PAGES))
def test_no_page_scrolls_sideways(sized, site, kind):
    context, width = sized
    page = context.new_page()
    path = go(page, site, kind)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert inner_width == width
    assert scroll_width <= width, f"{path} at {width}px is {scroll_width}px wide:\n" + "\n".join(
        page.evaluate(OVERFLOWING)
    )
    page.close()


def test_a_wide_table_scrolls_in_its_own_box(sized, site):
    """The cities table is wider than a phone: it scrolls inside its own box and the page does not."""
    context, width = sized
    page = context.new_page()
    page.goto("/cities/")
    table = page.evaluate(
        """() => { const t = document.querySelector("main table");
                   const box = t.getBoundingClientRect();
                   return {right: box.right, scrollWidth: t.scrollWidth, clientWidth: t.clientWidth,
                           overflow: getComputedStyle(t).overflowX}; }"""
    )
    assert table["right"] <= width
    if table["scrollWidth"] > table["clientWidth"]:
        assert table["overflow"] == "auto", table
    if width == 375:
        assert table["scrollWidth"] > table["clientWidth"], "at 375 px the five columns do not fit: the box scrolls"
    page.close()


def test_the_main_navigation_fits_and_its_links_can_be_tapped(sized, site):
    """Every link of the main navigation is on the screen (the list wraps) and at least 24 × 24 px (WCAG 2.5.8)."""
    context, width = sized
    page = context.new_page()
    page.goto("/")
    links = page.evaluate(
        """() => [...document.querySelectorAll('nav[aria-label="Main"] a')].map((a) => {
             const box = a.getBoundingClientRect();
             return {text: a.textContent, left: box.left, right: box.right, width: box.width, height: box.height}; })"""
    )
    assert [link["text"] for link in links] == [
        "Articles", "Initiatives", "Cities", "Networks", "Topics", "Authors", "Map", "Graph", "Data",
    ]
    for link in links:
        assert link["left"] >= 0 and link["right"] <= width, link
        assert link["width"] >= 24 and link["height"] >= 24, link
    page.close()


@pytest.mark.parametrize("kind", ["city", "article"])
def test_a_page_prints_without_the_site_navigation(page, site, kind):
    open_page(page, site, kind)
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => Object.fromEntries(["header.site-header", "footer.site-footer", ".breadcrumbs", "main h1"].map(
             (selector) => [selector, getComputedStyle(document.querySelector(selector)).display !== "none"]))"""
    )
    assert shown == {"header.site-header": False, "footer.site-footer": False, ".breadcrumbs": False, "main h1": True}


@pytest.mark.parametrize("path", ["/initiatives/", "/cities/", "/articles/"])
def test_the_first_result_of_a_listing_is_on_the_first_screen(sized, path):
    """Results come first: the filters follow them, behind a "Filters" control on phones and tablets."""
    context, width = sized
    page = context.new_page()
    assert page.goto(path).status == 200
    first = page.locator(".listing .card, .listing tbody tr").first
    top = first.evaluate("element => element.getBoundingClientRect().top")
    assert top < HEIGHT - 40, f"{path} at {width}px: the first result starts at {top:.0f}px"
    filters = page.locator("details.filters")
    assert filters.count() == 1
    assert filters.evaluate("element => element.getBoundingClientRect().top") > top or width >= 1024
    page.close()
