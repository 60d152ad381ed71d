"""Rendering rows for people (an aligned table) and for programs (JSON, JSON Lines, CSV).

Writers take any iterable of dicts and write as they go, so an export of the whole archive never
holds more than one row in memory.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import BinaryIO, TextIO

# (key in the row, column header)
Columns = Sequence[tuple[str, str]]

_MIN_WIDTH = 8

# Column headers of the coverage tables (``stats``, ``doctor``) for archive.coverage.FIELDS.
COVERAGE_LABELS = {
    "title": "title",
    "published_at": "published",
    "author": "author",
    "dateline": "dateline",
    "source": "source",
    "category": "category",
    "summary": "summary",
    "image_url": "image",
}


def write_json(rows: Iterable[dict], out: TextIO) -> None:
    """A JSON array with one object per line (an empty result is ``[]``)."""
    first = True
    out.write("[")
    for row in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(row, ensure_ascii=False))
        first = False
    out.write("]\n" if first else "\n]\n")


def write_bytes(lines: Iterable[bytes], out: BinaryIO) -> None:
    """Lines already encoded, such as the JSON Lines of ``query.export_jsonl``."""
    for line in lines:
        out.write(line)


def write_csv(rows: Iterable[dict], columns: Sequence[str], out: TextIO) -> None:
    """CSV with a header row; None is an empty field, line breaks inside fields are quoted."""
    writer = csv.DictWriter(
        out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters count 2, combining marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for ch in text:
        cell = display_width(ch)
        if used + cell > width - 1:
            break
        kept.append(ch)
        used += cell
    return "".join(kept) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _cell(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def write_table(
    rows: Iterable[dict], columns: Columns, out: TextIO, *, width: int | None = None
) -> None:
    """An aligned table with a header; with ``width``, the widest columns are shortened (with an
    ellipsis) until each line fits."""
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    headers = [header for _, header in columns]
    widths = [
        max([display_width(header)] + [display_width(line[i]) for line in cells])
        for i, header in enumerate(headers)
    ]
    if width is not None:
        gaps = 2 * (len(widths) - 1)
        while sum(widths) + gaps > width:
            widest = max(range(len(widths)), key=lambda i: widths[i])
            if widths[widest] <= _MIN_WIDTH:
                break
            widths[widest] -= 1
    for line in [headers, ["-" * w for w in widths], *cells]:
        parts = [_pad(truncate(text, w), w) for text, w in zip(line, widths, strict=True)]
        out.write("  ".join(parts).rstrip() + "\n")
