"""Pages in the site's current article layout, for tests that change the sample site."""

from __future__ import annotations

import json


def current_article(
    path: str, title: str, stamp: str, iso: str, paragraphs: list[str], *, dateline: str
) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": iso,
        "author": {"@type": "Organization", "name": "UrduPoint"},
    }
    body = [
        f"<p>{dateline}, (UrduPoint / Pakistan Point News - 12th Sep, 2025) {paragraphs[0]}</p>"
    ]
    body += [f"<p>{text}</p>" for text in paragraphs[1:]]
    joined = "\n      ".join(body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - UrduPoint</title>
<link rel="canonical" href="https://www.urdupoint.com{path}">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body>
<div class="container"><div class="main_column">
  <h1>{title}</h1>
  <span class="article-date">Published {stamp}</span>
  <div class="detail_txt">
      {joined}
  </div>
  <div class="recent_stories"><h3>Recent Stories</h3>
  <ul><li><a href="/en/x-1.html">X</a></li></ul></div>
</div></div>
</body></html>
"""


def padded(page: bytes, size: int) -> bytes:
    """``page`` (an article page) with paragraphs of plain words added to its body until it
    weighs ``size`` bytes or a little more."""
    marker = b'<div class="detail_txt">'
    head, tail = page.split(marker, 1)
    paragraph = (
        b"<p>The provincial cabinet reviewed the prices of wheat flour, sugar and ghee after "
        b"traders in Lahore, Karachi and Peshawar protested against the new taxes.</p>\n"
    )
    count = max(0, size - len(page)) // len(paragraph) + 1
    return head + marker + b"\n" + paragraph * count + tail
