"""The Urdu edition's article layout since about 2021 (``ur_current``); ``ur_legacy`` subclasses it.

Markup (docs/extraction.md): ``div.news_article`` holding the headline (``h1.urdu``, in 2021
``h1.fs24.lh48.urdu.ar.rtl``), a sub-headline (``h2``), the printed date as the first ``p``
split over spans (``<span>اتوار</span> <span>14 ستمبر 2025</span> <span>19:50</span>``, 24-hour
Pakistan time) and the body in ``div.detail_txt.urdu.fs17.lh34.aj.rtl`` (or ``… ar rtl``) with
``googletag`` scripts and a ``div.txt_banner`` "(جاری ہے)" ("continued") inside it; the section
is the second link of ``ul.bread_crumb_en`` (Urdu text, e.g. ``کھیل`` -> ``/sports/news.html``);
tags in ``div.tagcloud.rtl.ar.urdu``; four JSON-LD blocks, the NewsArticle with
``datePublished`` like ``2025-09-14T19:50:00+0500``. The first sample pages of this project
(``div.main_bar.fr.news_article``, the date in a ``.article-date`` element, ``div.breadcrumb``,
the body as ``p`` elements with or without ``div.detail_txt``) are read by the same layout.

Recognised by ``div.news_article`` whose headline is written in Arabic script, on a page outside
``/en/``; ``dir="rtl"`` is not evidenced on the real pages and is not looked at.

Fields, and the decisions behind them (dates, category, author, source, body):
``ur_common.UrduLayout``.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.ur_common import UrduLayout, written_in_arabic_script


class UrCurrent(UrduLayout):
    name: ClassVar[str] = "ur_current"

    @classmethod
    def matches(cls, page: Page) -> bool:
        if urlsplit(page.url).path.startswith("/en/"):
            return False
        article = page.first(cls.ARTICLE)
        return article is not None and written_in_arabic_script(article, cls.TITLE)
