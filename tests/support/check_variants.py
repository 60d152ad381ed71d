"""Sample-site variants for the cross-checks (crawl/checks/): markup no parser knows, and a
printed date that disagrees with the structured data. Each rewrites every English story page
the mirror serves, as a site-wide template change would; listings and the Urdu edition stay.

- ``move_bodies``: the story moves out of ``div.detail_txt`` into a new ``div.story-flow`` with
  a promotion box mixed in after its first paragraph; an empty-looking ``div.detail_txt`` (a
  "Listen to this story" player) is left above the headline; the ``.article-date`` stamps become
  ``.pub-stamp``. No evidence names any of this: it is invented.
- ``shift_structured_dates``: the NewsArticle's ``datePublished`` is two hours later than the
  printed stamp.
"""

from __future__ import annotations

import re

from support.site_variants import rewrite_stories
from urdupoint_news.demo.mirror import SiteMirror

PROMO = (
    '<div class="x-promo"><p>Don\'t miss: government announces a new relief package for farmers '
    "across the province today ..</p></div>"
)
_LD_DATE = re.compile(r'("datePublished"\s*:\s*"\d{4}-\d\d-\d\dT)(\d\d)')


def rewrite_bodies(html: str) -> str:
    if 'class="detail_txt' not in html:
        return html
    html = html.replace('class="detail_txt', 'class="story-flow')
    start = html.find('class="story-flow')
    close = html.find("</p>", start)
    if close >= 0:
        html = html[: close + 4] + PROMO + html[close + 4 :]
    player = '<div class="detail_txt"><p>Listen to this story</p></div>\n'
    html = re.sub(r"(<h1\b)", lambda m: player + m[1], html, count=1)
    return html.replace('class="article-date"', 'class="pub-stamp"')


def shift_dates(html: str) -> str:
    return _LD_DATE.sub(lambda m: f"{m[1]}{(int(m[2]) + 2) % 24:02d}", html)


def move_bodies(site: SiteMirror) -> list[str]:
    return rewrite_stories(site, rewrite_bodies)


def shift_structured_dates(site: SiteMirror) -> list[str]:
    return rewrite_stories(site, shift_dates)
