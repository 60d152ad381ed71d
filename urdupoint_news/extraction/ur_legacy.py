"""The Urdu edition's article layout before about 2021 (``ur_legacy``).

Markup (docs/extraction.md): as ``ur_current`` (``div.news_article``, ``h1``/``h2``, the printed
date as the first ``p``, ``ul.bread_crumb_en``, ``div.tagcloud``) but with the body in
``div.txt_detail.urdu.ar.rtl``, mostly bare text and ``<br>``s with ``googletag`` scripts and
the "(جاری ہے)" banner inside. Pages of this age may carry no NewsArticle JSON-LD, so the
printed date is what dates them.

Only the body selector changed, so this version subclasses the current one (Fundus' ``V1_1``);
it is recognised by its body container and tried before ``ur_current``.
"""

from __future__ import annotations

from typing import ClassVar

from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.ur_current import UrCurrent


class UrLegacy(UrCurrent):
    name: ClassVar[str] = "ur_legacy"

    BODY: ClassVar[str] = "div.txt_detail"

    @classmethod
    def matches(cls, page: Page) -> bool:
        return super().matches(page) and bool(page.css(f"{cls.ARTICLE} {cls.BODY}"))
