"""Helpers of the browser tests: the running site and its JSON API, the page types, axe-core, console and CSP checks."""

import json
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
AXE_JS = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = PROJECT / "tests" / "screenshots"
NOT_FOUND_PATH = "/no-such-page/"

# One page of each type: the name used in test ids and screenshot files.
PAGE_TYPES = [
    "home",
    "articles",
    "article",
    "authors",
    "author",
    "cities",
    "city",
    "networks",
    "network",
    "initiatives",
    "initiative",
    "timeline",
    "topics",
    "topic",
    "search",
    "map",
    "graph",
    "data",
    "api",
    "bodies",
    "body",
    "404",
]


class Site:
    """The running app: its base URL, and its JSON API read over plain HTTP (no browser)."""

    def __init__(self, base_url, log_path):
        self.base_url = base_url
        self.log_path = log_path
        self._paths = None

    def url(self, path):
        return self.base_url + path

    def path(self, url):
        assert url.startswith(self.base_url), url
        return url[len(self.base_url):]

    def get_json(self, path_or_url):
        url = path_or_url if path_or_url.startswith("http") else self.url(path_or_url)
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)

    def all_results(self, kind):
        """Every record of a JSON listing (e.g. "cities"), following `next` across its pages."""
        page = self.get_json(f"/{kind}/?format=json")
        count, results = page["count"], list(page["results"])
        while page["next"]:
            page = self.get_json(page["next"])
            results.extend(page["results"])
        assert len(results) == count, f"/{kind}/: count {count} but {len(results)} results across the pages"
        return results

    def first(self, kind):
        """The path of the first record of a listing (e.g. "authors" → "/authors/anthony-f-pipa/")."""
        return self.path(self.get_json(f"/{kind}/?format=json")["results"][0]["url"])

    @property
    def paths(self):
        """{page type: path}; detail pages of records from the seed, found through the API."""
        if self._paths is None:
            self._paths = {
                "home": "/",
                "articles": "/articles/",
                "article": self.first("articles"),
                "authors": "/authors/",
                "author": self.first("authors"),
                "cities": "/cities/",
                "city": "/cities/los-angeles/",
                "networks": "/networks/",
                "network": "/networks/c40-cities/",
                "initiatives": "/initiatives/",
                "initiative": self.first("initiatives"),
                "timeline": "/initiatives/timeline/",
                "topics": "/topics/",
                "topic": self.first("topics"),
                "search": "/search/?q=climate",
                "map": "/map/",
                "graph": "/graph/",
                "data": "/data/",
                "api": "/api/",
                "bodies": "/bodies/",
                "body": self.first("bodies"),
                "404": NOT_FOUND_PATH,
            }
        return self._paths


def app_not_found_response(path=NOT_FOUND_PATH):
    """The app's own 404 page for `path`, as production (DEBUG off) answers it.

    The browser server runs with DJANGO_DEBUG=1, where Django answers a 404 with its technical page instead of
    templates/404.html. So the 404 page is rendered here, in the test process, by the app's URLconf and handler with
    DEBUG off (no database needed), and the browser gets it through page.route at the running site's address, with
    the response's own headers (CSP included); its style sheets come from the running site.
    """
    from django.test import Client, override_settings

    with override_settings(DEBUG=False):
        response = Client().get(path)
    assert response.status_code == 404
    return {"status": 404, "headers": dict(response.headers), "body": response.content}


def open_page(page, site, kind):
    """Go to the page of that type (by URL: this is not the click-through test); check its status."""
    path = site.paths[kind]
    if kind == "404":
        assert urllib_status(site.url(path)) == 404
        not_found = app_not_found_response(path)
        page.route(site.url(path), lambda route: route.fulfill(**not_found))
        response = page.goto(path)
        assert response.status == 404
    else:
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
    page.wait_for_load_state("load")
    return path


def urllib_status(url):
    """The running site's own status for that URL (the browser may be given another answer through page.route)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# Records every Content-Security-Policy violation of the page before any of the page's own content runs. An init
# script is injected by the browser itself, so the page's CSP does not apply to it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : ""));
});
"""


def csp_violations(page):
    return page.evaluate("window.__cspViolations || []")


class Problems:
    """What went wrong in a page: console errors (CSP refusals among them), uncaught exceptions, failed requests.

    The browser's own request of /favicon.ico (the site declares no icon, so it asks for that one) is kept apart in
    `favicon`: test_console.py::test_the_site_has_a_favicon checks it once instead of every page failing on it.
    """

    def __init__(self, page):
        self.favicon = []
        self.console_errors = []
        self.page_errors = []
        self.failed_requests = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", self._request_failed)

    def _console(self, message):
        if message.type != "error":
            return
        if message.location.get("url", "").endswith("/favicon.ico"):
            self.favicon.append(f"{message.text} @ {message.location.get('url', '')}")
        else:
            self.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    def _request_failed(self, request):
        if request.failure != "net::ERR_ABORTED":  # cancelled by the browser as a click leaves the page
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def all(self):
        return self.console_errors + self.page_errors + self.failed_requests


def inject_axe(page, site):
    """Load axe-core into the page from the page's own origin, so that the site's CSP (`default-src 'self'`: no
    inline script) lets it run — `add_script_tag(path=…)` inlines the file and is refused. The request never reaches
    the app: page.route answers it with the vendored file. The CSP stays on (no bypass_csp)."""
    axe_url = site.url("/__browser-tests__/axe.min.js")
    page.route(axe_url, lambda route: route.fulfill(path=str(AXE_JS), content_type="text/javascript; charset=utf-8"))
    page.add_script_tag(url=axe_url)
    assert page.evaluate("typeof window.axe?.run") == "function", "axe-core did not load"


def run_axe(page):
    """axe-core's violations on the page (its default rules: WCAG 2.x A/AA and best practices)."""
    return page.evaluate(
        """async () => {
          const results = await axe.run(document, {resultTypes: ["violations"]});
          return results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({target: n.target.join(" "), impact: n.impact, html: n.html.slice(0, 160),
                                        summary: n.failureSummary})),
          }));
        }"""
    )


def describe_violations(violations):
    """One block per rule: its id, impact and help, then each element (CSS selector, markup) and what to fix."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.extend(f"      {line.strip()}" for line in node["summary"].splitlines() if line.strip())
    return "\n".join(lines)
