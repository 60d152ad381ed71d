"""What every English layout shares: ``common.StructuredLayout`` with the English rules (the
English dateline forms, ``<br>`` ends a paragraph, bullet lists are story text).

Layout versions subclass ``EnglishLayout`` and override a field when their markup holds it more
reliably, calling ``super()`` when the markup is missing (a half-redesigned page).
"""

from __future__ import annotations

from urdupoint_news.extraction.common import StructuredLayout
from urdupoint_news.extraction.wordlists import ENGLISH, EditionRules


class EnglishLayout(StructuredLayout):
    edition = "en"
    rules: EditionRules = ENGLISH
