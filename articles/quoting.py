"""Where a quote stops being verbatim: an editor told only "not verbatim" hunts for a hyphen by eye."""

from difflib import SequenceMatcher

# How much of the quote and the paragraph, from the first difference, is compared to find where they agree
# again; and how much of each side the message shows at most.
WINDOW = 80
SHOWN = 40


def longest_quoted_prefix(quote: str, text: str) -> tuple[int, int]:
    """(length, position in `text`) of the longest start of `quote` that stands in `text`: a binary search,
    since every shorter start of a start that stands there stands there too."""
    low, high, position = 0, len(quote), 0
    while low < high:
        middle = (low + high + 1) // 2
        found = text.find(quote[:middle])
        if found >= 0:
            low, position = middle, found
        else:
            high = middle - 1
    return low, position


def word_start(text: str, index: int) -> int:
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def word_end(text: str, index: int) -> int:
    while index < len(text) and not text[index].isspace():
        index += 1
    return index


def passage_around(text: str, start: int, end: int) -> str:
    """text[start:end] widened to whole words; a difference in spacing alone, with the word that follows."""
    if not text[start:end].strip():
        while end < len(text) and text[end].isspace():
            end += 1
    return text[word_start(text, start):word_end(text, end)]


def shown(passage: str) -> str:
    passage = passage.strip()
    return f"“{passage[:SHOWN]}{'…' if len(passage) > SHOWN else ''}”"


def quote_difference(quote: str, text: str) -> str:
    """A sentence saying where `quote` departs from `text`, or "" when it stands there verbatim."""
    if quote in text:
        return ""
    matched, position = longest_quoted_prefix(quote, text)
    if matched == 0:
        return f"the paragraph has nothing that begins like {shown(quote)}."
    if position + matched == len(text):
        return f"the paragraph ends after {shown(quote[max(0, matched - SHOWN):matched])}."
    # Compare from the start of the word where they part, so that "peer review" is set against "peer-review".
    start = word_start(quote, matched - 1)
    ours, theirs = quote[start:start + WINDOW], text[position + start:position + start + WINDOW]
    opcodes = SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes()
    _, ours_from, ours_to, theirs_from, theirs_to = next(code for code in opcodes if code[0] != "equal")
    said, written = passage_around(ours, ours_from, ours_to), passage_around(theirs, theirs_from, theirs_to)
    return f"the quote has {shown(said)} where the paragraph has {shown(written)}."
