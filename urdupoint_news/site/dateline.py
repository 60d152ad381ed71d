"""The dateline that opens an English story: the place goes to ``dateline``, the credit (without
its date) to ``source``. The forms seen on the site (docs/extraction.md):

    QUETTA, (UrduPoint / Pakistan Point News - 22nd Mar, 2021 ) :      place, credit - date
    ISLAMABAD, Oct 1 (UrduPoint / Pakistan Point News)                 place, date, (credit)
    RAWALPINDI: (UrduPoint/UrduPoint / Pakistan Point News-July 21st, 2026)   colon, glued dash
    (APP - UrduPoint / Pakistan Point News - 4th Jan, 2023 ) :         no place

Decisions: the credit is kept as printed apart from spacing around slashes, except that a part
repeated next to itself ("UrduPoint/UrduPoint") is written once; parentheses holding no date
(``ISLAMABAD, (UrduPoint / Pakistan Point News) ...``) are not a dateline unless the date stands
before them (the second form) after a place in capitals, so an ordinary opening such as
``The rally, Oct 1 (a Friday) ...`` is never cut.
"""

from __future__ import annotations

import re

# Hyphen last and escaped: it must not form a range inside a character class.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\\-"
_DAY_MONTH_YEAR = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
_MONTH_DAY_YEAR = r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# DERA ISMAIL KHAN, / PESHAWAR / RAWALPINDI: (the comma or colon is optional)
_PLACE = r"(?P<place>[^\W\d_][\w .'\u2019&]{0,48}?)"
# ":" or " - " after the dateline (a dash glued to a digit is a minus sign and stays).
_AFTER = rf"\s*(?::\s*|[{_DASHES}]\s+)?"

# The date inside the parentheses, after the last dash: forms one, three and four.
_DATE_IN_CREDIT = re.compile(
    rf"""
    ^\s*
    (?:{_PLACE}\s*[,:]?\s*)?
    \(\s*
    (?P<credit>[^()]*?[^\W\d_][^()]*?)      # UrduPoint / Pakistan Point News / APP
    \s*[{_DASHES}]+\s*                       # the last dash before the date
    (?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR})  # 22nd Mar, 2021 / July 21st, 2026
    \s*\)
    {_AFTER}
    """,
    re.VERBOSE,
)
# The date between the place and the parentheses: ISLAMABAD, Oct 1 (UrduPoint / ...)
_DATE_BEFORE_CREDIT = re.compile(
    rf"""
    ^\s*
    {_PLACE}\s*,\s*
    (?i:{_MONTH_NAME})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\s*
    \(\s*(?P<credit>[^()\d]*?[^\W\d_][^()\d]{{0,80}}?)\s*\)
    {_AFTER}
    """,
    re.VERBOSE,
)
# (pattern, whether the place must be in capitals for the match to count)
_FORMS = [(_DATE_IN_CREDIT, False), (_DATE_BEFORE_CREDIT, True)]
_SLASH = re.compile(r"\s*/\s*")
_SPACES = re.compile(r"\s+")


def _credit(raw: str) -> str | None:
    parts = [_SPACES.sub(" ", part).strip() for part in _SLASH.split(raw)]
    kept = [part for i, part in enumerate(parts) if part and (i == 0 or part != parts[i - 1])]
    return " / ".join(kept) or None


def split_dateline(body: str) -> tuple[str | None, str | None, str]:
    """(place, credit, body without the dateline); a body with no dateline comes back unchanged
    with (None, None)."""
    for form, capital_place in _FORMS:
        match = form.match(body)
        if match and (not capital_place or match["place"].isupper()):
            place = _SPACES.sub(" ", match["place"] or "").strip(" .") or None
            return place, _credit(match["credit"]), body[match.end() :].lstrip()
    return None, None, body
