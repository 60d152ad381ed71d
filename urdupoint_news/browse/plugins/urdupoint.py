"""Datasette plugin of ``urdupoint-news serve`` (loaded from this directory, not installed).

- SQL functions for the canned ``ranked_search``: ``urdupoint_match(q)`` is the MATCH expression
  ``urdupoint-news search`` would use (folded, as the index is), ``urdupoint_snippet(q, title,
  summary, body)`` its snippet of the text as published.
- ``/-/stories-per-day``: a stacked bar chart (SVG, no script) of stories per day and section
  over the last weeks of the archive (``?weeks=N``, 1 to 52).
"""

from __future__ import annotations

import html
import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from urdupoint_news.archive import query, snippets

# Colours for the sections (as many as there are; the rest share "other").
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
PER_DAY_SQL = """
    SELECT substr(published_at, 1, 10) AS day, coalesce(category, '') AS category,
           count(*) AS stories
    FROM articles
    WHERE published_at >= date((SELECT substr(max(published_at), 1, 10) FROM articles),
                               '-' || (7 * :weeks - 1) || ' days')
    GROUP BY day, category ORDER BY day, category
"""


def _match(text: str | None) -> str | None:
    try:
        return query.fts_query(text or "")
    except query.ArchiveError:
        return text  # FTS5 then reports the query as it does any bad one


def _snippet(text: str | None, *columns: str | None) -> str:
    try:
        phrases = snippets.query_phrases(query.fts_query(text or ""))
    except query.ArchiveError:
        return ""
    return " ".join(snippets.snippet(columns, phrases).split())


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("urdupoint_match", 1, _match, deterministic=True)
    conn.create_function("urdupoint_snippet", 4, _snippet, deterministic=True)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/stories-per-day$", stories_per_day)]


async def stories_per_day(datasette: Any, request: Any) -> Response:
    try:
        weeks = min(max(int(request.args.get("weeks", 4)), 1), 52)
    except ValueError:
        weeks = 4
    database = datasette.get_database()
    result = await database.execute(PER_DAY_SQL, {"weeks": weeks})
    rows = [(row["day"], row["category"], row["stories"]) for row in result.rows]
    return Response.html(chart_page(rows, weeks, database.name))


def chart_page(rows: list[tuple[str, str, int]], weeks: int, database: str) -> str:
    """An HTML page with a stacked bar per day (a colour per section) and a legend."""
    days = sorted({day for day, _, _ in rows})
    totals: dict[str, int] = {}
    for day, _, n in rows:
        totals[day] = totals.get(day, 0) + n
    by_size: dict[str, int] = {}
    for _, category, n in rows:
        by_size[category] = by_size.get(category, 0) + n
    sections = sorted(by_size, key=lambda c: (-by_size[c], c))
    colour = {
        c: PALETTE[i] if i < len(PALETTE) - 1 else PALETTE[-1] for i, c in enumerate(sections)
    }
    most = max(totals.values(), default=1)
    bar, gap, height, left, top = 18, 4, 240, 40, 10
    width = left + len(days) * (bar + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 90}"'
        ' role="img" aria-label="Stories per day and section">',
        f'<line x1="{left}" y1="{top + height}" x2="{width}" y2="{top + height}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 10}" font-size="11" text-anchor="end">{most}</text>',
        f'<text x="{left - 6}" y="{top + height}" font-size="11" text-anchor="end">0</text>',
    ]
    stacked: dict[str, int] = {}
    for day, category, n in rows:
        x = left + days.index(day) * (bar + gap)
        below = stacked.get(day, 0)
        y0 = top + height - round(below / most * height)
        h = round(n / most * height)
        label = html.escape(f"{day} {category or '(none)'}: {n}")
        parts.append(
            f'<rect x="{x}" y="{y0 - h}" width="{bar}" height="{h}" fill="{colour[category]}">'
            f"<title>{label}</title></rect>"
        )
        stacked[day] = below + n
    for i, day in enumerate(days):
        x = left + i * (bar + gap) + bar // 2
        parts.append(
            f'<text x="{x}" y="{top + height + 8}" font-size="10" text-anchor="end"'
            f' transform="rotate(-60 {x} {top + height + 8})">{day[5:]}</text>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span style="background:{colour[c]}">&nbsp;&nbsp;&nbsp;</span> '
        f"{html.escape(c or '(none)')}: {by_size[c]}</li>"
        for c in sections
    )
    table = "".join(
        f"<tr><td>{day}</td><td>{html.escape(category or '(none)')}</td><td>{n}</td></tr>"
        for day, category, n in rows
    )
    name = html.escape(database)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Stories per day and section</title>
<style>body {{ font-family: sans-serif; margin: 1em 2em; }} ul {{ list-style: none; padding: 0; }}
li span {{ display: inline-block; }} td {{ padding: 0 1em 0 0; }}</style></head>
<body><p><a href="/{name}">{name}</a></p>
<h1>Stories per day and section</h1>
<p>The last {weeks} weeks of the archive ({sum(totals.values())} stories on {len(days)} days).
Other spans: <a href="?weeks=1">1 week</a>, <a href="?weeks=4">4</a>, <a href="?weeks=12">12</a>.
The numbers: <a href="/{name}/stories_per_day?weeks={weeks}">stories_per_day</a>.</p>
{"".join(parts)}
<ul>{legend}</ul>
<details><summary>Table</summary><table><tr><th>day</th><th>section</th><th>stories</th></tr>
{table}</table></details>
</body></html>
"""
