"""A student's path through the records, by clicks only: home → a city → one of its networks → another member city
→ one of its initiatives → the paragraph of the article its source quote comes from."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed").expect

pytestmark = pytest.mark.browser


def _h1(page):
    return page.locator("main h1").first


def _with_initiatives(site, city_url):
    return bool(site.get_json(city_url.split("#")[0] + "?format=json")["initiatives"])


def test_from_home_to_the_source_paragraph_by_clicks(site, page, problems):
    page.goto("/")

    # Home → Los Angeles, from "Most connected cities".
    page.locator("section[aria-labelledby=connected]").get_by_role("link", name="Los Angeles", exact=True).click()
    expect(page).to_have_url(site.url("/cities/los-angeles/"))
    expect(_h1(page)).to_have_text("Los Angeles")

    other_city = _to_a_network_with_another_city_in_initiatives(site, page)
    # → another member city with initiatives.
    city_href = site.path(other_city["url"])
    page.locator(f"section[aria-labelledby=members] ul.relations > li > a[href='{city_href}']").first.click()
    expect(page).to_have_url(site.url(city_href))
    expect(_h1(page)).to_have_text(other_city["name"])

    # → one of its initiatives.
    initiative_links = page.locator("section[aria-labelledby=initiatives] ul.relations > li > a")
    expect(initiative_links.first).to_be_visible()
    initiative_href = initiative_links.first.get_attribute("href")
    initiative = site.get_json(initiative_href + "?format=json")
    initiative_links.first.click()
    expect(page).to_have_url(site.url(initiative_href))
    expect(_h1(page)).to_have_text(initiative["name"])

    _to_the_quoted_paragraph(site, page, other_city)
    assert not problems.all(), problems.all()


def _to_a_network_with_another_city_in_initiatives(site, page) -> dict:
    """→ one of Los Angeles' networks that has another member city with initiatives (chosen with the API;
    reached by a click). Returns that city, as the network's JSON gives it."""
    network_links = page.locator("section[aria-labelledby=networks] ul.relations > li > a")
    expect(network_links.first).to_be_visible()
    chosen = None
    for href in dict.fromkeys(network_links.evaluate_all("links => links.map(a => a.getAttribute('href'))")):
        members = site.get_json(href + "?format=json")["cities"]
        others = [m for m in members if m["slug"] != "los-angeles" and _with_initiatives(site, m["url"])]
        if others:
            chosen = href, others[0]
            break
    assert chosen, "no network of Los Angeles has another member city with initiatives"
    network_href, other_city = chosen
    network_name = site.get_json(network_href + "?format=json")["name"]
    page.locator(f"section[aria-labelledby=networks] ul.relations > li > a[href='{network_href}']").first.click()
    expect(page).to_have_url(site.url(network_href))
    expect(_h1(page)).to_contain_text(network_name)
    return other_city


def _to_the_quoted_paragraph(site, page, city: dict) -> None:
    """→ the paragraph the initiative's source quote comes from (its own sources, else the city's
    participation): in view, highlighted, and holding the quote verbatim."""
    sources = page.locator("section[aria-labelledby=sources] ul.sources > li")
    if not sources.count():
        sources = page.locator(f"li:has(#city-{city['slug']}) ul.sources > li")
    source = sources.first
    expect(source).to_be_visible()
    quote = source.locator("blockquote").inner_text().strip().strip("“”")
    ref = source.locator(".source-ref a")
    href = ref.get_attribute("href")
    # It leads to the quote, marked inside its paragraph (tests/browser/test_source_marks.py).
    match = re.fullmatch(r"(/articles/[\w-]+/)#(q-(p\d+)-[0-9a-f]{8})", href)
    assert match, f"a source reference should point at a quote in an article paragraph, not {href!r}"
    article_path, mark, anchor = match.groups()
    ref.click()

    expect(page).to_have_url(re.compile(re.escape(site.url(article_path)) + f"#{mark}$"))
    paragraph = page.locator(f"#{anchor}")
    expect(paragraph).to_be_visible()
    expect(paragraph).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target')?.id") == mark
    assert page.evaluate(f"document.getElementById('{anchor}').matches(':has(:target)')")
    # The quote is verbatim in that paragraph.
    text = " ".join(paragraph.inner_text().split())
    assert " ".join(quote.split()) in text, f"the quote {quote!r} is not in ¶{anchor[1:]}: {text!r}"
    # The :target paragraph is highlighted (a background other than transparent).
    background = paragraph.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
