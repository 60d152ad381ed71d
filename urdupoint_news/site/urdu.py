"""Urdu-edition text helpers: the printed Urdu date and the dateline that opens a story.

The Urdu pages print dates as ``بدھ 10 ستمبر 2025 15:13`` (weekday, day, month name, year, 24-hour
time, Pakistan time) and open the body with a dateline such as
``لاہور (اردو پوائنٹ اخبارتازہ ترین - اے پی پی۔ 10 ستمبر 2025ء)``. Names are matched after folding
Arabic code points to Urdu ones, so copies typed on an Arabic keyboard parse the same.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

# The site prints Pakistan local time (dates.PAKISTAN); every result is written at the fixed
# +05:00 (dates.to_pakistan_iso) so stored dates sort as text.
from urdupoint_news.site.dates import PAKISTAN, to_pakistan_iso
from urdupoint_news.site.normalize import fold_for_lookup

MONTHS = {
    "جنوری": 1,
    "فروری": 2,
    "مارچ": 3,
    "اپریل": 4,
    "مئی": 5,
    "جون": 6,
    "جولائی": 7,
    "اگست": 8,
    "ستمبر": 9,
    "اکتوبر": 10,
    "نومبر": 11,
    "دسمبر": 12,
}
WEEKDAYS = ("پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار")  # Monday first

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


_MONTH_KEYS = {fold_for_lookup(name): number for name, number in MONTHS.items()}
_WEEKDAY_KEYS = {fold_for_lookup(name) for name in WEEKDAYS}

# Tokens may be glued together (``ستمبر2025ء``) or separated by commas and dashes.
_SEP = r"[\s,،\-–]*"
_LETTER = r"[^\W\d_]"
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAY_KEYS, key=len, reverse=True))
_MONTH_ALT = "|".join(sorted(_MONTH_KEYS, key=len, reverse=True))
_DATE = re.compile(
    rf"(?:(?<!{_LETTER})(?P<weekday>{_WEEKDAY_ALT}){_SEP})?"
    rf"(?<!\d)(?P<day>\d{{1,2}}){_SEP}(?P<month>{_MONTH_ALT})(?!{_LETTER})"
    rf"{_SEP}(?P<year>\d{{4}})(?!\d)"
    r"\s*ء?"
    rf"(?:{_SEP}(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?"
)


def _clean(text: str) -> str:
    return fold_for_lookup(text).translate(_DIGITS)


def _to_datetime(match: re.Match[str]) -> datetime | None:
    month = _MONTH_KEYS[match["month"]]
    hour, minute, second = (int(match[g] or 0) for g in ("hour", "minute", "second"))
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    try:
        return datetime(
            int(match["year"]), month, int(match["day"]), hour, minute, second, tzinfo=PAKISTAN
        )
    except ValueError:  # 31 فروری, 25:00 ...
        return None


def _find_date(folded: str) -> tuple[re.Match[str], datetime] | None:
    for match in _DATE.finditer(folded):
        parsed = _to_datetime(match)
        if parsed is not None:
            return match, parsed
    return None


def parse_urdu_datetime(text: str) -> str | None:
    """The first Urdu date in ``text`` as ISO 8601 with Pakistan's offset, else None.

    ``بدھ 10 ستمبر 2025 15:13`` -> ``2025-09-10T15:13:00+05:00``. Urdu (۰-۹) and Arabic (٠-٩)
    digits, Arabic letter variants, a trailing ``ء`` after the year, an optional weekday and an
    optional ``AM``/``PM`` are accepted; a date without a time is midnight. The weekday is not
    checked against the date: a typo in it should not cost the story its date.
    """
    if not text:
        return None
    found = _find_date(_clean(text))
    return to_pakistan_iso(found[1]) if found else None


# Place, then a parenthetical credit/date, at the very start of the body. The place is short and
# holds no sentence punctuation; the parenthetical must hold a date or the UrduPoint credit so that
# an ordinary opening like ``عمران خان (سابق وزیراعظم) نے ...`` is left alone.
_DATELINE = re.compile(r"^\s*(?P<place>[^()\n۔.:]{1,40}?)\s*\((?P<inner>[^()\n]{1,160})\)\s*")
_CREDIT_MARK = re.compile(r"اردو\s*پوائنٹ|اُردو\s*پوائنٹ|urdupoint", re.IGNORECASE)
_EDGE_PUNCT = " \t\u00a0۔.,،:;-–—/|"
_SPACES = re.compile(r"\s+")


def _trim(text: str) -> str | None:
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCT).strip()
    return text or None


def split_urdu_dateline(body: str) -> tuple[str | None, str | None, str]:
    """(dateline, source, body without the dateline) for a body opening with an Urdu dateline.

    ``source`` is the credit inside the parentheses with the date taken out, as printed
    (``اردو پوائنٹ اخبارتازہ ترین - اے پی پی``); None when the parentheses hold only a date.
    A body without a dateline comes back unchanged with (None, None).
    """
    match = _DATELINE.match(body)
    if not match:
        return None, None, body
    inner = unicodedata.normalize("NFC", match["inner"])
    # Date positions are found on the folded copy; folding and digit mapping keep string length
    # (one code point for one) except for removed joiners, so search the raw text with a map.
    found = _find_date_span(inner)
    if found is None and not _CREDIT_MARK.search(inner):
        return None, None, body
    if found is not None:
        start, end = found
        inner = inner[:start] + " " + inner[end:]
    place = _trim(match["place"])
    if place is None:
        return None, None, body
    rest = body[match.end() :].lstrip(_EDGE_PUNCT + "\n")
    return place, _trim(inner), rest


# _clean of one character, kept by character (the scripts of the site use a few hundred):
# _find_date_span folds a dateline one character at a time.
_CLEAN_CHAR: dict[str, str] = {}
_CLEAN_CHAR_MAX = 4096


def _clean_char(char: str) -> str:
    folded = _CLEAN_CHAR.get(char)
    if folded is None:
        folded = _clean(char)
        if len(_CLEAN_CHAR) < _CLEAN_CHAR_MAX:
            _CLEAN_CHAR[char] = folded
    return folded


def _find_date_span(text: str) -> tuple[int, int] | None:
    # Map each folded character back to its raw index so the span can be cut from the raw text.
    folded_chars = [_clean_char(char) for char in text]
    raw_index = [index for index, folded in enumerate(folded_chars) for _ in folded]
    folded_text = "".join(folded_chars)
    found = _find_date(folded_text)
    if found is None:
        return None
    match = found[0]
    start = raw_index[match.start()]
    end = raw_index[match.end() - 1] + 1
    return start, end
