"""Display text cleanup: what a reader sees, stored in ``title``, ``summary``, ``body``.

(Matching normalisation for hashes and duplicates lives in ``normalize.py``.)
"""

from __future__ import annotations

import html
import re
import unicodedata

# Two or more line breaks (blank lines may hold stray spaces) end a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _unescape(text: str) -> str:
    # Feeds and CMS fields are sometimes escaped twice ("&amp;amp;"): unescape to a fixed point so
    # that clean_text(clean_text(x)) == clean_text(x). Each pass shortens or keeps the string.
    while "&" in text:
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _collapse(text: str) -> str:
    # re.sub(r"\s+", " ", text).strip() without a regex substitution per space (\s and
    # str.split() agree on every code point); a page's text goes through here several times.
    return " ".join(text.split())


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
    if "\n" not in text:  # one paragraph
        return _collapse(text) or None
    paragraphs = (_collapse(part) for part in _PARAGRAPH_BREAK.split(text))
    cleaned = "\n\n".join(p for p in paragraphs if p)
    return cleaned or None


def join_paragraphs(paragraphs: list[str]) -> str | None:
    """Clean each paragraph (a paragraph never spans a blank line) and join them with one."""
    cleaned = (clean_text(_collapse(p)) for p in paragraphs)
    return clean_text("\n\n".join(p for p in cleaned if p))
