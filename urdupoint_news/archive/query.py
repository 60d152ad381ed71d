"""Read the archive: search, latest, one article, stats, export.

Every function takes an open ``sqlite_utils.Database`` (see ``open_archive``) and returns plain
dicts, so the CLI, notebooks and other programs share one implementation. Bad input raises
``ArchiveError`` with a message fit to show a user as is. All SQL is parameterised.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from sqlite_utils import Database

from urdupoint_news.archive import coverage, snippets
from urdupoint_news.archive.access import DatabaseUnusable, open_for_reading
from urdupoint_news.archive.schema import (
    ARTICLE_COLUMNS,
    BANDED_TABLE,
    COUNT_TABLES,
    FOLDED_SEARCH_MIGRATION,
    SQLITE_MAX_INTEGER,
    migrations,
)
from urdupoint_news.errors import UserFacingError
from urdupoint_news.site.normalize import fold_for_search, fold_letters
from urdupoint_news.site.urls import canonical_url

EDITIONS = ("en", "ur")
# The columns of a result row in listings (search adds ``snippet``).
LIST_COLUMNS = ("url", "article_id", "edition", "category", "title", "author", "published_at")
EXPORT_COLUMNS = tuple(ARTICLE_COLUMNS)
# bm25 weights for the FTS columns (title, summary, body): a word in the title says far more
# about what a story is than the same word somewhere in its body.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 16
# bm25 costs time for every match it ranks (it reads the match's positions and length), so a
# query matching a large part of a big archive ("prime minister") ranks the newest matches only:
# the RANKED_MATCHES most recently stored articles that match the words and the filters. Every
# result still matches, the filters are exact, and the order shown is bm25's; a query matching
# fewer articles (all of them on an archive of up to RANKED_MATCHES) is ranked in full.
# Narrowing the query (--since/--until, more words, a "phrase") reaches older stories.
RANKED_MATCHES = 10_000


class ArchiveError(UserFacingError):
    """Bad input or an unusable database; ``str()`` is one line meant for the user."""


class QueryInputError(ArchiveError):
    """What was typed cannot be used: a search query that cannot be parsed, a date, a limit
    (bad input: exit status 2 in the CLI, urdupoint_news/errors.py)."""


@dataclass(frozen=True)
class Filters:
    """Restrictions shared by search, latest and export. Dates are ``YYYY-MM-DD``, inclusive, in
    the publication's own time zone (Pakistan time: ``published_at`` is stored with +05:00)."""

    category: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None
    edition: str | None = None

    def where(
        self, alias: str = "", *, author_names: Sequence[str] | None = None
    ) -> tuple[list[str], list[object]]:
        """SQL conditions and their parameters; raises ``ArchiveError`` on a bad value.

        ``author_names``: every author name containing ``author`` (see ``_author_names``), to
        look up in the author index instead of testing each article's author.
        """
        col = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[object] = []
        if self.category:
            clauses.append(f"{col}category = ?")
            params.append(self.category.strip().lower())
        if self.author and author_names is not None:
            clauses.append(f"{col}author IN ({', '.join('?' * len(author_names))})")
            params.extend(author_names)
        elif self.author:
            clauses.append(f"{col}author LIKE ? ESCAPE '\\'")
            params.append(self.author_pattern())
        first_day, after_last_day = self.days()
        if first_day:
            clauses.append(f"{col}published_at >= ?")
            params.append(first_day)
        if after_last_day:
            clauses.append(f"{col}published_at < ?")
            params.append(after_last_day)
        if self.edition:
            if self.edition not in EDITIONS:
                raise QueryInputError(
                    f"unknown edition {self.edition!r}: use one of {', '.join(EDITIONS)}"
                )
            clauses.append(f"{col}edition = ?")
            params.append(self.edition)
        return clauses, params

    def days(self) -> tuple[str | None, str | None]:
        """``--since`` and the day after ``--until`` as ``YYYY-MM-DD``: published_at starts
        with the local date, so "before the next day" keeps all of the last one."""
        since = _parse_date("--since", self.since)
        until = _parse_date("--until", self.until)
        if since and until and since > until:
            raise QueryInputError(f"--since {since} is after --until {until}")
        return (
            since.isoformat() if since else None,
            (until + dt.timedelta(days=1)).isoformat() if until else None,
        )

    def author_pattern(self) -> str:
        return f"%{_like_escape((self.author or '').strip())}%"


def _where(db: Database, filters: Filters, alias: str = "") -> tuple[list[str], list[object]]:
    return filters.where(alias, author_names=_author_names(db, filters))


# A name matching more than this share of the archive is found sooner by reading the newest
# articles until enough have it than by gathering all of its articles and sorting them.
AUTHOR_LOOKUP_SHARE = 0.05
AUTHOR_LOOKUP_NAMES = 500


def _author_names(db: Database, filters: Filters) -> list[str] | None:
    """The author names containing ``filters.author``, from the names m004_query_speed keeps,
    when their articles are few; None to test each article's author instead.

    Every author of a stored article has a row there (insert triggers always run; a row can
    outlive its last article only after a write that bypassed the delete trigger, and such a
    name finds nothing), so ``author IN (names)`` selects exactly what the LIKE selects.
    """
    if not filters.author or not _has_table(db, "article_counts_by_author"):
        return None
    rows = db.execute(
        "SELECT author, articles FROM article_counts_by_author WHERE author LIKE ? ESCAPE '\\'",
        [filters.author_pattern()],
    ).fetchall()
    total = db.execute("SELECT sum(articles) FROM article_counts_by_author").fetchone()[0] or 0
    if len(rows) > AUTHOR_LOOKUP_NAMES or sum(n for _, n in rows) >= total * AUTHOR_LOOKUP_SHARE:
        return None
    return [name for name, _ in rows]


def _parse_date(option: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise QueryInputError(f"invalid {option} date {value!r}: expected YYYY-MM-DD") from None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def open_archive(path: str | os.PathLike[str]) -> Database:
    """Open an existing archive for reading; never creates or migrates a database."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise ArchiveError(
            f"database not found: {path} (run `urdupoint-news crawl` first, or pass --db PATH)"
        )
    if os.path.isdir(path):
        raise ArchiveError(f"{path} is a directory, not a database file")
    try:
        # Read-only; also in a directory the user cannot write (archive/access.py).
        db = open_for_reading(path)
    except DatabaseUnusable as error:
        raise ArchiveError(str(error)) from None
    tables = set(db.table_names())
    if "articles" not in tables:
        db.close()
        raise ArchiveError(f"{path} is not an urdupoint-news archive (it has no articles table)")
    return db


# --- search query rewriting -------------------------------------------------------------------
# The index holds folded text (m012_folded_search: normalize.SEARCH_FOLD), so the query is folded
# the same way before it is read: harakat, Arabic or Urdu letters, Urdu digits, curly quotes all
# come out as the index has them. An archive not yet migrated keeps the text as published: there
# a word is searched as an OR of its spellings (as typed, folded to Urdu, in Arabic letters).
_TO_ARABIC = str.maketrans(
    {"\u06cc": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06c3": "\u0629"}
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})
# FTS5 barewords: ASCII letters, digits, "_" and any non-ASCII character.
_BAREWORD = re.compile(r"^(?:[A-Za-z0-9_]|[^\x00-\x7f])+$")
# Characters of FTS5's own syntax; a query using them is passed through as typed (folded).
_ADVANCED = re.compile(r"[:^+{}]|^[-*]|^NEAR$")
_CLOSED_PHRASE = re.compile(r'"(?:[^"]|"")*"')
_LEXER = re.compile(r'\s+|"(?:[^"]|"")*"|"[^"]*$|[()]|[^\s"()]+')
# Abbreviations written with and without dots (U.S. / US, U.K. / UK): the index has "u s" for
# the one and "us" for the other, so each is also searched as the other.
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}|(?:[A-Za-z]\.)+[A-Za-z]")
_CAPITALS = re.compile(r"[A-Z]{2,5}")


def _spellings(term: str, folded: bool) -> list[str]:
    if folded:
        return [term]
    folded_term = fold_letters(term)
    seen: dict[str, None] = dict.fromkeys([term, folded_term, folded_term.translate(_TO_ARABIC)])
    return list(seen)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(text: str, *, quoted: bool, prefix: bool, folded: bool = True) -> str:
    star = "*" if prefix else ""
    forms = [(_phrase(s) if quoted else s) + star for s in _spellings(text, folded)]
    if _DOTTED.fullmatch(text):
        forms.append(text.replace(".", "") + star)
    elif _CAPITALS.fullmatch(text):
        forms.append(_phrase(" ".join(text)) + star)
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


def fts_query(text: str, *, folded: bool = True) -> str:
    """The FTS5 MATCH expression for what a user typed.

    Words, "phrases", prefix* terms, AND/OR/NOT and parentheses work as in FTS5. With
    ``folded`` (an index built by m012_folded_search), the query is folded as the index is, so
    every spelling of a word finds every other; without, each word or phrase also matches its
    other Urdu/Arabic spellings. A word with punctuation inside (``al-Qaeda``, ``U.S.``) is
    searched as a phrase instead of being an FTS5 syntax error, and an abbreviation also
    without or with its dots. Queries using column filters, NEAR, ``^`` or ``+`` go to FTS5 as
    typed (folded).
    """
    if not text.strip():
        raise QueryInputError("empty search query")
    if folded:
        text = fold_for_search(text)
    tokens = _LEXER.findall(text)
    if any(_ADVANCED.search(tok) for tok in tokens if not tok.startswith('"')):
        return text if folded else fold_letters(text)
    out: list[str] = []
    # FTS5 reads two terms side by side as "both", but not a term next to a parenthesised
    # group (a syntax error): there the AND is written out. Groups come from the user's
    # parentheses and from words with other spellings, so ``وزیر اعظم`` is
    # ``(وزیر OR وزير) AND اعظم``.
    after_operand = after_group = False
    for tok in tokens:
        if tok.isspace():
            out.append(tok)
            continue
        if tok in _OPERATORS:
            piece, starts, ends = tok, False, False
        elif tok == "(":
            piece, starts, ends = tok, True, False
        elif tok == ")":
            piece, starts, ends = tok, False, True
        elif tok.startswith('"'):
            if _CLOSED_PHRASE.fullmatch(tok):
                piece = _term(
                    tok[1:-1].replace('""', '"'), quoted=True, prefix=False, folded=folded
                )
            else:
                piece = tok  # an unbalanced quote: let FTS5 report it
            starts = ends = True
        elif _BAREWORD.match(tok.rstrip("*")) and tok.count("*") <= 1:
            piece = _term(tok.rstrip("*"), quoted=False, prefix=tok.endswith("*"), folded=folded)
            starts = ends = True
        else:
            piece = _term(tok, quoted=True, prefix=False, folded=folded)
            starts = ends = True
        grouped = piece[0] == "(" or piece == ")"
        if starts and after_operand and (grouped or after_group):
            out.append("AND " if out[-1].isspace() else " AND ")
        out.append(piece)
        after_operand, after_group = ends, ends and (piece[-1] == ")")
    return "".join(out)


def has_folded_index(db: Database) -> bool:
    """Whether the archive's full-text index holds folded text (m012_folded_search)."""
    if not _has_table(db, "_sqlite_migrations"):
        return False
    sql = "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? AND name = ?"
    return db.execute(sql, [migrations.name, FOLDED_SEARCH_MIGRATION]).fetchone() is not None


def _fts_error(query: str, error: sqlite3.OperationalError) -> QueryInputError:
    message = str(error).removeprefix("fts5: ")
    if message == "unterminated string":
        reason = "a double quote is not closed"
    elif message == 'syntax error near ""':
        reason = "it ends too early (a dangling AND/OR/NOT or an unclosed parenthesis?)"
    elif message.startswith("syntax error near "):
        reason = f"unexpected {message.removeprefix('syntax error near ')}"
    elif message.startswith("no such column: "):
        column = message.removeprefix("no such column: ")
        reason = f"unknown column {column!r} (use title, summary or body)"
    elif message.startswith("unknown special query"):
        reason = "a * must follow a word (japan* finds japan, japanese...)"
    else:  # in our words, not SQLite's
        reason = "not understood; put words in double quotes to search for them as typed"
    return QueryInputError(f"invalid search query {query!r}: {reason}")


def _has_table(db: Database, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return db.execute(sql, [name]).fetchone() is not None


def _require_fts(db: Database) -> None:
    if not db["articles_fts"].exists():
        raise ArchiveError("this archive has no full-text index (articles_fts)")


def search(
    db: Database,
    query: str,
    filters: Filters = Filters(),
    *,
    limit: int = 20,
    mark: tuple[str, str] = ("[", "]"),
    ranked: int | None = RANKED_MATCHES,
) -> list[dict]:
    """Best matches first (bm25, title weighted above summary above body), with a snippet
    in which the matched words are wrapped in ``mark``.

    When more than ``ranked`` articles match (after the filters), the ``ranked`` most recently
    stored of them are the ones ranked; ``ranked=None`` ranks every match (see RANKED_MATCHES).
    """
    _check_limit(limit)
    _require_fts(db)
    folded = has_folded_index(db)
    match = fts_query(query, folded=folded)
    clauses, params = _where(db, filters, "a")
    source = "articles_fts"
    if clauses and _has_table(db, "article_facets"):
        # The filtered columns of each match, from the narrow copy m004_query_speed keeps.
        source += " JOIN article_facets AS a ON a.id = articles_fts.rowid"
    elif clauses:
        source += " JOIN articles AS a ON a.rowid = articles_fts.rowid"
    band = _rowid_band(db, filters)
    if band is not None:
        clauses.append("articles_fts.rowid BETWEEN ? AND ?")
        params.extend(band)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    candidates = f"""
        SELECT articles_fts.rowid AS id, bm25(articles_fts, {weights}) AS score
        FROM {source}
        WHERE articles_fts MATCH ? {"".join(" AND " + c for c in clauses)}
        {"ORDER BY articles_fts.rowid DESC LIMIT ?" if ranked is not None else ""}
    """
    bound = [max(ranked, limit)] if ranked is not None else []
    try:
        rows = _ranked_rows(db, candidates, [match, *params, *bound], limit)
        phrases = snippets.query_phrases(match)
        for row in rows:
            rowid = row.pop("rowid")
            if folded:
                row["snippet"] = _folded_snippet(db, phrases, rowid, mark)
            else:
                row["snippet"] = _snippet(db, match, rowid, mark)
    except sqlite3.OperationalError as error:
        raise _fts_error(query, error) from None
    return rows


def _rowid_band(db: Database, filters: Filters) -> tuple[int, int] | None:
    """The rowids articles of the ``--since``/``--until`` days were stored under, from the
    band m004_query_speed keeps per day; None without dates or without the band."""
    first_day, after_last_day = filters.days()
    if not (first_day or after_last_day) or not _has_table(db, BANDED_TABLE):
        return None
    low, high = db.execute(
        f"SELECT min(first_rowid), max(last_rowid) FROM {BANDED_TABLE}"
        " WHERE day >= coalesce(?, '') AND day < coalesce(?, char(0x10ffff))",
        [first_day, after_last_day],
    ).fetchone()
    return (low, high) if low is not None else (1, 0)  # no article on those days


def _ranked_rows(db: Database, candidates: str, params: list, limit: int) -> list[dict]:
    want = limit
    while True:
        scores = _best_scores(db, candidates, params, want)
        rows = _listing_rows(db, scores)
        if len(rows) >= limit or len(scores) < want:
            return rows[:limit]
        # Some matches have no article: a writer deleted rows without the full-text triggers
        # (an INSERT OR REPLACE from a plain connection). Rank further down.
        want += limit


def _best_scores(db: Database, candidates: str, params: list, limit: int) -> dict[int, float]:
    """The ``limit`` best-scored candidates, with every candidate tied with the last of them:
    the published date breaks those ties, and only the full rows have it."""
    fetch = limit
    while True:
        rows = db.execute(
            f"SELECT id, score FROM ({candidates}) ORDER BY score LIMIT ?", [*params, fetch + 1]
        ).fetchall()
        if len(rows) <= limit:
            return dict(rows)
        cut = rows[limit - 1][1]
        if len(rows) <= fetch or rows[fetch][1] != cut:
            return dict(rows[:limit]) | {id_: score for id_, score in rows[limit:] if score == cut}
        fetch *= 2  # the tie runs past what was fetched (copies of one story): fetch more


def _listing_rows(db: Database, scores: dict[int, float]) -> list[dict]:
    if not scores:
        return []
    marks = ", ".join("?" * len(scores))
    rows = list(
        db.query(
            f"SELECT rowid, {', '.join(LIST_COLUMNS)} FROM articles WHERE rowid IN ({marks})",
            list(scores),
        )
    )
    # As ORDER BY score, published_at DESC (two stable sorts).
    rows.sort(key=lambda row: row["published_at"], reverse=True)
    rows.sort(key=lambda row: scores[row["rowid"]])
    return rows


def _snippet(db: Database, match: str, rowid: int, mark: tuple[str, str]) -> str:
    (snippet,) = db.execute(
        f"SELECT snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) FROM articles_fts"
        " WHERE articles_fts MATCH ? AND rowid = ?",
        [mark[0], mark[1], match, rowid],
    ).fetchone()
    # A snippet can span a paragraph break; as a one-line preview it reads better joined.
    return " ".join(snippet.split())


def _folded_snippet(db: Database, phrases: list, rowid: int, mark: tuple[str, str]) -> str:
    texts = db.execute(
        "SELECT title, summary, body FROM articles WHERE rowid = ?", [rowid]
    ).fetchone()
    snippet = snippets.snippet(texts, phrases, mark, "…", SNIPPET_TOKENS)
    return " ".join(snippet.split())


def latest(db: Database, filters: Filters = Filters(), *, limit: int = 20) -> list[dict]:
    """The most recently published articles first."""
    _check_limit(limit)
    clauses, params = _where(db, filters)
    # The newest rows are chosen from the indexes alone, then only those rows are read.
    order = "ORDER BY published_at DESC, article_id DESC"
    sql = f"""
        SELECT {", ".join(LIST_COLUMNS)} FROM articles WHERE rowid IN (
            SELECT rowid FROM articles
            {"WHERE " + " AND ".join(clauses) if clauses else ""}
            {order} LIMIT ?
        )
        {order}
    """
    return list(db.query(sql, [*params, limit]))


def export_rows(
    db: Database, filters: Filters = Filters(), *, limit: int | None = None
) -> Iterator[dict]:
    """Every column of the matching articles, oldest first, one row at a time from the cursor
    (constant memory whatever the size of the archive)."""
    sql, params = _export_sql(db, filters, limit, ", ".join(EXPORT_COLUMNS))
    return db.query(sql, params)


def export_jsonl(
    db: Database, filters: Filters = Filters(), *, limit: int | None = None
) -> Iterator[bytes]:
    """``export_rows`` as JSON Lines: each row exactly as ``json.dumps(row, ensure_ascii=False)``
    writes it, UTF-8 encoded, with its newline.

    Encoding 4 KB of text in Python costs more than reading it from SQLite, and decoding Urdu
    text into Python strings only to encode it again as much again. So where SQLite's
    ``json_quote`` writes strings as Python's json does (checked on every character JSON
    escapes), SQLite quotes each value and hands over its UTF-8 bytes, put together here.
    """
    if not _sqlite_quotes_like_python(db):
        rows = export_rows(db, filters, limit=limit)
        return (json.dumps(row, ensure_ascii=False).encode() + b"\n" for row in rows)
    numbers = [i for i, name in enumerate(EXPORT_COLUMNS) if ARTICLE_COLUMNS[name] is int]
    values = ", ".join(
        name if i in numbers else f"CAST(json_quote({name}) AS BLOB)"
        for i, name in enumerate(EXPORT_COLUMNS)
    )
    sql, params = _export_sql(db, filters, limit, values)
    # '{"url": ', value, ', "article_id": ', value, ... '}\n'
    template: list[bytes] = []
    for i, name in enumerate(EXPORT_COLUMNS):
        template += [f"{', ' if i else '{'}{json.dumps(name)}: ".encode(), b""]
    template.append(b"}\n")
    cursor = db.execute(sql, params)

    def lines() -> Iterator[bytes]:
        line = list(template)
        for row in cursor:
            line[1:-1:2] = row
            for i in numbers:  # left to Python: a REAL in an INTEGER column prints differently
                line[2 * i + 1] = json.dumps(row[i], ensure_ascii=False).encode()
            yield b"".join(line)

    return lines()


def _export_sql(
    db: Database, filters: Filters, limit: int | None, values: str
) -> tuple[str, list[object]]:
    if limit is not None:
        _check_limit(limit)
    clauses, params = _where(db, filters)
    sql = f"""
        SELECT {values} FROM articles
        {"WHERE " + " AND ".join(clauses) if clauses else ""}
        ORDER BY published_at, article_id
        {"LIMIT ?" if limit is not None else ""}
    """
    if limit is not None:
        params.append(limit)
    return sql, params


# Every character JSON escapes, and the ones an encoder might escape too: the ASCII controls,
# quote, backslash, slash and DEL, the line and paragraph separators, a character outside the
# Basic Multilingual Plane and an Urdu letter.
_JSON_PROBE = "".join(map(chr, range(0x80))) + "\u2028\u2029\U0001f600\u06cc"


def _sqlite_quotes_like_python(db: Database) -> bool:
    try:
        (quoted,) = db.execute("SELECT json_quote(?)", [_JSON_PROBE]).fetchone()
    except sqlite3.OperationalError:  # an SQLite built without its JSON functions
        return False
    return quoted == json.dumps(_JSON_PROBE, ensure_ascii=False)


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise QueryInputError(f"--limit must be at least 1, not {limit}")


def get_article(db: Database, ref: str) -> dict:
    """One whole story by URL or by the site's numeric id.

    An article comes with ``copies``: the stories recorded as its copies (url, article_id,
    title, kind, similarity). A copy comes with its own fields and text, and ``duplicate_of``
    saying which article it copies and how closely. A copy recorded before copies kept their
    text (m007) gives the article it copies instead, with ``duplicate`` naming the copy.
    """
    ref = ref.strip()
    # Copies with their own text: an archive last written before m007 has none.
    copies = db["duplicates"].exists() and "body" in db["duplicates"].columns_dict
    if ref.isdigit():
        if int(ref) > SQLITE_MAX_INTEGER:  # no stored id is larger (nor could SQLite compare it)
            raise ArchiveError(f"no article with id {ref}")
        rows = list(db.query("SELECT * FROM articles WHERE article_id = ?", [int(ref)]))
        if not rows and copies:
            found = db.query(
                "SELECT * FROM duplicates WHERE article_id = ? AND body IS NOT NULL", [int(ref)]
            )
            as_copies = [copy for copy in map(partial(_as_copy, db), found) if copy is not None]
            if len(as_copies) == 1:
                return as_copies[0]
            rows = as_copies
        if not rows and db["duplicates"].exists():
            # A copy recorded without its text: the article it copies, with a note.
            legacy = list(db.query("SELECT url FROM duplicates WHERE article_id = ?", [int(ref)]))
            if len(legacy) == 1:
                return get_article(db, legacy[0]["url"])
        if not rows:
            raise ArchiveError(f"no article with id {ref}")
        if len(rows) > 1:
            urls = ", ".join(row["url"] for row in rows)
            raise ArchiveError(f"id {ref} matches {len(rows)} articles, give the URL: {urls}")
        return _with_copies(db, rows[0])
    url = canonical_url(ref)
    row = next(db.query("SELECT * FROM articles WHERE url = ?", [url]), None)
    if row:
        return _with_copies(db, row)
    if db["duplicates"].exists():
        dup = next(db.query("SELECT * FROM duplicates WHERE url = ?", [url]), None)
        if dup and dup.get("body") is not None:
            copy = _as_copy(db, dup)
            if copy is not None:
                return copy
        if dup:
            row = next(
                db.query("SELECT * FROM articles WHERE url = ?", [dup["duplicate_of"]]), None
            )
            if row:
                note = {key: dup[key] for key in ("duplicate_of", "kind", "similarity")}
                return {**_with_copies(db, row), "duplicate": {"url": url, **note}}
    raise ArchiveError(f"no article with URL {ref}")


VERSION_COLUMNS = (
    "title",
    "summary",
    "body",
    "content_hash",
    "published_at",
    "modified_at",
    "fetched_at",
    "superseded_at",
)


def versions(db: Database, url: str) -> list[dict]:
    """The earlier texts of the article at ``url`` (``article_versions``), oldest first."""
    if not _has_table(db, "article_versions"):
        return []
    return list(
        db.query(
            f"SELECT {', '.join(VERSION_COLUMNS)} FROM article_versions WHERE url = ?"
            " ORDER BY superseded_at, id",
            [url],
        )
    )


def _with_copies(db: Database, row: dict) -> dict:
    copies: list[dict] = []
    if db["duplicates"].exists():
        copies = list(
            db.query(
                "SELECT url, article_id, title, kind, similarity FROM duplicates"
                " WHERE duplicate_of = ? ORDER BY published_at, article_id, url",
                [row["url"]],
            )
        )
    return {**row, "copies": copies, "versions": versions(db, row["url"])}


def _as_copy(db: Database, dup: dict) -> dict | None:
    """A copy's own fields (those of an article), and ``duplicate_of`` describing the link."""
    original = next(
        db.query(
            "SELECT url, article_id, title FROM articles WHERE url = ?", [dup["duplicate_of"]]
        ),
        None,
    )
    if original is None:
        return None
    own = {column: dup.get(column) for column in ARTICLE_COLUMNS}
    link = {**original, "kind": dup["kind"], "similarity": dup["similarity"]}
    return {**own, "duplicate_of": link}


def stats(db: Database, *, days: int = 14, runs: int = 5) -> dict:
    """Counts for a health check: articles per edition, category and day, duplicates, rejects,
    the last crawl runs (newest first) and their field coverage per edition."""
    if days < 1 or runs < 1:
        raise QueryInputError("--days and --runs must be at least 1")
    tables = set(db.table_names())
    result = _kept_counts(db, days, tables) or _counted_articles(db, days)
    if "duplicates" in tables:
        result["duplicates"] = _counts(
            db, "SELECT kind, count(*) FROM duplicates GROUP BY kind ORDER BY kind"
        )
    if "rejects" in tables:
        result["rejects"] = _counts(
            db, "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY 2 DESC, 1"
        )
    if "crawl_runs" in tables:
        result["runs"] = list(
            db.query(
                f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs "
                "ORDER BY started_at DESC, id DESC LIMIT ?",
                [runs],
            )
        )
    if "run_coverage" in tables:
        result["coverage"] = coverage.history(db, runs=runs)
    return result


def _kept_counts(db: Database, days: int, tables: set[str]) -> dict | None:
    """The article counts from the tables the m004_query_speed triggers keep: a few hundred
    rows instead of the whole archive. None when the archive has no such tables (not yet
    migrated) or when they disagree with the articles table (a writer that bypassed the
    triggers, such as an INSERT OR REPLACE), so the caller counts the articles instead."""
    if not tables.issuperset(COUNT_TABLES):
        return None
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    for table in COUNT_TABLES:
        kept = db.execute(f"SELECT coalesce(sum(articles), 0) FROM {table}").fetchone()[0]
        if kept != total:
            return None
    categories = list(
        db.query(
            "SELECT category, sum(articles) AS articles FROM article_counts_by_category"
            " GROUP BY category ORDER BY articles DESC, category"
        )
    )
    for row in categories:
        # One probe of the (category, published_at) index per category.
        row["last_published_at"] = db.execute(
            "SELECT max(published_at) FROM articles WHERE category IS ?", [row["category"]]
        ).fetchone()[0]
    return {
        "articles": total,
        "first_published_at": db.execute("SELECT min(published_at) FROM articles").fetchone()[0],
        "last_published_at": db.execute("SELECT max(published_at) FROM articles").fetchone()[0],
        "editions": _counts(
            db,
            "SELECT edition, sum(articles) FROM article_counts_by_category GROUP BY 1 ORDER BY 1",
        ),
        "categories": categories,
        "days": list(
            db.query(
                "SELECT day, articles FROM article_counts_by_day ORDER BY day DESC LIMIT ?",
                [days],
            )
        ),
    }


def _counted_articles(db: Database, days: int) -> dict:
    """The article counts, read from every row of the articles table."""
    one = db.execute(
        "SELECT count(*), min(published_at), max(published_at) FROM articles"
    ).fetchone()
    return {
        "articles": one[0],
        "first_published_at": one[1],
        "last_published_at": one[2],
        "editions": _counts(db, "SELECT edition, count(*) FROM articles GROUP BY 1 ORDER BY 1"),
        "categories": list(
            db.query(
                "SELECT category, count(*) AS articles, max(published_at) AS last_published_at "
                "FROM articles GROUP BY category ORDER BY articles DESC, category"
            )
        ),
        "days": list(
            db.query(
                "SELECT substr(published_at, 1, 10) AS day, count(*) AS articles FROM articles "
                "GROUP BY day ORDER BY day DESC LIMIT ?",
                [days],
            )
        ),
    }


RUN_COLUMNS = (
    "id",
    "spider",
    "started_at",
    "finished_at",
    "status",
    "finish_reason",
    "pages",
    "articles_new",
    "articles_updated",
    "articles_unchanged",
    "duplicates",
    "rejects",
    "errors",
)


def _counts(db: Database, sql: str) -> dict[str, int]:
    return {key: count for key, count in db.execute(sql).fetchall()}


REJECT_COLUMNS = ("url", "reason", "attempts", "seen_at", "detail")


def rejects(
    db: Database,
    *,
    reason: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
) -> list[dict]:
    """Rejected pages, last seen first: ``reason`` exactly, ``since``/``until`` whole days
    (``YYYY-MM-DD``, inclusive) of ``seen_at``, which is UTC."""
    if limit is not None:
        _check_limit(limit)
    if not _has_table(db, "rejects"):
        return []
    first_day, after_last_day = Filters(since=since, until=until).days()
    clauses: list[str] = []
    params: list[object] = []
    if reason:
        clauses.append("reason = ?")
        params.append(reason.strip())
    if first_day:
        clauses.append("seen_at >= ?")
        params.append(first_day)
    if after_last_day:
        clauses.append("seen_at < ?")
        params.append(after_last_day)
    columns = ", ".join(
        c if c != "attempts" or _has_attempts(db) else "NULL AS attempts" for c in REJECT_COLUMNS
    )
    sql = f"""
        SELECT {columns} FROM rejects
        {"WHERE " + " AND ".join(clauses) if clauses else ""}
        ORDER BY seen_at DESC, url
        {"LIMIT ?" if limit is not None else ""}
    """
    return list(db.query(sql, [*params, *([limit] if limit is not None else [])]))


def _has_attempts(db: Database) -> bool:
    return "attempts" in db["rejects"].columns_dict


def daily_counts(db: Database, *, weeks: int = 4) -> dict[str, list[tuple[str, int]]]:
    """Stories published per day, per edition, over the last ``weeks`` weeks of the archive
    (ending with the day of its newest story): every day listed, oldest first, 0 where none."""
    if weeks < 1:
        raise ArchiveError("--weeks must be at least 1")
    newest = db.execute("SELECT max(published_at) FROM articles").fetchone()[0]
    if not newest:
        return {}
    try:
        last = dt.date.fromisoformat(newest[:10])
    except ValueError:
        return {}
    first = last - dt.timedelta(days=7 * weeks - 1)
    counts: dict[tuple[str, str], int] = {}
    # The (published_at, article_id, edition, category) index answers this without the rows.
    for day, edition, n in db.execute(
        "SELECT substr(published_at, 1, 10), edition, count(*) FROM articles"
        " WHERE published_at >= ? GROUP BY 1, 2",
        [first.isoformat()],
    ):
        counts[(edition or "", day)] = n
    days = [(first + dt.timedelta(days=i)).isoformat() for i in range(7 * weeks)]
    editions = sorted({edition for edition, _ in counts})
    return {edition: [(day, counts.get((edition, day), 0)) for day in days] for edition in editions}
