"""Display text cleanup: what a reader sees, stored in ``title``, ``summary``, ``body``.

(Matching normalisation for hashes and duplicates lives in ``normalize.py``.)
"""

from __future__ import annotations

import html
import re
import unicodedata

# Two or more line breaks (blank lines may hold stray spaces) end a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SPACES = re.compile(r"\s+")


def _unescape(text: str) -> str:
    # Feeds and CMS fields are sometimes escaped twice ("&amp;amp;"): unescape to a fixed point so
    # that clean_text(clean_text(x)) == clean_text(x). Each pass shortens or keeps the string.
    while True:
        unescaped = html.unescape(text)
        if unescaped == text:
            return text
        text = unescaped


def clean_text(s: str | None) -> str | None:
    """Unescape entities, NFC-normalise, collapse whitespace inside paragraphs.

    Paragraphs (separated by a blank line in the input) come out separated by exactly one blank
    line; single line breaks inside a paragraph become spaces. Returns None for None and for text
    that is empty once cleaned. Idempotent.
    """
    if s is None:
        return None
    text = unicodedata.normalize("NFC", _unescape(s))
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n")
    paragraphs = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text))
    cleaned = "\n\n".join(p for p in paragraphs if p)
    return cleaned or None


def join_paragraphs(paragraphs: list[str]) -> str | None:
    """Clean each paragraph (a paragraph never spans a blank line) and join them with one."""
    cleaned = (clean_text(_SPACES.sub(" ", p)) for p in paragraphs)
    return clean_text("\n\n".join(p for p in cleaned if p))
