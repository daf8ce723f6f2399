"""The map, the graph and the timeline: one mark per record, and each mark opens its record's page."""

import re

import pytest

from .helpers import SCREENSHOTS, describe_violations, inject_axe, run_axe

expect = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed").expect

pytestmark = pytest.mark.browser

# The first mark whose circle is not covered by another (marks overlap on the map): it is scrolled into view and
# hit-tested at its centre, so that a click there lands on it.
CLICKABLE_MARK = """
(selector) => {
  const marks = [...document.querySelectorAll(selector)];
  for (const [index, mark] of marks.entries()) {
    const circle = mark.querySelector(".shape");
    circle.scrollIntoView({block: "center", inline: "center"});
    const box = circle.getBoundingClientRect();
    if (box.width < 4) continue;
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    if (hit && hit.closest("a") === mark) return index;
  }
  return -1;
}
"""


def _marks(page, selector):
    return page.locator(f"figure.picture svg.picture-svg {selector}")


def _click_a_mark(site, page, selector):
    """Click a mark of `selector`; its record's page opens, with the record's name as its heading."""
    index = page.evaluate(CLICKABLE_MARK, f"figure.picture svg.picture-svg {selector}")
    assert index >= 0, f"no {selector} can be clicked: every one is covered"
    mark = _marks(page, selector).nth(index)
    href = mark.get_attribute("href")
    record = site.get_json(href + "?format=json")
    mark.locator(".shape").click()
    expect(page).to_have_url(site.url(href))
    expect(page.locator("main h1").first).to_contain_text(record["name"])
    assert page.locator("main h1").first.inner_text().startswith(record["name"])


def test_map_has_a_mark_per_city_with_coordinates(site, page, problems):
    cities = site.all_results("cities")
    placed = [c for c in cities if c["latitude"] is not None and c["longitude"] is not None]
    assert placed, "the seed has cities with coordinates"
    page.goto("/map/")
    marks = _marks(page, "a.mark.city")
    # Each city is a circle of its own, or named in the entry of its group under the map.
    alone = marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    grouped = page.locator("ul.picture-groups li a[href^='/cities/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert sorted(alone + grouped) == sorted(site.path(c["url"]) for c in placed)
    # The table beside the map lists every city, placed or not.
    expect(page.locator("figure.picture-map table.records tbody tr")).to_have_count(len(cities))
    _click_a_mark(site, page, "a.mark.city")
    assert not problems.all(), problems.all()


def test_graph_has_a_mark_per_network_and_member_city(site, page, problems):
    networks = site.all_results("networks")
    members = [c for c in site.all_results("cities") if c["network_count"]]
    page.goto("/graph/")
    network_marks, city_marks = _marks(page, "a.mark.network"), _marks(page, "a.mark.city")
    expect(network_marks).to_have_count(len(networks))
    expect(city_marks).to_have_count(len(members))
    assert sorted(network_marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        site.path(n["url"]) for n in networks
    )
    assert sorted(city_marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        site.path(c["url"]) for c in members
    )
    _click_a_mark(site, page, "a.mark.network")
    page.goto("/graph/")
    _click_a_mark(site, page, "a.mark.city")
    assert not problems.all(), problems.all()


def test_timeline_has_a_mark_per_initiative_with_a_year(site, page, problems):
    initiatives = site.all_results("initiatives")
    dated = [i for i in initiatives if i["year"] is not None]
    assert dated, "the seed has initiatives with a year"
    page.goto("/initiatives/timeline/")
    marks = _marks(page, "a.mark.initiative")
    expect(marks).to_have_count(len(dated))
    assert sorted(marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        site.path(i["url"]) for i in dated
    )
    undated = len(initiatives) - len(dated)
    if undated:
        expect(page.locator("section.picture-undated li")).to_have_count(undated)
    _click_a_mark(site, page, "a.mark.initiative")
    assert not problems.all(), problems.all()


# Every text of the picture, its size on screen (its font size times the scale the SVG is drawn at, which
# getBoundingClientRect gives for the SVG against its viewBox, and getScreenCTM for the text itself), and every mark's
# box on screen.
MEASURE = """
() => {
  const svg = [...document.querySelectorAll("figure.picture svg.picture-svg")].find(s => s.getBoundingClientRect().width);
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll("text")].map(t => {
    const m = t.getScreenCTM();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)};
  });
  const marks = [...svg.querySelectorAll("a.mark")].map(a => {
    const shape = a.querySelector(".shape").getBoundingClientRect();
    return {href: a.getAttribute("href"), width: shape.width, height: shape.height};
  });
  return {scale, texts, marks, pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth};
}
"""

PICTURES = {"map": "/map/", "zoomed map": "/map/?region=europe", "graph": "/graph/", "timeline": "/initiatives/timeline/"}


@pytest.mark.parametrize("width", [375, 768, 1280])
@pytest.mark.parametrize("name", list(PICTURES))
def test_labels_are_11_px_and_marks_24_px_on_any_screen(browser, site, name, width):
    """WCAG 2.2, 2.5.8: targets of 24 × 24 CSS px at the least; labels 11 px at the least; the page never scrolls
    sideways (a wide picture scrolls in its own frame)."""
    from .conftest import _new_context

    context = _new_context(browser, site, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(PICTURES[name])
        measured = page.evaluate(MEASURE)
        page.screenshot(path=str(SCREENSHOTS / f"picture-{name.replace(' ', '-')}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert measured["scale"] >= 0.999, f"{name} at {width} px is drawn smaller than its viewBox: {measured['scale']}"
    assert measured["marks"], name
    # A hundredth of a pixel for the float arithmetic of a box measured through transforms (23.99994 for 24).
    small = [mark for mark in measured["marks"] if mark["width"] < 24 - 0.01 or mark["height"] < 24 - 0.01]
    assert not small, f"{name} at {width} px: marks under 24 × 24 px: {small[:5]}"
    if name != "zoomed map":  # the zoomed map's circles carry no text
        assert measured["texts"], name
    tiny = [text for text in measured["texts"] if text["size"] < 11 - 0.01]
    assert not tiny, f"{name} at {width} px: text under 11 px: {tiny[:5]}"
    assert measured["pageWidth"] <= measured["viewport"], f"{name} at {width} px scrolls sideways"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["map", "graph", "timeline"])
def test_pictures_pass_axe(browser, site, name, width):
    from .conftest import _new_context

    context = _new_context(browser, site, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(PICTURES[name])
        inject_axe(page, site)
        violations = run_axe(page)
    finally:
        context.close()
    assert not violations, f"axe on {PICTURES[name]} at {width} px:\n{describe_violations(violations)}"


def test_a_group_on_the_map_opens_a_view_where_its_cities_are_apart(site, page, problems):
    page.goto("/map/")
    group = page.locator("figure.picture svg.picture-svg a.mark.group", has_text="").filter(
        has=page.locator("title", has_text="Budapest")
    )
    group.locator("circle").click()
    expect(page).to_have_url(re.compile(r"bbox="))
    for city in ("budapest", "bratislava"):
        expect(page.locator(f"figure.picture svg.picture-svg a.mark.city[href='/cities/{city}/']")).to_have_count(1)
    assert not problems.all(), problems.all()
