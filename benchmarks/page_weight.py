"""Boilerplate that gives a benchmark page the weight of a real one (``--page-kb``).

The site's real article and listing pages are 80-200 KB, and most of that is not the story: a
stylesheet and scripts inlined in the ``<head>``, a menu of every section with its sub-sections,
side widgets of links, a footer of link lists, and more scripts at the end of the body (ads,
analytics, consent). ``weigh(html, kb)`` adds such blocks to a page until it is about ``kb``
KiB, in the places a real page has them:

* ``<head>``: an inline ``<style>`` of CSS rules and two inline ``<script>`` blocks (a
  configuration object and ad-slot code): 45 % of the padding;
* right after ``<body ...>``: a ``<header>`` mega menu of sections and sub-sections: 20 %;
* before ``</body>``: an ``<aside>`` of "trending" and "most read" widgets and a ``<footer>`` of
  link lists (20 %), then inline scripts (15 %).

Links go to pages a crawl of the English edition never follows (the Urdu edition's sections,
other sites), so it fetches the same pages at every weight; link texts are words, never numbers
(a listing reads a number as a page link). The padding is the same on
every page of one weight, as a site's template is; the story stays where it was.
"""

from __future__ import annotations

import random
import re

SECTIONS = (
    "videos", "tags", "info", "team", "horoscope", "prayer-timings", "weather-forecast",
    "currency-rates", "gold-rates", "live-tv", "photos", "blogs", "columns", "cricket-score",
)  # fmt: skip
WORDS = tuple(
    " ".join(
        (
            "pakistan world business sports technology health education agriculture",
            "entertainment weather islamabad lahore karachi peshawar quetta cricket hockey",
            "football markets gold currency rates live videos photos columns blogs opinion",
            "editorial trending latest popular minister government budget elections court",
            "police economy exports energy climate rain heat flood wheat cotton stock exchange",
            "rupee dollar oil prices jobs students results",
        )
    ).split(" ")
)
OTHER_SITES = ("facebook.com", "youtube.com", "x.com", "instagram.com", "play.google.com")
BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def _link(rng: random.Random) -> str:
    # Links a crawl of the English edition never follows: the Urdu edition's pages and other
    # sites. (English links that look like section pages would be asked for by the spider's
    # section discovery, and the crawl would fetch more pages at one weight than at another.)
    slug = "-".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.8:
        href = f"https://www.urdupoint.com/daily/{rng.choice(SECTIONS)}/{slug}.html"
    else:
        href = f"https://www.{rng.choice(OTHER_SITES)}/urdupoint/{slug}"
    return f'<a href="{href}" title="{_text(rng, 3, 8)}">{_text(rng, 2, 6)}</a>'


def _style(rng: random.Random, size: int) -> str:
    rules = []
    while sum(map(len, rules)) < size:
        name = f".{rng.choice(WORDS)}_{rng.choice(WORDS)}"
        rules.append(
            f"{name}{{margin:{rng.randint(0, 20)}px {rng.randint(0, 20)}px;padding:"
            f"{rng.randint(0, 12)}px;color:#{rng.randrange(16**6):06x};font-size:"
            f"{rng.randint(10, 24)}px;line-height:{rng.uniform(1, 2):.2f}}}\n"
        )
    return "<style>\n" + "".join(rules) + "</style>\n"


def _script(rng: random.Random, size: int) -> str:
    lines = ["<script>\n(function(w,d){\n"]
    while sum(map(len, lines)) < size:
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS).capitalize()}"
        lines.append(
            f"  w.{name}=function(e,t){{var n=d.querySelectorAll('.{rng.choice(WORDS)}');"
            f"for(var i=0;i<n.length;i++){{n[i].setAttribute('data-{rng.choice(WORDS)}',"
            f"'{rng.randrange(10**8)}');}}return t||{rng.randrange(1000)};}};\n"
        )
    lines.append("})(window,document);\n</script>\n")
    return "".join(lines)


def _menu(rng: random.Random, size: int) -> str:
    groups = []
    while sum(map(len, groups)) < size:
        links = "".join(f"<li>{_link(rng)}</li>" for _ in range(rng.randint(6, 12)))
        groups.append(
            f'<li class="mega_group"><span>{_text(rng, 1, 3)}</span><ul>{links}</ul></li>\n'
        )
    return (
        '<header class="mega_header"><ul class="mega_menu">\n'
        + "".join(groups)
        + "</ul></header>\n"
    )


def _widgets(rng: random.Random, size: int) -> str:
    half = size // 2
    aside: list[str] = []
    while sum(map(len, aside)) < half:
        items = "".join(
            f'<li><img src="/en/images/w{rng.randrange(10**5)}.jpg" alt="{_text(rng, 2, 5)}">'
            f"{_link(rng)}<span>{_text(rng, 2, 4)}</span></li>"
            for _ in range(rng.randint(5, 10))
        )
        aside.append(f'<div class="widget"><h4>{_text(rng, 1, 3)}</h4><ul>{items}</ul></div>\n')
    footer: list[str] = []
    while sum(map(len, footer)) < size - half:
        links = "".join(f"<li>{_link(rng)}</li>" for _ in range(rng.randint(8, 16)))
        footer.append(f'<ul class="footer_list">{links}</ul>\n')
    return (
        '<aside class="widgets">\n' + "".join(aside) + "</aside>\n"
        '<footer class="mega_footer">\n' + "".join(footer) + "</footer>\n"
    )


_cache: dict[int, tuple[str, str, str]] = {}


def padding(extra: int) -> tuple[str, str, str]:
    """The head, body-start and body-end blocks of about ``extra`` bytes (cached by size)."""
    if extra not in _cache:
        rng = random.Random(extra)
        head = _style(rng, extra * 25 // 100) + _script(rng, extra * 20 // 100)
        start = _menu(rng, extra * 20 // 100)
        end = _widgets(rng, extra * 20 // 100) + _script(rng, extra * 15 // 100)
        _cache[extra] = (head, start, end)
    return _cache[extra]


def weigh(html: str, kb: float) -> str:
    """``html`` with boilerplate added up to about ``kb`` KiB (unchanged when 0 or already as
    large). The padding comes in steps of 4 KiB, so pages of one site share a few templates."""
    missing = int(kb * 1024) - len(html.encode("utf-8"))
    if kb <= 0 or missing <= 0:
        return html
    step = 4096
    head, start, end = padding(max(step, round(missing / step) * step))
    html = html.replace("</head>", head + "</head>", 1)
    opening = BODY_OPEN.search(html)
    if opening:
        html = html[: opening.end()] + "\n" + start + html[opening.end() :]
    closing = html.rfind("</body>")
    if closing < 0:
        return html + end
    return html[:closing] + end + html[closing:]
