import json
import re
from datetime import date

import pytest

from articles import citations
from articles.models import Article, Author
from citydip.core.json_ld import json_ld_script

pytestmark = pytest.mark.django_db

TWO_AUTHORS = "can-cities-fix-a-post-pandemic-world-order"  # Foreign Policy, spring 2020 (only the year known), reposted
MAGAZINE = "cities-are-transforming-us-foreign-policy"
BLOG = "toward-city-diplomacy-20"
REPOST_OF_A_DAY = "cities-will-determine-the-future-of-diplomacy"  # Foreign Policy, 16 April 2019, reposted
REPOST_NOTE = "Reposted in USC Center on Public Diplomacy blog, May 13, 2020"


def seeded(slug):
    article = Article.objects.published().with_bylines().get(slug=slug)
    return article, f"https://citydip.example.org{article.get_absolute_url()}"


def unsaved(title="Cities & Climate: 100% of $ to #C40_Fund {draft} ~ ^ \\ end", authors=("Anthony F. Pipa",), **fields):
    fields = {"publication": "USC Center on Public Diplomacy blog", "date_published": date(2023, 5, 4), **fields}
    article = Article(title=title, slug="odd-title", summary="A summary.", **fields)
    byline = [Author(name=name) for name in authors]
    article.byline = lambda: byline  # an unsaved article has no authorships to read
    return article


def braces_balance(text):
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


BIBTEX_ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),\n((?:  \w+ = .*,\n)+)\}\n$")
BIBTEX_FIELD = re.compile(r"^  (\w+) = (.*),$", re.MULTILINE)


def parse_bibtex(text):
    match = BIBTEX_ENTRY.match(text)
    assert match, text
    entry_type, key, body = match.groups()
    fields = dict(BIBTEX_FIELD.findall(body))
    for value in fields.values():
        assert braces_balance(value), value
    return entry_type, key, fields


@pytest.mark.parametrize(
    "name, family, given",
    [
        ("Anthony F. Pipa", "Pipa", "Anthony F."),
        ("Nina Hachigian", "Hachigian", "Nina"),
        ("Pipa, Anthony F.", "Pipa", "Anthony F."),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
        ("Plato", "Plato", ""),
        ("  Sohaela   Amiri ", "Amiri", "Sohaela"),
    ],
)
def test_split_name(name, family, given):
    parts = citations.split_name(name)
    assert (parts.family, parts.given) == (family, given)


def test_split_name_keeps_a_suffix_apart():
    parts = citations.split_name("Martin Luther King Jr.")
    assert (parts.family, parts.given, parts.suffix) == ("King", "Martin Luther", "Jr.")
    assert parts.inverted() == "King, Martin Luther, Jr."


def test_bibtex_of_a_seeded_article():
    """Cited by where and when it first appeared — Foreign Policy, 2020, no month known — the repost in a note."""
    article, url = seeded(TWO_AUTHORS)
    entry_type, key, fields = parse_bibtex(citations.bibtex(article, url))
    assert entry_type == "article"
    assert key == "hachigian2020can"
    assert fields["author"] == "{Hachigian, Nina and Pipa, Anthony F.}"
    assert fields["title"] == "{{Can Cities Fix a Post-Pandemic World Order?}}"
    assert fields["journal"] == "{Foreign Policy}"
    assert fields["year"] == "{2020}"
    assert "month" not in fields
    assert fields["url"] == "{" + url + "}"
    assert fields["note"] == "{" + REPOST_NOTE + "}"


def test_bibtex_of_a_repost_whose_day_is_known():
    article, url = seeded(REPOST_OF_A_DAY)
    _, key, fields = parse_bibtex(citations.bibtex(article, url))
    assert key == "hachigian2019cities"
    assert (fields["journal"], fields["year"], fields["month"]) == ("{Foreign Policy}", "{2019}", "apr")
    assert fields["note"] == "{Reposted in USC Center on Public Diplomacy blog, February 15, 2024}"


def test_bibtex_has_no_note_without_an_original_publication_and_joins_the_subtitle():
    article, url = seeded(MAGAZINE)
    _, key, fields = parse_bibtex(citations.bibtex(article, url))
    assert key == "garcetti2020cities"
    assert "note" not in fields
    assert fields["title"] == "{{Cities Are Transforming U.S. Foreign Policy: Biden Would Do Well to Work with Them}}"


def test_every_seeded_article_gives_a_well_formed_bibtex_entry_with_its_own_key():
    keys = set()
    for article in Article.objects.published().with_bylines():
        _, key, _ = parse_bibtex(citations.bibtex(article, "https://citydip.example.org/a/"))
        assert re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", key)
        keys.add(key)
    assert len(keys) == Article.objects.published().count()


def test_bibtex_escapes_the_special_characters():
    article = unsaved()
    _, key, fields = parse_bibtex(citations.bibtex(article, "https://citydip.example.org/articles/odd-title/"))
    assert key == "pipa2023cities"
    assert fields["title"] == (
        r"{{Cities \& Climate: 100\% of \$ to \#C40\_Fund \textbraceleft{}draft\textbraceright{} "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} end}}"
    )
    # Nothing special is left bare: every &%$#_ is backslashed, and the only braces are the balanced ones.
    title = fields["title"]
    assert not re.search(r"(?<!\\)[&%$#_]", title)
    assert "~" not in title and "^" not in title


def test_bibtex_key_skips_a_leading_article_and_folds_accents():
    article = unsaved(title="The Mayors' Century", authors=("José Muñoz",))
    assert citations.bibtex_key(article) == "munoz2023mayors"
    assert citations.bibtex_key(unsaved(authors=())).startswith("anon2023")


def test_bibtex_keeps_an_organisation_with_and_as_one_author():
    article = unsaved(authors=("Cities and Networks",))
    _, _, fields = parse_bibtex(citations.bibtex(article, "https://x.org/"))
    assert fields["author"] == "{{Cities and Networks}}"


def test_ris_of_a_seeded_article():
    article, url = seeded(TWO_AUTHORS)
    text = citations.ris(article, url)
    assert text.endswith("ER  - \r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    assert lines[0] == "TY  - JOUR", "a magazine article: Foreign Policy, not the blog that reposted it"
    assert [line for line in lines if line.startswith("AU")] == ["AU  - Hachigian, Nina", "AU  - Pipa, Anthony F."]
    for line in [
        "TI  - Can Cities Fix a Post-Pandemic World Order?",
        "T2  - Foreign Policy",
        "PY  - 2020",
        "DA  - 2020",
        f"UR  - {url}",
        "PB  - The FP Group",
        f"N1  - {REPOST_NOTE}.",
    ]:
        assert line in lines


def test_ris_of_a_magazine_article_is_a_journal_article():
    article, url = seeded(MAGAZINE)
    assert citations.ris(article, url).startswith("TY  - JOUR\r\n")


def test_csl_json():
    article, url = seeded(TWO_AUTHORS)
    item = citations.csl(article, url)
    json.dumps(item)  # serialisable as it is
    assert item["id"] == TWO_AUTHORS
    assert item["type"] == "article-magazine"
    assert item["title"] == "Can Cities Fix a Post-Pandemic World Order?"
    assert item["container-title"] == "Foreign Policy"
    assert item["author"] == [{"family": "Hachigian", "given": "Nina"}, {"family": "Pipa", "given": "Anthony F."}]
    assert item["issued"] == {"date-parts": [[2020]]}
    assert item["note"] == REPOST_NOTE + "."
    assert item["URL"] == url
    assert citations.csl(*seeded(REPOST_OF_A_DAY))["issued"] == {"date-parts": [[2019, 4, 16]]}
    assert citations.csl(*seeded(BLOG))["type"] == "post-weblog"


def test_formatted_chicago():
    article, url = seeded(TWO_AUTHORS)
    assert citations.formatted(article, url) == (
        "Hachigian, Nina, and Anthony F. Pipa. “Can Cities Fix a Post-Pandemic World Order?” "
        f"Foreign Policy, 2020. {REPOST_NOTE}. {url}."
    )
    article, url = seeded(REPOST_OF_A_DAY)
    assert citations.formatted(article, url) == (
        "Hachigian, Nina. “Cities Will Determine the Future of Diplomacy.” Foreign Policy, April 16, 2019. "
        f"Reposted in USC Center on Public Diplomacy blog, February 15, 2024. {url}."
    )
    article, url = seeded(BLOG)
    assert citations.formatted(article, url) == (
        f"Amiri, Sohaela. “Toward City Diplomacy 2.0.” USC Center on Public Diplomacy blog, September 28, 2022. {url}."
    )


def test_formatted_html_escapes_and_links():
    article = unsaved(title="<b>Bold</b> & Co")
    html = citations.formatted_html(article, "https://x.org/a/")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html
    assert "<i>USC Center on Public Diplomacy blog</i>" in html
    assert '<a href="https://x.org/a/">https://x.org/a/</a>.' in html


def test_chicago_authors_lists():
    names = [citations.split_name(n) for n in ("Ann Lee", "Bo Ma", "Cy Ng")]
    assert citations.chicago_authors(names) == "Lee, Ann, Bo Ma, and Cy Ng"


def test_highwire_tags_give_one_author_tag_per_author_in_byline_order():
    article, url = seeded(TWO_AUTHORS)
    tags = citations.highwire_tags(article, url)
    assert [content for name, content in tags if name == "citation_author"] == ["Hachigian, Nina", "Pipa, Anthony F."]
    values = dict(tags)
    assert values["citation_title"] == "Can Cities Fix a Post-Pandemic World Order?"
    assert values["citation_publication_date"] == "2020"
    assert values["citation_journal_title"] == "Foreign Policy"
    assert values["citation_publisher"] == "The FP Group"
    assert values["citation_public_url"] == values["citation_fulltext_html_url"] == url


def test_highwire_tags_leave_out_an_unknown_publisher():
    article = unsaved()
    article.publication = "The Daily Planet"
    assert "citation_publisher" not in dict(citations.highwire_tags(article, "https://x.org/"))


def test_json_ld():
    article = Article.objects.published().with_bylines().prefetch_related("topics").get(slug=MAGAZINE)
    url = f"https://citydip.example.org{article.get_absolute_url()}"
    data = citations.json_ld(article, url, topics=article.topics.all())
    json.dumps(data, default=str)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == "Cities Are Transforming U.S. Foreign Policy"
    assert data["alternativeHeadline"] == "Biden Would Do Well to Work with Them"
    assert data["author"] == [
        {"@type": "Person", "name": "Eric Garcetti", "url": "https://citydip.example.org/authors/eric-garcetti/"},
        {"@type": "Person", "name": "Nina Hachigian", "url": "https://citydip.example.org/authors/nina-hachigian/"},
    ]
    assert data["datePublished"] == "2020-12-29"
    assert data["publisher"] == {"@type": "Organization", "name": "Council on Foreign Relations"}
    assert data["isPartOf"] == {"@type": "Periodical", "name": "Foreign Affairs"}
    assert data["url"] == url
    assert {"@type": "Thing", "name": "Climate", "url": "https://citydip.example.org/topics/climate/"} in data["about"]
    assert "about" not in citations.json_ld(article, url)


# What each format writes of a date known to the day, the month or the year only (stored as 4 May 2023).
PRECISIONS = {
    "day": {"bibtex_month": "may", "ris": "2023/05/04", "csl": [2023, 5, 4], "chicago": "May 4, 2023",
            "highwire": "2023/05/04", "json_ld": "2023-05-04"},
    "month": {"bibtex_month": "may", "ris": "2023/05", "csl": [2023, 5], "chicago": "May 2023",
              "highwire": "2023/05", "json_ld": "2023-05"},
    "year": {"bibtex_month": None, "ris": "2023", "csl": [2023], "chicago": "2023", "highwire": "2023",
             "json_ld": "2023"},
}


@pytest.mark.parametrize("precision, expected", PRECISIONS.items())
def test_every_format_gives_the_date_as_precisely_as_it_is_known(precision, expected):
    article, url = unsaved(title="Cities Abroad", date_precision=precision), "https://x.org/a/"
    _, key, fields = parse_bibtex(citations.bibtex(article, url))
    assert fields["year"] == "{2023}" and fields.get("month") == expected["bibtex_month"] and "2023" in key
    ris = citations.ris(article, url).split("\r\n")
    assert "PY  - 2023" in ris and f"DA  - {expected['ris']}" in ris
    assert citations.csl(article, url)["issued"] == {"date-parts": [expected["csl"]]}
    assert f"USC Center on Public Diplomacy blog, {expected['chicago']}. https://x.org/a/." in citations.formatted(article, url)
    assert f"</i>, {expected['chicago']}. <a" in citations.formatted_html(article, url)
    assert dict(citations.highwire_tags(article, url))["citation_publication_date"] == expected["highwire"]
    assert citations.json_ld(article, url)["datePublished"] == expected["json_ld"]


def test_a_repost_is_a_note_and_the_first_publication_is_what_is_cited():
    article = unsaved(
        title="Cities Abroad", publication="Foreign Policy", date_published=date(2019, 4, 16),
        reposted_in="USC Center on Public Diplomacy blog", reposted_on=date(2024, 2, 15),
    )
    url, note = "https://x.org/a/", "Reposted in USC Center on Public Diplomacy blog, February 15, 2024"
    assert parse_bibtex(citations.bibtex(article, url))[2]["note"] == "{" + note + "}"
    assert f"N1  - {note}." in citations.ris(article, url).split("\r\n")
    assert citations.csl(article, url)["note"] == note + "."
    assert citations.formatted(article, url).endswith(f"Foreign Policy, April 16, 2019. {note}. {url}.")
    assert citations.formatted_html(article, url).endswith(f"2019. {note}. <a href=\"{url}\">{url}</a>.")
    assert dict(citations.highwire_tags(article, url))["citation_journal_title"] == "Foreign Policy"
    assert citations.json_ld(article, url)["isPartOf"] == {"@type": "Periodical", "name": "Foreign Policy"}
    assert "note" not in citations.csl(unsaved(), url), "no repost, no note"


def test_json_ld_script_cannot_be_closed_by_its_content():
    article = unsaved(title="</script><script>alert(1)</script>")
    script = json_ld_script(citations.json_ld(article, "https://x.org/"))
    assert script.startswith('<script type="application/ld+json">') and script.count("</script>") == 1
    assert json.loads(script.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))[
        "headline"
    ] == article.title


@pytest.mark.parametrize(
    "format, content_type, disposition",
    [
        ("bibtex", "application/x-bibtex; charset=utf-8", f'attachment; filename="{TWO_AUTHORS}.bib"'),
        ("ris", "application/x-research-info-systems; charset=utf-8", f'attachment; filename="{TWO_AUTHORS}.ris"'),
        ("csl", "application/vnd.citationstyles.csl+json; charset=utf-8", None),
    ],
)
def test_citation_response(format, content_type, disposition):
    article, url = seeded(TWO_AUTHORS)
    response = citations.citation_response(article, url, format)
    assert response["Content-Type"] == content_type
    assert response.get("Content-Disposition") == disposition
    if format == "csl":
        assert json.loads(response.content)["id"] == TWO_AUTHORS
    else:
        assert url in response.content.decode()


def test_citations_read_no_more_than_the_prefetched_byline(django_assert_num_queries):
    article, url = seeded(TWO_AUTHORS)
    with django_assert_num_queries(0):
        citations.bibtex(article, url)
        citations.ris(article, url)
        citations.csl(article, url)
        citations.formatted(article, url)
        citations.highwire_tags(article, url)
        citations.json_ld(article, url)


def test_citation_context_for_a_detail_template():
    article, url = seeded(TWO_AUTHORS)
    context = citations.citation_context(article, url)
    assert context["citation_meta"] == citations.highwire_tags(article, url)
    assert context["citation_text"] == citations.formatted(article, url)
    assert context["citation_bibtex"] == citations.bibtex(article, url)
