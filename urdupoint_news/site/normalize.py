"""Text normalisation for *matching* (content hashes, near-duplicates, search), never for display.

Two copies of one story can differ in ways a reader never sees: Arabic vs Urdu code points for
the same letter, zero-width joiners, optional diacritics, Eastern Arabic digits, typographic
quotes. ``matching_text`` folds all of these so they hash and compare equal.

The Urdu letter folds are one table applied at three strengths, each built on the one before:

- ``fold_letters``: Arabic letters to Urdu ones, joiners removed (search terms; keeps ھ, marks,
  digits);
- ``fold_for_lookup``: NFC, then the above, and ھ to ہ (comparing words: month names, labels);
- ``matching_text``: the above, and marks, digits, case and punctuation (hashes, duplicates).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

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
# The same for ASCII text, as a table: str.translate is fast when text and table are ASCII.
_ASCII_NON_WORD = str.maketrans(
    {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code).isspace())}
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SPACE = re.compile(r"\s")
_PIECE = 1 << 16
_MARK_CATEGORIES = frozenset({"Mn", "Me"})


class _MatchingFold(dict):
    """``str.translate`` table filled on first sight of each code point.

    One pass over the compatibility-decomposed text (presentation forms become plain letters and
    ئ ۂ ۓ آ split into base letter + mark) deletes marks (harakat, Latin accents) and invisible
    characters, folds Arabic letters to Urdu ones and digits of any script to ASCII.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        folded: str | None
        if _INVISIBLE.match(char) or unicodedata.category(char) in _MARK_CATEGORIES:
            folded = None
        elif char.isdigit() and not char.isascii():
            folded = str(unicodedata.digit(char))
        else:
            folded = fold_for_lookup(char)
        self[code] = folded
        return folded


_MATCHING_FOLD = _MatchingFold()


def fold_letters(text: str) -> str:
    """Arabic code points to their Urdu equivalents and invisible joiners removed."""
    return _INVISIBLE.sub("", text).translate(_LETTER_FOLD)


def fold_for_lookup(text: str) -> str:
    """NFC text with Arabic ي ك ه folded to Urdu letters and joiners removed, for comparing words
    (month names, boilerplate labels), never for display.

    An Arabic keyboard has no do-chashmi heh (ھ), so بدھ arrives as بده: ھ folds to ہ as well.
    """
    return fold_letters(unicodedata.normalize("NFC", text)).translate(_ASPIRATE_FOLD)


def matching_text(text: str) -> str:
    """Lower-case, letter-folded, digit-folded, punctuation-free text with single spaces."""
    global _last_matching
    last = _last_matching
    if last[0] is text:
        return last[1]
    matching = " ".join(piece for piece in map(_matching_piece, pieces(text)) if piece)
    if len(text) <= _REMEMBER_CHARS:
        _last_matching = (text, matching)
    return matching


# The last body ``matching_text`` was given and its answer: the pipelines ask for the same body
# twice in a row (its content hash, then its near-duplicate signature). Compared by identity, so
# the check costs nothing; a page body longer than this is not kept.
_REMEMBER_CHARS = 1 << 20
_last_matching: tuple[str | None, str] = (None, "")


def _matching_piece(text: str) -> str:
    text = _folded(text)
    text = text.translate(_ASCII_NON_WORD) if text.isascii() else _NON_WORD.sub(" ", text)
    # str.split splits at exactly the characters the regex \s matches (str.isspace).
    return " ".join(text.split())


def _folded(text: str) -> str:
    # Every ASCII character folds to itself and decomposes to itself, so ASCII text only needs
    # its case folded, and in English text (ASCII but for a dash or a curly quote) only the
    # non-ASCII runs go through the table: str.translate takes a slow path, character by
    # character, for the whole text as soon as one character is not ASCII.
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    if 8 * (len(text.encode("utf-8")) - len(text)) < len(text):
        text = _NON_ASCII.sub(_fold_run, text)
    else:
        text = text.translate(_MATCHING_FOLD)
    return unicodedata.normalize("NFC", text).casefold()


def _fold_run(run: re.Match[str]) -> str:
    return run[0].translate(_MATCHING_FOLD)


def folded_pieces(text: str) -> Iterator[str]:
    """``text`` folded as ``matching_text`` folds it (marks, letter variants, digits of any
    script, case) but with its punctuation, a piece at a time (cut at whitespace)."""
    return map(_folded, pieces(text))


def pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of about ``_PIECE`` characters, cut just before a whitespace character.

    Every step of ``matching_text`` works character by character, and no character composes
    with a whitespace character, so pieces normalised apart and joined with one space give the
    text normalised whole; but a whole 20 MB body made the regex substitutions build lists of
    millions of pieces (hundreds of MB).
    """
    start = 0
    while len(text) - start > _PIECE:
        cut = _SPACE.search(text, start + _PIECE)
        if cut is None:
            break
        yield text[start : cut.start()]
        start = cut.start()
    yield text[start:] if start else text


def word_count(text: str) -> int:
    """Words (runs of non-space characters) in ``text``, counted without listing them."""
    return sum(len(piece.split()) for piece in pieces(text))


def content_hash(body: str) -> str:
    """Hash of the normalised body: identical stories hash alike whatever their code points."""
    return hashlib.sha256(matching_text(body).encode("utf-8")).hexdigest()


# --- search ------------------------------------------------------------------------------------
# The fold of the full-text index (archive/schema.py m012_folded_search) and of search queries:
# every spelling of a word becomes one. It is ``matching_text``'s fold written out as a table of
# single code points, so that SQLite can apply it with replace() in the index triggers, whoever
# writes an article: Arabic letters to Urdu ones, ھ to ہ, letters with a hamza or madda to their
# base letter, harakat, the superscript alef, Quranic marks, tatweel and invisible joiners
# removed, Urdu and Arabic-Indic digits to ASCII, curly quotes to straight ones. Latin accents and
# case are folded by the index's tokenizer (unicode61 remove_diacritics 2) on both sides, and
# punctuation separates words there, so they need no entry.
def _search_fold() -> dict[str, str]:
    fold = {chr(code): "" for code in range(0x064B, 0x0660)}  # harakat, shadda, sukun...
    fold["\u0670"] = ""  # SUPERSCRIPT ALEF
    for code in (*range(0x06D6, 0x06DD), *range(0x06DF, 0x06E5), 0x06E7, 0x06E8):
        fold[chr(code)] = ""  # Quranic annotation marks
    for code in range(0x06EA, 0x06EE):
        fold[chr(code)] = ""
    # The characters of _INVISIBLE: joiners, direction marks, soft hyphen, tatweel.
    for code in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065)):
        fold[chr(code)] = ""
    fold.update(dict.fromkeys("\ufeff\u00ad\u0640", ""))
    for source, target in _LETTER_FOLD.items():
        fold[chr(source)] = target
    fold["\u06be"] = "\u06c1"  # HEH DOACHASHMEE -> HEH GOAL (as fold_for_lookup)
    # Letters that NFKD splits into a base letter and a mark (the mark is dropped).
    fold.update({"\u0622": "\u0627", "\u0624": "\u0648", "\u0626": "\u06cc"})
    fold.update({"\u06c2": "\u06c1", "\u06d3": "\u06d2", "\u06c0": "\u06c1"})
    for digit in range(10):
        fold[chr(0x0660 + digit)] = str(digit)  # ARABIC-INDIC
        fold[chr(0x06F0 + digit)] = str(digit)  # EXTENDED ARABIC-INDIC (Urdu)
    fold.update(dict.fromkeys("\u2018\u2019\u201a\u201b", "'"))
    fold.update(dict.fromkeys("\u201c\u201d\u201e\u201f", '"'))
    return fold


SEARCH_FOLD: dict[str, str] = _search_fold()
# str.translate with a table this size goes character by character through a dict: on Urdu text,
# where about one character in fifty folds, replacing just the matches is four times faster.
_SEARCH_FOLDS = re.compile("[" + re.escape("".join(SEARCH_FOLD)) + "]")


def _search_folded(match: re.Match[str]) -> str:
    return SEARCH_FOLD[match[0]]


def fold_for_search(text: str) -> str:
    """``text`` as the full-text index holds it: one spelling for every variant of a word (see
    ``SEARCH_FOLD``). Each character folds on its own, to one character or none."""
    if text.isascii():  # every character the fold changes is outside ASCII
        return text
    return _SEARCH_FOLDS.sub(_search_folded, text)
