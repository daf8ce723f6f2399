"""An editor told where a quote stops being verbatim finds the hyphen at once."""

import pytest

from articles.quoting import quote_difference

PARAGRAPH = "Cities took part in a peer-review of plans. It’s the mayor’s view that climate matters."


@pytest.mark.parametrize(
    ("quote", "said"),
    [
        ("took part in a peer-review", ""),
        ("part in a peer review of plans", "the quote has “peer review” where the paragraph has “peer-review”."),
        ("It's the mayor", "the quote has “It's” where the paragraph has “It’s”."),
        ("view that  climate", "the quote has “that  climate” where the paragraph has “that climate”."),
        ("climate matters. And more", "the paragraph ends after “climate matters.”."),
        ("Nothing here", "the paragraph has nothing that begins like “Nothing here”."),
    ],
)
def test_the_difference_is_named_by_its_words(quote, said):
    assert quote_difference(quote, PARAGRAPH) == said
