"""Text normalisation for *matching* (content hashes, near-duplicates, search), never for display.

Two copies of one story can differ in ways a reader never sees: Arabic vs Urdu code points for
the same letter, zero-width joiners, optional diacritics, Eastern Arabic digits, typographic
quotes. ``matching_text`` folds all of these so they hash and compare equal.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# The same letter has an Arabic and an Urdu code point; the site publishes the Urdu ones, copies
# elsewhere (and some keyboards) use the Arabic ones.
_LETTER_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # ARABIC YEH -> FARSI/URDU YEH
        "\u0649": "\u06cc",  # ALEF MAKSURA -> URDU YEH
        "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
        "\u0647": "\u06c1",  # ARABIC HEH -> HEH GOAL
        "\u06d5": "\u06c1",  # AE -> HEH GOAL
        "\u0629": "\u06c3",  # TEH MARBUTA -> TEH MARBUTA GOAL
        "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
        "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
        "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    }
)
# An Arabic keyboard has no do-chashmi heh, so بدھ is typed بده; once ه is folded to ہ the
# aspirate heh must follow or the copy never matches. Matching only: display keeps ھ.
_ASPIRATE_FOLD = str.maketrans({"\u06be": "\u06c1"})  # HEH DOACHASHMEE -> HEH GOAL
# Joiners, marks and other invisible characters that change the bytes but not the text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad\u0640]")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_MARK_CATEGORIES = frozenset({"Mn", "Me"})


def _strip_marks(text: str) -> str:
    # Compatibility-decompose first: Arabic presentation forms become plain letters and letters
    # with a hamza or madda (ئ ۂ ۓ آ) split into base + mark, so the letter fold and the mark
    # removal below see base letters. Harakat and Latin accents are non-spacing marks.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in _MARK_CATEGORIES)


def _fold_digits(text: str) -> str:
    # Eastern Arabic (٠-٩), Urdu/Persian (۰-۹) and any other Nd digit -> ASCII.
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def fold_letters(text: str) -> str:
    """Arabic code points to their Urdu equivalents and invisible joiners removed."""
    return _INVISIBLE.sub("", text).translate(_LETTER_FOLD)


def matching_text(text: str) -> str:
    """Lower-case, letter-folded, digit-folded, punctuation-free text with single spaces."""
    text = fold_letters(_strip_marks(text)).translate(_ASPIRATE_FOLD)
    text = _fold_digits(unicodedata.normalize("NFC", text)).casefold()
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def content_hash(body: str) -> str:
    """Hash of the normalised body: identical stories hash alike whatever their code points."""
    return hashlib.sha256(matching_text(body).encode("utf-8")).hexdigest()
