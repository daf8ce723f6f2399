"""The map, the graph and the timeline: one mark per record, and each mark opens its record's page."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed").expect

pytestmark = pytest.mark.browser

# The first mark whose circle is not covered by another (marks overlap on the map): it is scrolled into view and
# hit-tested at its centre, so that a click there lands on it.
CLICKABLE_MARK = """
(selector) => {
  const marks = [...document.querySelectorAll(selector)];
  for (const [index, mark] of marks.entries()) {
    const circle = mark.querySelector("circle");
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
    mark.locator("circle").click()
    expect(page).to_have_url(site.url(href))
    expect(page.locator("main h1").first).to_contain_text(record["name"])
    assert page.locator("main h1").first.inner_text().startswith(record["name"])


def test_map_has_a_mark_per_city_with_coordinates(site, page, problems):
    cities = site.all_results("cities")
    placed = [c for c in cities if c["latitude"] is not None and c["longitude"] is not None]
    assert placed, "the seed has cities with coordinates"
    page.goto("/map/")
    marks = _marks(page, "a.mark.city")
    expect(marks).to_have_count(len(placed))
    assert sorted(marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        site.path(c["url"]) for c in placed
    )
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
