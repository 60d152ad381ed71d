"""The sample site after a redesign our parsers do not know: bylines, dates or listing items.

Each variant rewrites every English story page the mirror serves (``SiteMirror.set_page``), the
way a site-wide template change would, and leaves listings and the Urdu edition alone:

- ``change_bylines``: the author's ``/en/team/`` link becomes plain text in a ``writer`` element
  (no ``author``/``byline`` class, no ``rel=author``), and the NewsArticle JSON-LD credits the
  site instead of the person. Every story still parses; none has an author any more.
- ``change_dates``: the date inside the dateline is written as digits,
  ``LAHORE, (UrduPoint / Pakistan Point News / Online - 10/09/2025)``, and the byline stamp
  reads ``Published 10/09/2025 | 03:10 PM``. The JSON-LD ``datePublished`` is unchanged, so
  every story is still dated; the dateline is no longer recognised, so no story has one.
- ``change_item_markup``: every listing, home and load-more answer keeps its items in class names
  no evidence names (``div.story_tile``, ``li.feed_cell``, ``div.headline_row``...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.urls import SITE_URL, is_en_article, is_ur_article

_TEAM_LINK = re.compile(r'<a\b[^>]*href="[^"]*/en/team/[^"]*"[^>]*>(.*?)</a>', re.S)
_LD_AUTHOR = re.compile(r'"author"\s*:\s*(\{[^{}]*\}|\[[^\[\]]*\])')
_BYLINE_CLASS = re.compile(r'(class="[^"]*?)\b[\w-]*(?:author|byline)[\w-]*')
_REL_AUTHOR = re.compile(r'\s+rel="author"')
_META_AUTHOR = re.compile(r'<meta\s+(?:name|property)="(?:article:)?author"[^>]*>')

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
# "- 10th Sep, 2025)" and "-March 23rd, 2024)" at the end of a dateline's parentheses.
_DATELINE_DATE = re.compile(
    r"-\s*(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9}),?"
    r"|(?P<m2>[A-Za-z]{3,9})\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)\s+(?P<y>\d{4})\s*\)"
)
# "Published September 10, 2025 | 03:10 PM" and "Fri 18th December 2020 | 03:40 PM"
_STAMP = re.compile(
    r"(?:Published\s+)?(?:[A-Z][a-z]{2}\s+)?"
    r"(?:(?P<m1>[A-Z][a-z]+)\s+(?P<d1>\d{1,2}),|(?P<d2>\d{1,2})(?:st|nd|rd|th)\s+(?P<m2>[A-Z][a-z]+))"
    r"\s+(?P<y>\d{4})\s*\|"
)


def _numeric(match: re.Match[str]) -> str | None:
    month = _MONTHS.get((match["m1"] or match["m2"]).lower())
    if month is None:
        return None
    return f"{int(match['d1'] or match['d2']):02d}/{month:02d}/{match['y']}"


def rewrite_bylines(html: str) -> str:
    html = _TEAM_LINK.sub(r'<span class="writer">\1</span>', html)
    html = _LD_AUTHOR.sub('"author": {"@type": "Organization", "name": "UrduPoint"}', html)
    html = _META_AUTHOR.sub("", html)
    html = _REL_AUTHOR.sub("", html)
    return _BYLINE_CLASS.sub(r"\1writer", html)


def rewrite_dates(html: str) -> str:
    def dateline(match: re.Match[str]) -> str:
        numeric = _numeric(match)
        return match[0] if numeric is None else f"- {numeric})"

    def stamp(match: re.Match[str]) -> str:
        numeric = _numeric(match)
        return match[0] if numeric is None else f"Published {numeric} |"

    return _STAMP.sub(stamp, _DATELINE_DATE.sub(dateline, html))


def rewrite_stories(site: SiteMirror, rewrite: Callable[[str], str]) -> list[str]:
    """Serve every English story page rewritten by ``rewrite``; the paths changed."""
    changed = []
    for path in sorted(site.manifest):
        found = site.lookup(path)
        if not path.startswith("/en/") or found is None or "html" not in found[1]:
            continue
        html = found[0].decode("utf-8")
        if (new := rewrite(html)) != html:
            site.set_page(path, new)
            changed.append(path)
    return changed


def change_bylines(site: SiteMirror) -> list[str]:
    """Serve every English story with the changed byline markup; the paths changed."""
    return rewrite_stories(site, rewrite_bylines)


def change_dates(site: SiteMirror) -> list[str]:
    """Serve every English story with the changed date markup; the paths changed."""
    return rewrite_stories(site, rewrite_dates)


# --- listings in an item markup nobody described -------------------------------------------------
# Every evidenced listing item markup, renamed to class names no evidence (and no code) knows.
_ITEM_CLASSES = {
    "news_list_big": "headline_row",
    "news_big_item": "story_tile",
    "sharp_box_wrap": "story_tile",
    "item_shadow": "feed_cell",
    "news_list": "story_column",
    "txt_box": "story_tile",
}
_ITEM_CLASS = re.compile(r"\b(" + "|".join(_ITEM_CLASSES) + r")\b")


def served_files(site: SiteMirror) -> dict[str, Path]:
    """URL path -> file of every page the mirror's roots hold (the first root wins)."""
    found: dict[str, Path] = {}
    for root in site.roots:
        for file in sorted(root.rglob("*")):
            if not file.is_file() or file.name in ("manifest.json", "README.md"):
                continue
            path = "/" + file.relative_to(root).as_posix()
            path = path.removesuffix("index.html")
            found.setdefault(path, file)
    return found


def change_item_markup(site: SiteMirror) -> list[str]:
    """Serve every listing page, home and load-more answer with its items in a markup nobody
    described (``div.story_tile``, ``li.feed_cell``...); story pages are left alone. The paths
    changed."""
    changed = []
    for path, file in served_files(site).items():
        if not file.name.endswith((".html", ".json")) or is_en_article(SITE_URL + path, SITE_URL):
            continue
        if is_ur_article(SITE_URL + path, SITE_URL):
            continue
        text = file.read_text("utf-8")
        new = _ITEM_CLASS.sub(lambda match: _ITEM_CLASSES[match[1]], text)
        if new != text:
            site.set_page(path, new)
            changed.append(path)
    return changed
