"""Publication dates to ISO 8601 with the Pakistan offset, e.g. ``2025-09-10T15:10:00+05:00``.

Decisions:
- A date without an offset (the site's stamp "Published September 10, 2025 | 03:10 PM", naive
  ISO strings) is Pakistan time, read with the ``Asia/Karachi`` rules.
- Every result is written with the fixed offset ``+05:00`` (Pakistan Standard Time, no DST since
  2009), so all stored dates sort and compare as text. A date that carries another offset
  ("2025-09-10T10:10:00Z") keeps its instant and is converted: ``2025-09-10T15:10:00+05:00``.
  (Consequence: a naive stamp from the 2008/2009 summers, when Pakistan used UTC+6, comes out one
  hour earlier on the +05:00 clock; the instant is right.)
- Precision: seconds are kept when given, otherwise ``:00``; fractions are dropped.
- A date with no time of day is midnight Pakistan time.
- Anything unparseable gives None, never an exception.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

# The one definition of Pakistan time for the site layer (urdu.py reads it from here): the zone
# whose rules read a wall-clock stamp, and the fixed offset every stored date is written at.
PAKISTAN = ZoneInfo("Asia/Karachi")
PKT = timezone(timedelta(hours=5), "PKT")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# "September 10, 2025" / "Sep 10 2025" and "10 Sep 2025" / "10th Sep, 2025" / "Tue 10 Sep 2025".
_DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
]
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?(?!\w)"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def to_pakistan_iso(moment: datetime) -> str:
    """An aware datetime (or a naive one, taken as Pakistan time) as ISO 8601 at +05:00."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=PAKISTAN)
    return moment.astimezone(PKT).replace(microsecond=0).isoformat(timespec="seconds")


def _clock(text: str) -> time | None:
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _calendar_day(text: str) -> date | None:
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = _MONTHS.get(match["month"].lower())
            if month is None:
                continue
            try:
                return date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                continue
    return None


def parse_site_date(text: str | None) -> str | None:
    """The site's stamps: "Published September 10, 2025 | 03:10 PM", "Tue 10 Sep 2025 | 3:10 pm",
    "10th Sep, 2025"... (Pakistan time)."""
    if not text:
        return None
    day = _calendar_day(text)
    if day is None:
        return None
    # Look for the time after the date's year so "10th" or the year are never read as a clock.
    year_at = text.find(str(day.year))
    clock = _clock(text[year_at + 4 :]) if year_at >= 0 else None
    return to_pakistan_iso(datetime.combine(day, clock or time(0, 0)))


def parse_iso_date(text: str | None) -> str | None:
    """ISO 8601 as found in JSON-LD, meta tags and ``<time datetime>`` ("2025-09-10T15:10:00+05:00",
    "2025-09-10T10:10:00Z", "2025-09-10 15:10", "2025-09-10")."""
    if not text:
        return None
    text = text.strip()
    if not _ISO_DATE.match(text):
        return None
    candidate = text[:-1] + "+00:00" if text[-1] in "Zz" else text
    # "+0500" (no colon) is common in feeds; fromisoformat in 3.11 takes it, but not "+05".
    candidate = re.sub(r"([+-]\d{2})$", r"\1:00", candidate)
    try:
        return to_pakistan_iso(datetime.fromisoformat(candidate))
    except ValueError:
        return None


def parse_rfc2822_date(text: str | None) -> str | None:
    """RSS ``pubDate``: "Wed, 10 Sep 2025 10:10:00 +0000"."""
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None and "-0000" in text:
        moment = moment.replace(tzinfo=UTC)  # "-0000" means "zone unknown"; feeds mean UTC by it
    return to_pakistan_iso(moment)


def parse_date(text: str | None) -> str | None:
    """Any date the site or its structured data writes, as ISO 8601 (+05:00), else None."""
    if not text or not text.strip():
        return None
    return parse_iso_date(text) or parse_rfc2822_date(text) or parse_site_date(text)
