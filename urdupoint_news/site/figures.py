"""The figures of a story, each with the words around it: "reports that differ in their figures".

The site publishes reports made from one template every day: gold rates, weather, currency
rates. Two days' reports share most three-word runs, so by shingles alone they are near copies
of each other, and the second day's figures would be filed as a copy of the first's. What sets
them apart is a figure that stands in the same words in both texts with another value: "to Rs
246,500 per tola" against "to Rs 245,000 per tola". An edited copy of a story keeps its
figures; where it adds or drops a sentence, that sentence's figures have words around them the
other text lacks, and they say nothing.

So each figure is recorded under two keys, the two tokens before it and the two after it (other
figures among them stand as ``#``), and two texts *differ in their figures* when under some key
both have it, and each has a figure there the other lacks (``figures_differ``). Figures are
compared by value: digits of any script, thousands separators dropped, ``03`` = ``3``,
``1.50`` = ``1.5``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterator

from urdupoint_news.site.normalize import folded_pieces

# A figure (digits of any script, with thousands or decimal separators inside) or a word.
_TOKEN = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*|[^\W\d_]+")
_THOUSANDS = str.maketrans({",": None, "\u066c": None})  # ARABIC THOUSANDS SEPARATOR
_DECIMAL = str.maketrans({"\u066b": "."})  # ARABIC DECIMAL SEPARATOR
CONTEXT = 2  # tokens on each side
FIGURE = "#"

Figures = dict[tuple[str, ...], Counter[str]]


def figure_value(token: str) -> str:
    """``245,000`` -> ``245000``; ``۲۴۵`` -> ``245``; ``03`` -> ``3``; ``1.50`` -> ``1.5``."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in token)
    number = ascii_digits.translate(_THOUSANDS).translate(_DECIMAL)
    whole, _, fraction = number.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _tokens(text: str) -> Iterator[str]:
    # Folded as for matching: an Urdu copy with other code points or marks has the same words.
    for piece in folded_pieces(text):
        for match in _TOKEN.finditer(piece):
            token = match.group()
            yield figure_value(token) if token[0].isdigit() else token


def figures(text: str) -> Figures:
    """Every figure of ``text`` under its two keys: ``("<", before, before)`` and
    ``(">", after, after)``. Streams the text: memory grows with the figures, not the words."""
    found: Figures = defaultdict(Counter)
    window: deque[str] = deque(maxlen=2 * CONTEXT + 1)
    is_figure: deque[bool] = deque(maxlen=2 * CONTEXT + 1)

    def record(position: int) -> None:
        shown = [FIGURE if is_figure[i] else window[i] for i in range(len(window))]
        value = window[position]
        found[("<", *shown[max(0, position - CONTEXT) : position])][value] += 1
        found[(">", *shown[position + 1 : position + 1 + CONTEXT])][value] += 1

    for token in _tokens(text):
        window.append(token)
        is_figure.append(token[0].isdigit())
        # The token CONTEXT places back now has its full context on both sides.
        if len(window) > CONTEXT and is_figure[-1 - CONTEXT]:
            record(len(window) - 1 - CONTEXT)
    # The last figures, with fewer than CONTEXT tokens after them.
    for back in range(min(CONTEXT, len(window)), 0, -1):
        if is_figure[-back]:
            record(len(window) - back)
    return dict(found)


def figures_differ(one: Figures, other: Figures) -> bool:
    """Under some key both texts have, does each have a figure the other lacks?"""
    shared = one.keys() & other.keys()
    return any(one[key] - other[key] and other[key] - one[key] for key in shared)
