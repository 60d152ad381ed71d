"""The dateline that opens every story: ``ISLAMABAD, (UrduPoint / Pakistan Point News - 10th Sep,
2025) Pakistan and Japan ...``: the place goes to ``dateline``, the credit to ``source``."""

from __future__ import annotations

import re

# Hyphen last and escaped: it must not form a range inside a character class.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\\-"
_DAY_MONTH_YEAR = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
_MONTH_DAY_YEAR = r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
_DATELINE = re.compile(
    rf"""
    ^\s*
    (?:(?P<place>[^\W\d_][\w .'\u2019&]{{0,48}}?)\s*,?\s*)?  # DERA ISMAIL KHAN; comma optional
    \(\s*
    (?P<credit>[^()]*?[^\W\d_][^()]*?)                     # UrduPoint / Pakistan Point News / APP
    \s*[{_DASHES}]+\s*                                        # the last dash before the date
    (?P<date>{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR})            # 10th Sep, 2025
    \s*\)
    \s*(?::\s*|[{_DASHES}]\s+)?  # ":" or " - " after it (a dash glued to a digit is a minus)
    """,
    re.VERBOSE,
)
_SLASH = re.compile(r"\s*/\s*")
_SPACES = re.compile(r"\s+")


def split_dateline(body: str) -> tuple[str | None, str | None, str]:
    """(place, credit, body without the dateline); a body with no dateline comes back unchanged
    with (None, None)."""
    match = _DATELINE.match(body)
    if not match:
        return None, None, body
    place = _SPACES.sub(" ", match["place"] or "").strip(" .") or None
    credit = _SPACES.sub(" ", _SLASH.sub(" / ", match["credit"])).strip(" /") or None
    return place, credit, body[match.end() :].lstrip()
