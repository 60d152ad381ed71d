"""Snippets of search results, cut from the text as published.

The full-text index holds folded text (``normalize.SEARCH_FOLD``, migration m010), so FTS5's own
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
from functools import lru_cache

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


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """A token as the index compares it: folded, accents removed, case folded."""
    if token.isascii():
        return token.lower()
    folded = fold_for_search(token)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = unicodedata.normalize("NFC", folded)
    return folded.casefold()


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each token of ``text``."""
    found = []
    for match in _TOKEN.finditer(text):
        key = token_key(match[0])
        if key:  # a run of removed characters alone is no token
            found.append((match.start(), match.end(), key))
    return found


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


def _instances(
    toks: list[tuple[int, int, str]], phrases: Sequence[Phrase], column: int
) -> list[tuple]:
    """(offset, phrase index, phrase size) of every match of a phrase, in token order."""
    keys = [key for _, _, key in toks]
    found = []
    for index, phrase in enumerate(phrases):
        if phrase.column is not None and phrase.column != column:
            continue
        size = len(phrase.keys)
        *whole, last = phrase.keys
        for offset in range(len(keys) - size + 1):
            if keys[offset : offset + size - 1] != whole:
                continue
            key = keys[offset + size - 1]
            if key == last or (phrase.prefix and key.startswith(last)):
                found.append((offset, index, size))
    found.sort()
    return found


def _sentence_starts(text: str, toks: list[tuple[int, int, str]]) -> list[int]:
    starts = [0] if toks else []
    for position in range(1, len(toks)):
        i = toks[position][0] - 1
        while i >= 0 and text[i] in _WHITESPACE:
            i -= 1
        if i != toks[position][0] - 1 and i >= 0 and text[i] in ".:":
            starts.append(position)
    return starts


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
        toks = tokens(text)
        instances = _instances(toks, phrases, column)
        columns.append((text, toks, instances))
        doc_size = len(toks)
        starts = _sentence_starts(text, toks) if doc_size > size else []
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
    toks: list[tuple[int, int, str]],
    spans: list[tuple[int, int]],
    first: int,
    size: int,
    mark: tuple[str, str],
    ellipsis: str,
) -> str:
    last = first + size - 1
    out = [ellipsis] if first > 0 else []
    spans = [span for span in spans if span[0] >= first]
    current = 0
    span = spans[current] if spans else (-1, -1)
    done_to = 0
    for position, (start, end, _) in enumerate(toks):
        if position < first or position > last:
            continue
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
    out.append(text[done_to:] if last >= len(toks) - 1 else ellipsis)
    return "".join(out)
