"""Read the archive: search, latest, one article, stats, export.

Every function takes an open ``sqlite_utils.Database`` (see ``open_archive``) and returns plain
dicts, so the CLI, notebooks and other programs share one implementation. Bad input raises
``ArchiveError`` with a message fit to show a user as is. All SQL is parameterised.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from sqlite_utils import Database

from urdupoint_news.archive.access import DatabaseUnusable, open_for_reading
from urdupoint_news.archive.schema import ARTICLE_COLUMNS, SQLITE_MAX_INTEGER
from urdupoint_news.errors import UserFacingError
from urdupoint_news.site.normalize import fold_letters
from urdupoint_news.site.urls import canonical_url

EDITIONS = ("en", "ur")
# The columns of a result row in listings (search adds ``snippet``).
LIST_COLUMNS = ("url", "article_id", "edition", "category", "title", "author", "published_at")
EXPORT_COLUMNS = tuple(ARTICLE_COLUMNS)
# bm25 weights for the FTS columns (title, summary, body): a word in the title says far more
# about what a story is than the same word somewhere in its body.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 16


class ArchiveError(UserFacingError):
    """Bad input or an unusable database; ``str()`` is one line meant for the user."""


@dataclass(frozen=True)
class Filters:
    """Restrictions shared by search, latest and export. Dates are ``YYYY-MM-DD``, inclusive, in
    the publication's own time zone (Pakistan time: ``published_at`` is stored with +05:00)."""

    category: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None
    edition: str | None = None

    def where(self, alias: str = "") -> tuple[list[str], list[object]]:
        """SQL conditions and their parameters; raises ``ArchiveError`` on a bad value."""
        col = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[object] = []
        if self.category:
            clauses.append(f"{col}category = ?")
            params.append(self.category.strip().lower())
        if self.author:
            clauses.append(f"{col}author LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_escape(self.author.strip())}%")
        since = _parse_date("--since", self.since)
        until = _parse_date("--until", self.until)
        if since and until and since > until:
            raise ArchiveError(f"--since {since} is after --until {until}")
        if since:
            clauses.append(f"{col}published_at >= ?")
            params.append(since.isoformat())
        if until:
            # published_at starts with the local date, so "before the next day" keeps all of it.
            clauses.append(f"{col}published_at < ?")
            params.append((until + dt.timedelta(days=1)).isoformat())
        if self.edition:
            if self.edition not in EDITIONS:
                raise ArchiveError(
                    f"unknown edition {self.edition!r}: use one of {', '.join(EDITIONS)}"
                )
            clauses.append(f"{col}edition = ?")
            params.append(self.edition)
        return clauses, params


def _parse_date(option: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ArchiveError(f"invalid {option} date {value!r}: expected YYYY-MM-DD") from None


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
# The site publishes Urdu with Urdu code points (ی ک ہ), but people type with Arabic keyboards
# (ي ك ه) and wire copy sometimes keeps Arabic ones. The index keeps the text as published, so a
# word is searched as an OR of its spellings: as typed, folded to Urdu, and in Arabic letters.
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


def _spellings(term: str) -> list[str]:
    folded = fold_letters(term)
    seen: dict[str, None] = dict.fromkeys([term, folded, folded.translate(_TO_ARABIC)])
    return list(seen)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(text: str, *, quoted: bool, prefix: bool) -> str:
    star = "*" if prefix else ""
    forms = [(_phrase(s) if quoted else s) + star for s in _spellings(text)]
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for what a user typed.

    Words, "phrases", prefix* terms, AND/OR/NOT and parentheses work as in FTS5; each word or
    phrase also matches its other Urdu/Arabic spellings, and a word with punctuation inside
    (``al-Qaeda``, ``U.S.``) is searched as a phrase instead of being an FTS5 syntax error.
    Queries using column filters, NEAR, ``^`` or ``+`` go to FTS5 as typed (letters folded).
    """
    if not text.strip():
        raise ArchiveError("empty search query")
    tokens = _LEXER.findall(text)
    if any(_ADVANCED.search(tok) for tok in tokens if not tok.startswith('"')):
        return fold_letters(text)
    out: list[str] = []
    for tok in tokens:
        if tok.isspace() or tok in _OPERATORS or tok in ("(", ")"):
            out.append(tok)
        elif tok.startswith('"'):
            if _CLOSED_PHRASE.fullmatch(tok):
                out.append(_term(tok[1:-1].replace('""', '"'), quoted=True, prefix=False))
            else:
                out.append(tok)  # an unbalanced quote: let FTS5 report it
        elif _BAREWORD.match(tok.rstrip("*")) and tok.count("*") <= 1:
            out.append(_term(tok.rstrip("*"), quoted=False, prefix=tok.endswith("*")))
        else:
            out.append(_term(tok, quoted=True, prefix=False))
    return "".join(out)


def _fts_error(query: str, error: sqlite3.OperationalError) -> ArchiveError:
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
    else:
        reason = message
    return ArchiveError(f"invalid search query {query!r}: {reason}")


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
) -> list[dict]:
    """Best matches first (bm25, title weighted above summary above body), with a snippet
    in which the matched words are wrapped in ``mark``."""
    _check_limit(limit)
    match = fts_query(query)
    _require_fts(db)
    clauses, params = filters.where("a")
    columns = ", ".join(f"a.{c}" for c in LIST_COLUMNS)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    sql = f"""
        SELECT {columns},
               snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet
        FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
        WHERE articles_fts MATCH ? {"".join(" AND " + c for c in clauses)}
        ORDER BY bm25(articles_fts, {weights}), a.published_at DESC
        LIMIT ?
    """
    try:
        rows = list(db.query(sql, [mark[0], mark[1], match, *params, limit]))
    except sqlite3.OperationalError as error:
        raise _fts_error(query, error) from None
    for row in rows:
        # A snippet can span a paragraph break; as a one-line preview it reads better joined.
        row["snippet"] = " ".join(row["snippet"].split())
    return rows


def latest(db: Database, filters: Filters = Filters(), *, limit: int = 20) -> list[dict]:
    """The most recently published articles first."""
    _check_limit(limit)
    clauses, params = filters.where()
    sql = f"""
        SELECT {", ".join(LIST_COLUMNS)} FROM articles
        {"WHERE " + " AND ".join(clauses) if clauses else ""}
        ORDER BY published_at DESC, article_id DESC
        LIMIT ?
    """
    return list(db.query(sql, [*params, limit]))


def export_rows(
    db: Database, filters: Filters = Filters(), *, limit: int | None = None
) -> Iterator[dict]:
    """Every column of the matching articles, oldest first, one row at a time from the cursor
    (constant memory whatever the size of the archive)."""
    if limit is not None:
        _check_limit(limit)
    clauses, params = filters.where()
    sql = f"""
        SELECT {", ".join(EXPORT_COLUMNS)} FROM articles
        {"WHERE " + " AND ".join(clauses) if clauses else ""}
        ORDER BY published_at, article_id
        {"LIMIT ?" if limit is not None else ""}
    """
    if limit is not None:
        params.append(limit)
    return db.query(sql, params)


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise ArchiveError(f"--limit must be at least 1, not {limit}")


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
    return {**row, "copies": copies}


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
    and the last crawl runs (newest first)."""
    if days < 1 or runs < 1:
        raise ArchiveError("--days and --runs must be at least 1")
    one = db.execute(
        "SELECT count(*), min(published_at), max(published_at) FROM articles"
    ).fetchone()
    result: dict = {
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
    tables = set(db.table_names())
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
    return result


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
