"""The crawl's speed shortcuts (issue 11) give what the code they replaced gave.

- An article row and a ``pages`` row are written with plain SQL instead of sqlite-utils'
  ``Table.insert``: the stored row, the full-text index and the count tables are the same.
- The near-duplicate bands of a body are written in one statement instead of one per band.
- Word hashes are remembered in a dict that is emptied when full, not in an ``lru_cache``.
- ``matching_text`` remembers its last answer (the pipelines ask twice for one body), folds
  ASCII text by its case alone and mostly-ASCII text run by run, and finds the words in one pass.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import fields

import pytest
from sqlite_utils import Database

from urdupoint_news.archive import neardup
from urdupoint_news.archive.neardup import (
    BANDS_TABLE,
    SIGNATURES_TABLE,
    NearDuplicateIndex,
    _derive,
    _TokenHashes,
    text_signature,
)
from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.storage import Archive
from urdupoint_news.site.items import Article
from urdupoint_news.site.normalize import (
    _MATCHING_FOLD,
    _matching_piece,
    folded_pieces,
    matching_text,
    pieces,
)

BODY = (
    "ISLAMABAD, (UrduPoint / Pakistan Point News - 10th Sep, 2025) The federal cabinet on "
    "Wednesday approved the budget strategy paper for the next fiscal year.\n\nThe Finance "
    "Minister briefed the cabinet on the revenue targets and the development outlay, which "
    "rises by 12 percent to Rs1,100 billion."
)


def article(n: int, body: str = BODY) -> Article:
    return Article(
        url=f"https://www.urdupoint.com/en/business/cabinet-approves-budget-strategy-{n}.html",
        article_id=n,
        title=f"Cabinet Approves Budget Strategy {n}",
        published_at="2025-09-10T15:10:00+05:00",
        body=body,
        word_count=len(body.split()),
        content_hash=f"hash-{n}",
        extractor="en_current",
        edition="en",
        category="business",
        author="Muhammad Irfan",
        dateline="ISLAMABAD",
        source="UrduPoint / Pakistan Point News",
    )


def _everything(db: Database) -> dict[str, list[tuple]]:
    tables = ["articles", "articles_fts"] + [
        name for name in db.table_names() if name.startswith(("article_counts", "article_facets"))
    ]
    return {name: db.execute(f"select * from [{name}] order by 1, 2").fetchall() for name in tables}


def test_a_new_article_is_stored_as_sqlite_utils_inserted_it(tmp_path) -> None:
    archive = Archive(tmp_path / "plain.db")
    for n in (1, 2):
        assert archive.store(article(n), seen_at="2025-09-10T10:30:00+00:00") == "new"
    archive.close()

    reference = open_database(str(tmp_path / "reference.db"))
    with reference.conn:
        for n in (1, 2):
            row = {f.name: getattr(article(n), f.name) for f in fields(Article)}
            row.update(first_seen_at="2025-09-10T10:30:00+00:00")
            row.update(last_seen_at="2025-09-10T10:30:00+00:00")
            reference["articles"].insert(row, pk="url")

    stored = open_database(str(tmp_path / "plain.db"), create=False)
    assert _everything(stored) == _everything(reference)
    assert stored.execute("select count(*) from articles_fts where articles_fts match 'cabinet'")


def test_bands_written_in_one_statement_are_the_bands_written_one_by_one(tmp_path) -> None:
    db = open_database(str(tmp_path / "index.db"))
    index = NearDuplicateIndex(db)
    signature = text_signature(BODY)
    index.add("https://www.urdupoint.com/en/pakistan/a-1.html", signature)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    index.add("https://www.urdupoint.com/en/pakistan/b-2.html", signature)
    db.conn.set_trace_callback(None)
    bands = db.execute(f"select band_key, doc from {BANDS_TABLE} order by doc, band_key").fetchall()
    docs = dict(db.execute(f"select url, doc from {SIGNATURES_TABLE}").fetchall())
    expected = sorted(
        (key, docs[url])
        for url in ("https://www.urdupoint.com/en/pakistan/a-1.html",
                    "https://www.urdupoint.com/en/pakistan/b-2.html")
        for key in signature.band_keys()
    )  # fmt: skip
    assert sorted(bands) == expected
    assert len(bands) == 2 * len(signature.band_keys())
    assert sum(BANDS_TABLE in sql for sql in statements) == 1
    found = index.find(signature, exclude="https://www.urdupoint.com/en/pakistan/b-2.html")
    assert found == ("https://www.urdupoint.com/en/pakistan/a-1.html", 1.0)


def test_word_hashes_stay_the_same_when_the_remembered_ones_are_emptied() -> None:
    hashes = _TokenHashes(3)
    words = ["cabinet", "budget", "strategy", "paper", "cabinet", "fiscal", "budget"]
    assert [hashes[word] for word in words] == [_derive(word) for word in words]
    assert len(hashes) <= 3
    assert neardup.token_hash("cabinet") == _derive("cabinet")


def test_matching_text_remembers_only_the_text_it_was_given() -> None:
    other = BODY.replace("cabinet", "Senate")

    def fresh(text: str) -> str:
        return " ".join(piece for piece in map(_matching_piece, pieces(text)) if piece)

    assert matching_text(BODY) == fresh(BODY)
    assert matching_text(BODY) == fresh(BODY)  # remembered
    assert matching_text(other) == fresh(other)  # another text is not taken for the last one
    equal_copy = "".join(list(BODY))  # equal, not the same object: computed again, same answer
    assert equal_copy is not BODY
    assert matching_text(equal_copy) == fresh(BODY)


def _folded_step_by_step(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).translate(_MATCHING_FOLD)
    return unicodedata.normalize("NFC", text).casefold()


def _matching_text_step_by_step(text: str) -> str:
    """``matching_text`` as first written: every step over the whole text."""
    text = _folded_step_by_step(text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# Letters, marks, digits, joiners, punctuation and spaces of both editions' texts, and the
# characters each fold touches: Arabic vs Urdu letters, presentation forms, accents, ß, the
# dash and quotes of English copy, Eastern Arabic digits, underscores and odd whitespace.
_ALPHABET = (
    "abcXYZ019 .,_-'\"()\n\t\u00a0\u2009\u2013\u2014\u2018\u2019\u201c\u201d\u00e9\u00df\u0130"
    "\ufb01\u00bd\u064a\u0649\u06cc\u0643\u06a9\u0647\u06c1\u06be\u06d5\u0629\u0623\u0622"
    "\u0626\u06c2\u064e\u0650\u0670\u200c\u200d\u200f\ufeff\u00ad\u0640\u06f1\u0661\u0968"
    "\ufe8d\ufef5\u0627\u0628\u062a\u06d4\u060c\u061f"
)


@pytest.mark.parametrize("seed", range(8))
def test_matching_text_by_runs_gives_what_the_step_by_step_fold_gives(seed: int) -> None:
    rng = random.Random(seed)
    texts = [BODY, BODY.replace("budget", "budget\u2019s \u201cstrategy\u201d \u2013"), ""]
    for _ in range(300):
        # Mostly-ASCII texts take the run-by-run path, mostly-Urdu ones the whole-text one.
        ascii_share = rng.choice([1.0, 0.97, 0.9, 0.5, 0.0])
        texts.append(
            "".join(
                rng.choice("abcdefghij klmnop QRS 0123 .,-_")
                if rng.random() < ascii_share
                else rng.choice(_ALPHABET)
                for _ in range(rng.randrange(0, 400))
            )
        )
    for text in texts:
        assert matching_text(text) == _matching_text_step_by_step(text), repr(text)
        # The fold with punctuation kept (boilerplate labels, month names) takes the same paths.
        assert "".join(folded_pieces(text)) == _folded_step_by_step(text), repr(text)
