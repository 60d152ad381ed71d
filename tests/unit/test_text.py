import pytest

from urdupoint_news.site.text import clean_text, join_paragraphs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("  \n\t ", None),
        ("Pakistan &amp; Japan", "Pakistan & Japan"),
        ("Pakistan &amp;amp; Japan", "Pakistan & Japan"),  # escaped twice in some feeds
        ("&quot;CPEC&quot; &#8211; phase&nbsp;II", '"CPEC" \u2013 phase II'),
        ("  Too   many\tspaces  ", "Too many spaces"),
        ("one paragraph\nwrapped over\r\nthree lines", "one paragraph wrapped over three lines"),
        ("first\n\nsecond", "first\n\nsecond"),
        ("first\n \n\n  \nsecond\r\n\r\nthird", "first\n\nsecond\n\nthird"),
        ("\n\nleading and trailing blank lines\n\n", "leading and trailing blank lines"),
        ("\ufeffbyte order mark", "byte order mark"),
        ("para\u2029next", "para\n\nnext"),
        # NFC: "e" + COMBINING ACUTE becomes one code point.
        ("Cafe\u0301", "Caf\u00e9"),
        # Urdu keeps its zero-width non-joiner (it changes how the word is drawn).
        ("\u0645\u06cc\u200c\u06ba", "\u0645\u06cc\u200c\u06ba"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "A &amp;amp;lt; b\n\n\n c",
        "  x \n y \n\n\n\n z  ",
        "&amp\n\nlt;",
        "Cafe\u0301 &#769;",
        "tabs\t\tand\u00a0nbsp",
    ],
)
def test_clean_text_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once) == once


def test_join_paragraphs_separates_by_one_blank_line_and_drops_empty_ones():
    assert join_paragraphs(["  First\n line ", "", "   ", "Second &amp; last"]) == (
        "First line\n\nSecond & last"
    )


def test_join_paragraphs_of_nothing_is_none():
    assert join_paragraphs([]) is None
    assert join_paragraphs([" ", "\n"]) is None
