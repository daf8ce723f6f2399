"""Summaries, descriptions, bios, focuses, record names and editors' notes are in our own words: none shares a run
of eight words with a source text. Quotes, the roles authors hold "as the texts give them", and the aliases the
texts use are the texts' words by design and are not compared.

The curated files are read as they are, so the test needs no database and names the file and record at fault.
"""

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RUN = 8
OWN_WORDS = {"summary", "description", "bio", "focus", "name", "inference", "note"}
# Proper names that cannot be said otherwise. Each counts as one word, in the sources and in our texts alike, so
# "Los Angeles Mayor's Office of International Affairs" may be a record's name, but a sentence copied around an
# office's name is still found.
EXEMPT_NAMES = [
    "Mayor's Office of International Affairs",
    "Mayor's Office of Trade and International Affairs",
    "One Atlanta Office of Equity, Diversity, and Inclusion",
]


def words(text):
    """Lower-case words, punctuation and spacing aside ("Mayor's" → "mayor", "s"; "G-20" → "g", "20")."""
    return re.findall(r"\w+", text.casefold())


EXEMPT = sorted((words(name) for name in EXEMPT_NAMES), key=len, reverse=True)


def tokens(text):
    """The words, with each exempt name made one token."""
    found, position, ws = [], 0, words(text)
    while position < len(ws):
        name = next((name for name in EXEMPT if ws[position : position + len(name)] == name), None)
        found.append("⟨" + " ".join(name) + "⟩" if name else ws[position])
        position += len(name) if name else 1
    return found


def runs(text):
    ws = tokens(text)
    return {tuple(ws[i : i + RUN]) for i in range(len(ws) - RUN + 1)}


def source_runs():
    found = set()
    for path in sorted((FIXTURES / "sources").glob("*.txt")):
        found |= runs(path.read_text(encoding="utf-8"))
    return found


def own_texts(node, where):
    """(where, text) for every field in our own words, below `node`; a claim's sources are its quotes."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources":
                continue
            if key in OWN_WORDS and isinstance(value, str):
                yield f"{where} {key}", value
            else:
                yield from own_texts(value, where)
    elif isinstance(node, list):
        for value in node:
            label = next((value[key] for key in ("slug", "city") if isinstance(value, dict) and key in value), None)
            yield from own_texts(value, f"{where} / {label}" if label else where)


def curated_texts():
    for path in sorted((FIXTURES / "curated").rglob("*.json")):
        yield from own_texts(json.loads(path.read_text(encoding="utf-8")), path.relative_to(FIXTURES).as_posix())


def test_our_texts_share_no_run_of_eight_words_with_a_source():
    copied = source_runs()
    found = [
        f"{where}: “{' '.join(run)}”"
        for where, text in curated_texts()
        for run in sorted(runs(text) & copied)[:1]
    ]
    assert not found, "Say these in our own words:\n" + "\n".join(found)


def test_the_check_reads_every_kind_of_text():
    fields = {where.rsplit(" ", 1)[-1] for where, _ in curated_texts()}
    assert {"summary", "description", "bio", "focus", "name", "inference"} <= fields


@pytest.mark.parametrize(
    "text, copied",
    [
        # The sentence of 000 that named the WhatsApp group, with other case, punctuation and spacing.
        ("a separate whatsapp group of city-staff,  started by LOS ANGELES", True),
        ("A WhatsApp group for municipal staff set up by Los Angeles", False),
        # An exempt name is one word: the name alone passes, a copied sentence around it does not.
        ("Los Angeles Mayor's Office of International Affairs", False),
        ("at the Los Angeles Mayor's Office of International Affairs, which Mayor Eric Garcetti established", True),
    ],
)
def test_what_counts_as_copied(text, copied):
    assert bool(runs(text) & source_runs()) is copied
