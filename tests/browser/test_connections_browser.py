"""The pages that explore connections, in Chromium at a phone's, a tablet's and a desktop's width: no sideways
scroll of the page (the overlap matrix scrolls in its own box), no axe-core violation, no console error or CSP
refusal, the quotes on screen; and a reader goes from a compared city's quote to its paragraph by a click."""

import pytest

from .helpers import csp_violations, describe_violations, inject_axe, run_axe

PAGES = {
    "compare": "/cities/compare/?city=seoul&city=los-angeles",
    "compare-form": "/cities/compare/",
    "connections": "/connections/?from=seoul&to=freetown",
    "overlap": "/networks/overlap/",
    "shared-members": "/networks/overlap/?a=city-hub-and-network-for-gender-equity&b=urban-20",
}
WIDTHS = (375, 768, 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_connection_pages_fit_the_screen_and_pass_axe(site, browser, name, width):
    context = browser.new_context(base_url=site.base_url, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        response = page.goto(PAGES[name])
        assert response.status == 200
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
            f"{PAGES[name]} scrolls sideways at {width} px"
        )
        inject_axe(page, site)
        violations = run_axe(page)
        assert not violations, f"axe on {PAGES[name]} at {width} px:\n{describe_violations(violations)}"
        assert not errors and not csp_violations(page), errors
    finally:
        context.close()


def test_the_overlap_matrix_scrolls_in_its_own_box_on_a_phone(site, browser):
    context = browser.new_context(base_url=site.base_url, viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(PAGES["overlap"])
        box = page.locator(".scroll-box")
        assert box.evaluate("element => element.scrollWidth > element.clientWidth")
        assert box.evaluate("element => getComputedStyle(element).overflowX") == "auto"
    finally:
        context.close()


def test_from_a_compared_citys_quote_to_its_paragraph(site, page):
    page.goto(PAGES["compare"])
    shared = page.locator("#shared ~ h3 + ul.compared").first
    quote = shared.locator("blockquote").first
    assert quote.is_visible()
    quoted = quote.inner_text().strip("“”\n ")
    shared.locator(".source-ref a").first.click()
    page.wait_for_load_state("load")
    assert "/articles/" in page.url and "#q-" in page.url, "the link lands on the quote's mark"
    target = page.locator(":target")
    assert target.count() == 1 and quoted[:40] in target.inner_text()


def test_a_chain_step_shows_its_quote(site, page):
    page.goto(PAGES["connections"])
    first_step = page.locator("ol.steps > li").first
    assert "Seoul" in first_step.locator(".step").inner_text()
    assert first_step.locator("blockquote").is_visible()
