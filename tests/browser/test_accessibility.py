"""axe-core on every page type, on a phone (375 px) and a laptop (1280 px), in light and dark colours: no violation at
all; and keyboard focus is visible."""

import pytest

from .helpers import CSP_LISTENER, PAGE_TYPES, describe_violations, inject_axe, open_page, run_axe

pytestmark = pytest.mark.browser

WINDOWS = {
    "375px": {"viewport": {"width": 375, "height": 812}},
    "1280px": {"viewport": {"width": 1280, "height": 900}},
    "1280px-dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


@pytest.fixture(scope="module", params=list(WINDOWS))
def window(request, browser, site):
    context = browser.new_context(base_url=site.base_url, **WINDOWS[request.param])
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_axe_violation(site, window, kind, record_property):
    page = window.new_page()
    open_page(page, site, kind)
    inject_axe(page, site)
    violations = run_axe(page)
    # Every violation is in the report (--junitxml) and printed with -rA.
    record_property("axe_violations", describe_violations(violations))
    page.close()
    assert not violations, f"axe on {site.paths[kind]}:\n{describe_violations(violations)}"


# Tab from the top of the page to the first link in <main>: its focus style must show.
TAB_TO_MAIN_LIMIT = 40


@pytest.mark.parametrize("kind", ["home", "city", "article"])
def test_keyboard_focus_is_visible(site, page, kind):
    open_page(page, site, kind)
    first_link = page.evaluate("document.querySelector('main a[href]').outerHTML")
    for _ in range(TAB_TO_MAIN_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.querySelector('main a[href]')"):
            break
    else:
        pytest.fail(f"{TAB_TO_MAIN_LIMIT} presses of Tab did not reach the first link in main: {first_link}")
    style = page.evaluate(
        """() => {
          const el = document.activeElement, s = getComputedStyle(el);
          return {outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow,
                  focusVisible: el.matches(':focus-visible')};
        }"""
    )
    assert style["focusVisible"], style
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    shadow = style["boxShadow"] not in ("none", "")
    assert outline or shadow, f"no visible focus on {first_link}: {style}"
