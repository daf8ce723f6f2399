"""axe-core on every page type: no violation of impact "serious" or "critical"; and keyboard focus is visible."""

import pytest

from .helpers import PAGE_TYPES, describe_violations, inject_axe, open_page, run_axe

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_or_critical_axe_violation(site, page, kind, record_property):
    open_page(page, site, kind)
    inject_axe(page, site)
    violations = run_axe(page)
    # Every violation, whatever its impact, is in the report (--junitxml) and printed with -rA.
    record_property("axe_violations", describe_violations(violations))
    if violations:
        print(f"axe on {kind} ({site.paths[kind]}):\n{describe_violations(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {site.paths[kind]}:\n{describe_violations(blocking)}"


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
