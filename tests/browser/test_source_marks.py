"""Following a source link from a city page marks the quoted sentence itself inside its highlighted paragraph."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed").expect

pytestmark = pytest.mark.browser


def test_a_source_link_marks_the_quote_in_its_paragraph(site, page):
    page.goto("/cities/los-angeles/")
    source = page.locator("section[aria-labelledby=networks] ul.sources > li").first
    quote = " ".join(source.locator("blockquote").inner_text().strip().strip("“”").split())
    link = source.locator(".source-ref a")
    anchor = re.fullmatch(r"/articles/[\w-]+/#(q-p(\d+)-[0-9a-f]{8})", link.get_attribute("href"))
    assert anchor, link.get_attribute("href")
    link.click()

    expect(page).to_have_url(re.compile(f"#{anchor.group(1)}$"))
    target = page.locator(":target")
    assert target.evaluate("el => el.tagName + '.' + el.className") == "MARK.quote"
    assert " ".join(target.inner_text().split()) == quote
    expect(target).to_be_in_viewport()
    # The mark stands out from its paragraph, and the paragraph is highlighted as a followed paragraph.
    paragraph = page.locator(f"#p{anchor.group(2)}")
    assert paragraph.evaluate("el => el.matches('.para:has(:target)')")
    mark_background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    paragraph_background = paragraph.evaluate("el => getComputedStyle(el).backgroundColor")
    assert paragraph_background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert mark_background not in ("rgba(0, 0, 0, 0)", "transparent", paragraph_background)
