"""What readers see of a record and of its neighbourhood, to compare before and after an editor's change: the
record's public JSON, the JSON of every record that JSON links to, the links in the bodies of the articles
among them, and the search results for its name — each fetched as an anonymous reader."""

import re
from urllib.parse import urlsplit

from django.test import Client

RECORD_PAGES = ("/cities/", "/networks/", "/bodies/", "/initiatives/", "/articles/", "/authors/", "/topics/")
MENTION = re.compile(r'<a href="([^"]+)" class="mention">([^<]*)</a>')


def site_paths(data) -> set[str]:
    """The pages of the site a JSON document links to (its `url` and `record_url` values), without anchors."""
    if isinstance(data, dict):
        found = set()
        for key, value in data.items():
            is_link = key in ("url", "record_url") and isinstance(value, str)
            found |= {urlsplit(value).path} if is_link else site_paths(value)
        return found
    if isinstance(data, list):
        return set().union(*map(site_paths, data)) if data else set()
    return set()


def page_json(reader, path):
    response = reader.get(path, {"format": "json"})
    return response.status_code, in_stated_order(response.json()) if response.status_code == 200 else None


def in_stated_order(data):
    """The JSON with each list of sources sorted: quotes of one paragraph have no order of their own
    (Quotation's ordering stops at the paragraph), so PostgreSQL gives them in the order their rows lie on disk,
    which rewriting rows changes. Every other list keeps the order the page gives it."""
    if isinstance(data, dict):
        return {
            key: sorted(map(in_stated_order, value), key=repr) if key == "sources" and isinstance(value, list)
            else in_stated_order(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [in_stated_order(item) for item in data]
    return data


def article_links(reader, path) -> list[tuple[str, str]]:
    """(href, text) of every link in the body of the article at `path`."""
    return MENTION.findall(reader.get(path).content.decode())


def what_readers_see(path: str, name: str) -> dict:
    reader = Client()
    seen = {path: page_json(reader, path)}
    for linked in sorted({path, *site_paths(seen[path][1])}):
        if not linked.startswith(RECORD_PAGES):
            continue
        seen[linked] = page_json(reader, linked)
        if linked.startswith("/articles/"):
            seen[f"{linked} links"] = article_links(reader, linked)
    seen["search"] = reader.get("/search/", {"q": name, "format": "json"}).json()
    return seen
