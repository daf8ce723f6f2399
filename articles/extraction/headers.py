"""The lines under a title that say who wrote an article, when and where it appeared — "By Ana Ruiz and Tomás
Berg", "March 14, 2025", "Published in The Municipal Dispatch on 14 March 2025", its address — read from a
document that has no header fields of its own (a PDF, a Word file, a pasted text).

Each reader takes a whole line or nothing: a body sentence that happens to hold a date or begin with "By"
("By 2030, cities will…") stays body.
"""

import re
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<year>\d{4})"
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATES = [  # (pattern, precision), tried in turn on the whole of a line
    (re.compile(rf"{YEAR}-(?P<month_number>\d{{2}})-{DAY}"), "day"),
    (re.compile(rf"{WEEKDAY}{MONTH}\s+{DAY},?\s+{YEAR}"), "day"),
    (re.compile(rf"{WEEKDAY}{DAY}\s+{MONTH},?\s+{YEAR}"), "day"),
    (re.compile(rf"{MONTH},?\s+{YEAR}"), "month"),
]
DATE_PREFIX = re.compile(r"^(?:(?:first |originally )?(?:published|posted)(?: on)?|date)\s*:?\s*", re.IGNORECASE)
BYLINE = re.compile(r"^(?:written )?by\s+(?P<names>.+)$", re.IGNORECASE)
PUBLISHED_IN = re.compile(
    r"^(?:first |originally )?published (?:in|by) (?P<publication>.+?)(?:(?:,| on)\s+(?P<date>.+?))?\.?$",
    re.IGNORECASE,
)
URL_LINE = re.compile(r"^(?:(?:source|url|link|originally at)\s*:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)
SEPARATOR = re.compile(r"\s+[|·•—–]\s+")
NAME_PARTICLES = {"de", "da", "das", "del", "della", "der", "di", "do", "dos", "du", "la", "le", "van", "von", "bin",
                  "al", "y", "e", "ten", "ter"}
LONGEST_LINE = 200  # a header line is short; a longer one is body


def read_date(text: str) -> tuple[date, str] | None:
    """'March 14, 2025', '14 Mar. 2025', 'Published on 2025-03-14' → (the day, "day"); 'March 2025' → (its
    first day, "month"). None unless the whole line is a date."""
    text = DATE_PREFIX.sub("", text.strip()).rstrip(".")
    for pattern, precision in DATES:
        if match := pattern.fullmatch(text):
            return made_date(match, precision)
    return None


def made_date(match: re.Match, precision: str) -> tuple[date, str] | None:
    parts = match.groupdict()
    month = int(parts["month_number"]) if parts.get("month_number") else MONTHS.get(parts["month"].lower())
    try:
        return date(int(parts["year"]), month or 0, int(parts.get("day") or 1)), precision
    except ValueError:  # "February 30", or a word that is no month
        return None


def read_byline(text: str) -> list[str] | None:
    """'By Ana Ruiz, Tomás Berg and Li Wei' → the names; None when what follows "By" is not names."""
    if len(text) > LONGEST_LINE or not (match := BYLINE.match(text.strip())):
        return None
    names = [name.strip() for name in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", match["names"]) if name.strip()]
    return names if names and all(looks_like_name(name) for name in names) else None


def looks_like_name(text: str) -> bool:
    """'Ana Ruiz', 'Anthony F. Pipa', 'Ludwig van Beethoven' — not '2030' or 'the end of the year'."""
    words = text.rstrip(".").split()
    if not 1 <= len(words) <= 6 or any(char.isdigit() for char in text):
        return False
    return words[0][0].isupper() and all(word[0].isupper() or word.lower() in NAME_PARTICLES for word in words)


def read_published_in(text: str) -> tuple[str, tuple[date, str] | None] | None:
    """'Published in The Municipal Dispatch on March 14, 2025' → the publication and the date, if given."""
    if len(text) > LONGEST_LINE or not (match := PUBLISHED_IN.match(text.strip())):
        return None
    when = read_date(match["date"]) if match["date"] else None
    if match["date"] and when is None:  # "…, where it was read widely": not a header line
        return None
    return match["publication"].strip(), when


def read_url(text: str) -> str:
    """The address on a line that holds only an address ('Source: https://…'), or ''."""
    match = URL_LINE.match(text.strip())
    return canonical(match["url"]) if match else ""


def split_dateline(text: str) -> list[str]:
    """'By Ana Ruiz | March 14, 2025' holds a byline and a date: its parts, each read on its own."""
    return SEPARATOR.split(text.strip()) if len(text) <= LONGEST_LINE else [text]


def canonical(url: str) -> str:
    """The address an article is known by, so that the same page found twice compares equal: http(s) only, the
    scheme and host in lower case, without its #fragment or tracking parameters (utm_*). '' for anything else."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))
