"""Snippets of search results, cut from the text as published.

The full-text index holds folded text (``normalize.SEARCH_FOLD``, migration m012), so FTS5's own
``snippet()`` cannot be used: it would find the matches' token positions in the folded text and
cut them out of the published text, which has other tokens where a word carries harakat. Here the
published text is tokenized the way the index tokenizes its folded form (a mark or joiner inside
a word neither splits it nor counts), each token is compared, folded, with the query's phrases,
and the fragment is chosen and marked by FTS5's rules for ``snippet(t, -1, open, close, '…', N)``
(fts5_aux.c): the same words, ranked the same way, so a snippet reads as FTS5's always did.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from urdupoint_news.archive.schema import FTS_COLUMNS
from urdupoint_news.site.normalize import SEARCH_FOLD, fold_for_search

_REMOVED = "".join(sorted(char for char, target in SEARCH_FOLD.items() if not target))
# A token: letters and digits, with the characters the fold removes allowed inside.
_TOKEN = re.compile(r"(?:[^\W_]|[" + re.escape(_REMOVED) + r"])+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# A bareword or a "phrase" of an FTS5 query, with an optional column filter before it and an
# optional prefix star after it.
_QUERY_PART = re.compile(r'"((?:[^"]|"")*)"(\*?)|([^\s"()^+:*{}]+)(\*?)(:?)')
_WHITESPACE = " \t\n\r"


@dataclass(frozen=True)
class Phrase:
    """One phrase of a query: the folded keys of its tokens; the last may be a prefix."""

    keys: tuple[str, ...]
    prefix: bool = False
    # The one column it is searched in (``title:word``), as an index of FTS_COLUMNS.
    column: int | None = None


_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
# A token, captured, so that re.split gives separators and tokens in turn.
_SPLIT = re.compile("(" + _TOKEN.pattern + ")")
_SENTENCE_END = re.compile(r"[.:][ \t\n\r]+\Z")


def token_keys(words: list[str]) -> list[str]:
    """Tokens as the index compares them: folded, accents removed, case folded. All at once,
    joined by a character no step touches: a function call per token cost more than the rest
    of a snippet (issue 22)."""
    if not words:
        return []
    joined = "\x00".join(words)
    if joined.isascii():
        return joined.lower().split("\x00")
    folded = fold_for_search(joined)
    decomposed = unicodedata.normalize("NFD", folded)
    if _LATIN_MARKS.search(decomposed):  # what remove_diacritics removes
        folded = unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))
    return folded.casefold().split("\x00")


@dataclass
class _Tokens:
    """The tokens of one text: their keys, offsets, and the separators before each."""

    keys: list[str]
    parts: list[str]  # separator, token, separator, token, ..., separator
    offsets: list[int]  # the end of each part in the text

    def start(self, position: int) -> int:
        return self.offsets[2 * position]

    def end(self, position: int) -> int:
        return self.offsets[2 * position + 1]


def _tokenize(text: str) -> _Tokens:
    # re.split and accumulate run in C: a Python loop over the tokens of a long body was most
    # of a search's time (issue 22).
    parts = _SPLIT.split(text)
    keys = token_keys(parts[1::2])
    if "" in keys:  # a run of removed characters alone is no token: join it to its neighbours
        merged = [parts[0]]
        for token, key, separator in zip(parts[1::2], keys, parts[2::2], strict=True):
            if key:
                merged += [token, separator]
            else:
                merged[-1] += token + separator
        parts = merged
        keys = [key for key in keys if key]
    return _Tokens(keys, parts, list(accumulate(map(len, parts))))


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each token of ``text``."""
    toks = _tokenize(text)
    return [(toks.start(i), toks.end(i), key) for i, key in enumerate(toks.keys)]


def query_phrases(match: str) -> list[Phrase]:
    """The phrases of an FTS5 MATCH expression whose matches a snippet marks (the terms after a
    NOT are left out)."""
    phrases: list[Phrase] = []
    negated = False
    column: int | None = None
    for part in _QUERY_PART.finditer(match):
        quoted, quoted_star, word, word_star, colon = part.groups()
        if word is not None and (colon or word in _OPERATORS):
            if word == "NOT":
                negated = True
            elif colon and word.lower() in FTS_COLUMNS:
                column = FTS_COLUMNS.index(word.lower())
            continue
        text = quoted.replace('""', '"') if quoted is not None else word
        keys = tuple(key for _, _, key in tokens(text))
        if keys and not negated:
            phrases.append(Phrase(keys, bool(quoted_star or word_star), column))
        negated, column = False, None
    return phrases


def _instances(keys: list[str], phrases: Sequence[Phrase], column: int) -> list[tuple]:
    """(offset, phrase index, phrase size) of every match of a phrase, in token order."""
    found = []
    for index, phrase in enumerate(phrases):
        if phrase.column is not None and phrase.column != column:
            continue
        size = len(phrase.keys)
        first, last = phrase.keys[0], phrase.keys[-1]
        if phrase.prefix and size == 1:
            starts = [i for i, key in enumerate(keys) if key.startswith(first)]
        else:
            starts = _positions(keys, first)
        for offset in starts:
            if size > 1:
                if keys[offset : offset + size - 1] != list(phrase.keys[:-1]):
                    continue
                if offset + size > len(keys):
                    continue
                key = keys[offset + size - 1]
                if not (key == last or (phrase.prefix and key.startswith(last))):
                    continue
            found.append((offset, index, size))
    found.sort()
    return found


def _positions(keys: list[str], key: str) -> list[int]:
    positions = []
    at = -1
    try:
        while True:
            at = keys.index(key, at + 1)
            positions.append(at)
    except ValueError:
        return positions


def _sentence_starts(toks: _Tokens) -> list[int]:
    """The tokens FTS5 takes as the start of a sentence: the first, and any after a full stop or
    colon and white space."""
    separators = toks.parts[2:-1:2]  # the separator before each token but the first
    return [0] + [i + 1 for i, sep in enumerate(separators) if _SENTENCE_END.search(sep)]


def _score(
    instances: list[tuple], start: int, size: int, doc_size: int, phrases: int
) -> tuple[int, int]:
    """fts5SnippetScore: the score of ``size`` tokens from ``start``, and where a fragment
    centred on the matches found there would start."""
    seen = [False] * phrases
    score, first, last = 0, -1, 0
    for offset, index, length in instances:
        if start <= offset < start + size:
            score += 1 if seen[index] else 1000
            seen[index] = True
            if first < 0:
                first = offset
            last = offset + length
    adjusted = first - int((size - (last - first)) / 2)  # C division: towards zero
    if adjusted + size > doc_size:
        adjusted = doc_size - size
    return score, max(adjusted, 0)


def snippet(
    texts: Sequence[str | None],
    phrases: Sequence[Phrase],
    mark: tuple[str, str] = ("[", "]"),
    ellipsis: str = "…",
    size: int = 16,
) -> str:
    """The best fragment of ``size`` tokens of one of ``texts`` (the columns), the matches of
    ``phrases`` wrapped in ``mark``, as FTS5's snippet() chooses and marks it."""
    columns = []
    best_score, best_column, best_start = 0, 0, 0
    for column, text in enumerate(texts):
        text = text or ""
        toks = _tokenize(text)
        instances = _instances(toks.keys, phrases, column)
        columns.append((text, toks, instances))
        doc_size = len(toks.keys)
        starts = _sentence_starts(toks) if doc_size > size and instances else []
        for offset, _, _ in instances:
            score, adjusted = _score(instances, offset, size, doc_size, len(phrases))
            if score > best_score:
                best_score, best_column, best_start = score, column, adjusted
            if starts:
                jj = 0
                while jj < len(starts) - 1 and starts[jj + 1] <= offset:
                    jj += 1
                if starts[jj] < offset:
                    score, _ = _score(instances, starts[jj], size, doc_size, len(phrases))
                    score += 120 if starts[jj] == 0 else 100
                    if score > best_score:
                        best_score, best_column, best_start = score, column, starts[jj]
    if not columns:
        return ""
    text, toks, instances = columns[best_column]
    return _highlight(text, toks, _coalesced(instances), best_start, size, mark, ellipsis)


def _coalesced(instances: list[tuple]) -> list[tuple[int, int]]:
    """Overlapping matches as one (first token, last token)."""
    spans: list[tuple[int, int]] = []
    for offset, _, length in instances:
        end = offset + length - 1
        if spans and offset <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((offset, end))
    return spans


def _highlight(
    text: str,
    toks: _Tokens,
    spans: list[tuple[int, int]],
    first: int,
    size: int,
    mark: tuple[str, str],
    ellipsis: str,
) -> str:
    # fts5HighlightCb, called for the tokens of the fragment only.
    last = first + size - 1
    out = [ellipsis] if first > 0 else []
    spans = [span for span in spans if span[0] >= first]
    current = 0
    span = spans[current] if spans else (-1, -1)
    done_to = 0
    for position in range(first, min(last, len(toks.keys) - 1) + 1):
        start, end = toks.start(position), toks.end(position)
        if first and position == first:
            done_to = start
        if position == span[0]:
            out += [text[done_to:start], mark[0]]
            done_to = start
        if position == span[1]:
            out += [text[done_to:end], mark[1]]
            done_to = end
            current += 1
            span = spans[current] if current < len(spans) else (-1, -1)
        if position == last:
            out.append(text[done_to:end])
            done_to = end
            if span[0] <= position < span[1]:
                out.append(mark[1])
    out.append(text[done_to:] if last >= len(toks.keys) - 1 else ellipsis)
    return "".join(out)
