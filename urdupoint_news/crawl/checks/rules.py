"""When two sources of a field agree. One function per field; each takes two normalised values.

- dates: the same minute at +05:00, or the same day when either source gives a day only;
- sections: the same slug (both are slugs of site/sections.py already);
- titles: equal once folded (case, letter variants, punctuation, spacing), or one containing the
  other once the site's suffix is dropped (" - UrduPoint", " - اُردو پوائنٹ کھیل");
- authors: equal once folded, or one containing the other (a full name and a shorter one);
- bodies: ``body_shares`` gives the share of the generic extractor's sentences the layout's body
  holds, and the share of the layout's sentences the generic text holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from urdupoint_news.site.normalize import matching_text

# " - UrduPoint", " | Pakistan Point News", " - اُردو پوائنٹ <section>" at a title's end.
_TITLE_SUFFIX = re.compile(
    r"\s*[-|–—:]\s*(?:urdupoint(?:\.com)?|pakistan point news|urdu point|اُ?ردو\s*پوائنٹ)\b.*$",
    re.IGNORECASE,
)
# Sentence ends: Latin and Urdu full stops, question and exclamation marks, line breaks.
_SENTENCE_END = re.compile(r"(?<=[.!?۔؟])\s+|\n+")
# A sentence of fewer words says too little to be matched (a stray "Read more", a time).
MIN_SENTENCE_WORDS = 4


def dates_agree(a: str, b: str) -> bool:
    if len(a) == 10 or len(b) == 10:  # a day only (URL, sitemap): the other's day
        return a[:10] == b[:10]
    return a[:16] == b[:16]


def sections_agree(a: str, b: str) -> bool:
    return a == b


def _fold_title(text: str) -> str:
    return matching_text(_TITLE_SUFFIX.sub("", text))


def titles_agree(a: str, b: str) -> bool:
    fa, fb = _fold_title(a), _fold_title(b)
    if not fa or not fb:
        return fa == fb
    return fa == fb or fa in fb or fb in fa


def authors_agree(a: str, b: str) -> bool:
    fa, fb = matching_text(a), matching_text(b)
    return fa == fb or (bool(fa) and bool(fb) and (fa in fb or fb in fa))


AGREE: dict[str, Callable[[str, str], bool]] = {
    "published_at": dates_agree,
    "category": sections_agree,
    "title": titles_agree,
    "author": authors_agree,
}


def sentences(paragraphs: list[str]) -> list[str]:
    """The folded sentences of a text worth matching (``MIN_SENTENCE_WORDS`` words or more)."""
    found = []
    for paragraph in paragraphs:
        for sentence in _SENTENCE_END.split(paragraph):
            folded = matching_text(sentence)
            if folded.count(" ") + 1 >= MIN_SENTENCE_WORDS:
                found.append(folded)
    return found


@dataclass(frozen=True)
class BodyShares:
    """How much of each body the other holds, by sentences."""

    generic_sentences: int
    layout_sentences: int
    generic_held: float  # share of the generic extractor's sentences found in the layout body
    layout_held: float  # share of the layout body's sentences found in the generic text
    first_missing: str | None  # a generic sentence the layout body lacks (for the record)
    first_extra: str | None  # a layout sentence the generic text lacks


def _tail(sentence: str) -> str:
    words = sentence.split(" ")
    return " ".join(words[len(words) // 3 :])


def _held(mine: list[str], other_text: str) -> tuple[float, str | None]:
    if not mine:
        return 1.0, None
    held, first_missing = 0, None
    for sentence in mine:
        # Contained rather than equal: the two may cut paragraphs differently. The layouts split
        # the dateline off the first paragraph and the generic text keeps it: a sentence whose
        # last two thirds are held is held.
        if sentence in other_text or _tail(sentence) in other_text:
            held += 1
        elif first_missing is None:
            first_missing = sentence
    return held / len(mine), first_missing


def body_shares(layout: list[str], generic: list[str]) -> BodyShares:
    layout_sentences, generic_sentences = sentences(layout), sentences(generic)
    layout_text = matching_text(" ".join(layout))
    generic_text = matching_text(" ".join(generic))
    generic_held, missing = _held(generic_sentences, layout_text)
    layout_held, extra = _held(layout_sentences, generic_text)
    return BodyShares(
        len(generic_sentences), len(layout_sentences), generic_held, layout_held, missing, extra
    )
