"""How to cite an article: BibTeX, RIS, CSL-JSON, a Chicago-style line, Highwire Press meta tags, JSON-LD.

Every function takes an Article and its absolute URL and reads only the article's fields and its
`byline()` (authors in order), so a caller that prefetched the bylines (`with_bylines()`) pays no query.
The article's date and container are where it first appeared (`publication`, `date_published`, as
precise as `date_precision` says); the repost we read (`reposted_in`, `reposted_on`) goes in a note.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.html import format_html

# Who publishes the publications the texts come from, for citation_publisher and JSON-LD's publisher.
PUBLISHERS = {
    "Foreign Affairs": "Council on Foreign Relations",
    "Foreign Policy": "The FP Group",
    "USC Center on Public Diplomacy blog": "USC Center on Public Diplomacy",
}
MAGAZINES = {"Foreign Affairs", "Foreign Policy"}

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"}
LEADING_ARTICLES = {"a", "an", "the"}


@dataclass(frozen=True)
class PersonName:
    family: str
    given: str = ""
    suffix: str = ""

    def inverted(self):
        """'Pipa, Anthony F.' — and 'King, Martin Luther, Jr.' with a suffix."""
        return ", ".join(part for part in (self.family, self.given, self.suffix) if part)

    def natural(self):
        name = " ".join(part for part in (self.given, self.family) if part)
        return f"{name}, {self.suffix}" if self.suffix else name


def split_name(name):
    """'Anthony F. Pipa' → family 'Pipa', given 'Anthony F.'.

    Also: 'Pipa, Anthony F.' (already inverted), a suffix ('Jr.', 'III'), lowercase particles kept with the
    family name ('Ludwig van Beethoven' → 'van Beethoven'), and a one-word name as a family name alone, as is
    an organisation's ('Cities and Networks': a person's name has no "and").
    """
    name = " ".join(name.split())
    if re.search(r"\s(and|&)\s", name, re.IGNORECASE):
        return PersonName(name)
    if "," in name:
        family, _, rest = name.partition(",")
        given, _, suffix = rest.strip().partition(",")
        return PersonName(family.strip(), given.strip(), suffix.strip())
    words = name.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return PersonName(words[0], "", suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return PersonName(" ".join(words[start:]), " ".join(words[:start]), suffix)


def author_names(article):
    return [split_name(author.name) for author in article.byline()]


def full_title(article):
    """Title and subtitle: 'Cities Are Transforming U.S. Foreign Policy: Biden Would Do Well to Work with Them'."""
    if not article.subtitle:
        return article.title
    joiner = " " if article.title.rstrip()[-1:] in "?!:" else ": "
    return f"{article.title.rstrip()}{joiner}{article.subtitle}"


def publication_kind(article):
    """'blog', 'magazine' or 'newspaper': decides the entry type of RIS, CSL and JSON-LD."""
    if "blog" in article.publication.lower():
        return "blog"
    if article.publication in MAGAZINES:
        return "magazine"
    return "newspaper"


def publisher(article):
    return PUBLISHERS.get(article.publication, "")


def repost_note(article):
    """'Reposted in USC Center on Public Diplomacy blog, February 15, 2024' for a repost, or ''."""
    if not article.reposted_in:
        return ""
    note = f"Reposted in {article.reposted_in}"
    if article.reposted_on:
        note += f", {long_date(article.reposted_on)}"
    return note


def long_date(day):
    return f"{day:%B} {day.day}, {day.year}"


# How many of (year, month, day) each precision knows.
KNOWN_PARTS = {"year": 1, "month": 2, "day": 3}


def date_parts_known(article):
    """The first publication's date as far as it is known: [2020], [2019, 4] or [2019, 4, 16]."""
    day = article.date_published
    return [day.year, day.month, day.day][: KNOWN_PARTS.get(article.date_precision, 3)]


def joined_date(article, separator):
    """'2020', '2019/04', '2019/04/16' (or with '-': the ISO 8601 forms of a year, a month, a day)."""
    year, *rest = date_parts_known(article)
    return separator.join([f"{year:04d}", *(f"{part:02d}" for part in rest)])


def written_date(article):
    """'2020', 'April 2019' or 'April 16, 2019', as a Chicago entry writes them."""
    day, known = article.date_published, len(date_parts_known(article))
    return {1: f"{day.year}", 2: f"{day:%B} {day.year}"}.get(known, long_date(day))


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# BibTeX ----------------------------------------------------------------------------------------------

# BibTeX counts every brace, even a backslashed one, so literal braces become text commands, not \{ \}.
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL_CHARS = re.compile("[" + re.escape("".join(BIBTEX_SPECIALS)) + "]")


def bibtex_escape(text):
    return BIBTEX_SPECIAL_CHARS.sub(lambda match: BIBTEX_SPECIALS[match.group()], " ".join(str(text).split()))


def bibtex_url(url):
    """URLs are read verbatim (url/hyperref), so only what would break the field is percent-encoded."""
    for char, code in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D"), (" ", "%20")):
        url = url.replace(char, code)
    return url


def bibtex_key(article):
    """First author's family name + year + first word of the title: 'hachigian2024can'."""
    names = author_names(article)
    family = names[0].family.split()[-1] if names else "anon"
    words = [w for w in (re.sub(r"[^a-z0-9]", "", ascii_fold(word).lower()) for word in article.title.split()) if w]
    significant = [w for w in words if w not in LEADING_ARTICLES] or words
    first_word = significant[0] if significant else ""
    family = re.sub(r"[^a-z0-9]", "", ascii_fold(family).lower()) or "anon"
    return f"{family}{article.date_published.year}{first_word}"


def bibtex_name(name):
    parts = [bibtex_escape(name.family)]
    if name.suffix:
        parts.append(bibtex_escape(name.suffix))
    if name.given:
        parts.append(bibtex_escape(name.given))
    text = ", ".join(parts)
    # A name with " and " in it (an organisation) would be split into two authors: keep it whole.
    return f"{{{text}}}" if re.search(r"\sand\s", text, re.IGNORECASE) else text


def bibtex(article, url):
    """An @article entry; the title is braced as a whole so that styles keep its capitals (U.S., COVID-19).
    The month only when it is known; the repost we read in `note`."""
    fields = []
    names = author_names(article)
    if names:
        fields.append(("author", "{" + " and ".join(bibtex_name(name) for name in names) + "}"))
    fields += [
        ("title", "{{" + bibtex_escape(full_title(article)) + "}}"),
        ("journal", "{" + bibtex_escape(article.publication) + "}"),
        ("year", "{" + str(article.date_published.year) + "}"),
    ]
    if len(date_parts_known(article)) > 1:
        fields.append(("month", MONTHS[article.date_published.month - 1]))
    fields.append(("url", "{" + bibtex_url(url) + "}"))
    note = repost_note(article)
    if note:
        fields.append(("note", "{" + bibtex_escape(note) + "}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@article{{{bibtex_key(article)},\n{body}}}\n"


# RIS -------------------------------------------------------------------------------------------------


def ris_value(text):
    return " ".join(str(text).split())


def ris(article, url):
    """An RIS record, CRLF line endings, closed by 'ER  - '. DA holds what is known of the date: 2020, 2019/04
    or 2019/04/16."""
    kind = "JOUR" if publication_kind(article) == "magazine" else "ELEC"
    lines = [("TY", kind)]
    lines += [("AU", name.inverted()) for name in author_names(article)]
    lines += [
        ("TI", full_title(article)),
        ("T2", article.publication),
        ("PY", f"{article.date_published.year:04d}"),
        ("DA", joined_date(article, "/")),
        ("UR", url),
    ]
    if publisher(article):
        lines.append(("PB", publisher(article)))
    if repost_note(article):
        lines.append(("N1", repost_note(article) + "."))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {ris_value(value)}\r\n" for tag, value in lines)


# CSL-JSON --------------------------------------------------------------------------------------------

CSL_TYPES = {"blog": "post-weblog", "magazine": "article-magazine", "newspaper": "article-newspaper"}


def csl(article, url):
    """One CSL-JSON item (a dict; wrap it in a list for tools that want an array of items). `issued` has the
    date parts that are known: [[2020]] or [[2019, 4, 16]]."""
    item = {
        "id": article.slug,
        "type": CSL_TYPES[publication_kind(article)],
        "title": full_title(article),
        "container-title": article.publication,
        "author": [
            {key: value for key, value in (("family", n.family), ("given", n.given), ("suffix", n.suffix)) if value}
            for n in author_names(article)
        ],
        "issued": {"date-parts": [date_parts_known(article)]},
        "URL": url,
    }
    if publisher(article):
        item["publisher"] = publisher(article)
    if repost_note(article):
        item["note"] = repost_note(article) + "."
    return item


# Chicago ---------------------------------------------------------------------------------------------


def chicago_authors(names):
    """'Hachigian, Nina, and Anthony F. Pipa': the first name inverted; more than ten: seven, then et al."""
    if len(names) > 10:
        return ", ".join([names[0].inverted()] + [n.natural() for n in names[1:7]]) + ", et al"
    written = [names[0].inverted()] + [n.natural() for n in names[1:]]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]}, and {written[1]}"
    return ", ".join(written[:-1]) + f", and {written[-1]}"


def end_sentence(text):
    return text if text[-1:] in ".?!" else text + "."


def chicago_parts(article):
    """The pieces of the entry before its URL: authors, quoted title, publication, date, note — punctuated."""
    names = author_names(article)
    authors = end_sentence(chicago_authors(names)) if names else ""
    title = full_title(article)
    quoted = f"“{title}”" if title[-1:] in "?!" else f"“{title}.”"
    date = f", {written_date(article)}."
    note = repost_note(article) and repost_note(article) + "."
    return authors, quoted, article.publication, date, note


def formatted(article, url):
    """A Chicago-style (notes and bibliography) entry as plain text, for a "Cite this" block:

    Hachigian, Nina, and Anthony F. Pipa. “Can Cities Fix a Post-Pandemic World Order?” Foreign Policy, 2020.
    Reposted in USC Center on Public Diplomacy blog, May 13, 2020. https://….
    """
    authors, quoted, container, date, note = chicago_parts(article)
    return " ".join(filter(None, [authors, quoted, container + date, note, url + "."]))


def formatted_html(article, url):
    """The same, as safe HTML: the publication in <i>, the URL a link."""
    authors, quoted, container, date, note = chicago_parts(article)
    html = format_html("{} <i>{}</i>{}", quoted, container, date)
    if authors:
        html = format_html("{} {}", authors, html)
    if note:
        html = format_html("{} {}", html, note)
    return format_html('{} <a href="{}">{}</a>.', html, url, url)


# Highwire Press and schema.org -----------------------------------------------------------------------


def highwire_tags(article, url):
    """(name, content) pairs for <meta name=… content=…>, as Google Scholar and Zotero read them; the date as far
    as it is known (2020, 2019/04 or 2019/04/16)."""
    tags = [("citation_title", full_title(article))]
    tags += [("citation_author", name.inverted()) for name in author_names(article)]
    tags += [
        ("citation_publication_date", joined_date(article, "/")),
        ("citation_journal_title", article.publication),
    ]
    if publisher(article):
        tags.append(("citation_publisher", publisher(article)))
    tags += [("citation_public_url", url), ("citation_fulltext_html_url", url)]
    return tags


JSON_LD_PART_OF = {"blog": "Blog", "magazine": "Periodical", "newspaper": "Periodical"}


def json_ld(article, url, topics=None):
    """A schema.org Article; `topics` (Topic records, or names) become `about`."""
    authors = []
    for author in article.byline():
        person = {"@type": "Person", "name": author.name}
        if author.slug:
            person["url"] = urljoin(url, author.get_absolute_url())
        authors.append(person)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
    }
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    data.update(
        {
            "author": authors,
            "datePublished": joined_date(article, "-"),  # ISO 8601: 2020, 2019-04 or 2019-04-16
            "publisher": {"@type": "Organization", "name": publisher(article) or article.publication},
            "isPartOf": {"@type": JSON_LD_PART_OF[publication_kind(article)], "name": article.publication},
            "url": url,
            "mainEntityOfPage": url,
        }
    )
    if getattr(article, "summary", ""):
        data["description"] = article.summary
    if getattr(article, "updated_at", None):
        data["dateModified"] = article.updated_at.isoformat()
    if topics:
        data["about"] = [
            {"@type": "Thing", "name": str(topic)}
            if isinstance(topic, str)
            else {"@type": "Thing", "name": topic.name, "url": urljoin(url, topic.get_absolute_url())}
            for topic in topics
        ]
    return data


# ?format=bibtex|ris|csl ------------------------------------------------------------------------------

# format → (function, content type, file extension for the download, or "" to show it inline)
CITATION_FORMATS = {
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": (csl, "application/vnd.citationstyles.csl+json; charset=utf-8", ""),
}


def citation_response(article, url, format):
    """The article's citation in one of CITATION_FORMATS: BibTeX and RIS as a download, CSL-JSON inline."""
    function, content_type, extension = CITATION_FORMATS[format]
    content = function(article, url)
    if not isinstance(content, str):
        content = json.dumps(content, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(content, content_type=content_type)
    if extension:
        response["Content-Disposition"] = f'attachment; filename="{article.slug}.{extension}"'
    return response


def citation_context(article, url):
    """What the article's page needs besides its JSON-LD (articles.representations): meta tags, "Cite this" lines."""
    return {
        "citation_meta": highwire_tags(article, url),
        "citation_text": formatted(article, url),
        "citation_html": formatted_html(article, url),
        "citation_bibtex": bibtex(article, url),
    }
