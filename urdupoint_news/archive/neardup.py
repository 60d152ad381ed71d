"""A persistent near-duplicate index over article bodies: MinHash signatures + LSH bands in SQLite.

Measure: Jaccard similarity of the sets of word 3-shingles of ``matching_text(body)``, estimated
from a 128-value MinHash signature. Two bodies at or above ``DEFAULT_THRESHOLD`` (0.6) are near
copies. Why these numbers:

* Word 3-shingles: one edited word changes at most three shingles, so a copy with a few words
  edited, a line added or a line removed keeps most of its shingles (Jaccard 0.75-0.95), while
  separate reports of the same event share names, places and numbers but few three-word runs
  (Jaccard well under 0.2). Single words (1-shingles) would make those reports look alike.
* Threshold 0.6: for two texts of equal length it means about three quarters of each one's
  shingles are shared, which a rewrite by another agency does not reach and an edited copy does.
* 128 permutations: the estimate's standard error at 0.6 is sqrt(0.6 * 0.4 / 128) = 0.043.
* LSH with 20 bands of 3 rows (the first 60 values): a pair at similarity s shares at least one
  band with probability 1 - (1 - s^3)^20 -- 0.992 at 0.6, 0.9998 at 0.7, but 0.15 at 0.2 and 0.02
  at 0.1, so lookups read a handful of rows, never the archive.

Storage (tables created by the ``m002_near_duplicate_index`` migration):
``neardup_signatures(doc, url, signature)`` holds each indexed body's signature as 512 bytes of
little-endian uint32; ``neardup_bands(band_key, doc)`` is a WITHOUT ROWID table keyed by a 64-bit
hash of (band number, the band's 3 values), so a lookup is 20 primary-key probes;
``neardup_meta`` records the hashing scheme, and an index built with another scheme must be
rebuilt (``needs_rebuild``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, islice

import numpy as np
from sqlite_utils import Database

from urdupoint_news.site.normalize import matching_text, pieces

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = 20
ROWS = 3
DEFAULT_THRESHOLD = 0.6
# A lookup verifies at most this many candidates, those sharing the most bands first.
MAX_CANDIDATES = 200
SCHEME = f"words{SHINGLE_WORDS}-minhash{NUM_PERM}-multiply-shift-lsh{BANDS}x{ROWS}-v1"

# Shingles hashed at once when signing: NUM_PERM x 4096 x 8 bytes = 4 MB at a time.
CHUNK_SHINGLES = 4096

SIGNATURES_TABLE = "neardup_signatures"
BANDS_TABLE = "neardup_bands"
META_TABLE = "neardup_meta"

_U64 = np.uint64
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)


def _mix64(x: np.ndarray) -> np.ndarray:
    # splitmix64's finaliser: a bijection on 64 bits that spreads every input bit.
    x = x ^ (x >> _U64(30))
    x = x * _MIX1
    x = x ^ (x >> _U64(27))
    x = x * _MIX2
    return x ^ (x >> _U64(31))


def _derive(label: str) -> int:
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "little")


# The permutations must never change between runs or library versions (stored signatures depend
# on them), so they are derived from fixed labels with blake2b rather than a numpy RNG.
_PERM_A = np.array([_derive(f"urdupoint-neardup/a/{i}") | 1 for i in range(NUM_PERM)], _U64)
_PERM_B = np.array([_derive(f"urdupoint-neardup/b/{i}") for i in range(NUM_PERM)], _U64)
_BAND_SEEDS = np.array([_derive(f"urdupoint-neardup/band/{i}") for i in range(BANDS)], _U64)


class _TokenHashes(dict[str, int]):
    """Words' hashes, remembered: a body repeats most of the words of earlier bodies. Emptied
    when it holds ``limit`` words, so a long crawl's memory stays bounded (a plain dict: an
    ``lru_cache`` of 131,072 words cost 1.6 times as much per word, and up to 15 MB)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, word: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = _derive(word)
        return value


_TOKEN_HASHES = _TokenHashes(1 << 16)


def token_hash(word: str) -> int:
    """A stable 64-bit hash of one normalised word."""
    return _TOKEN_HASHES[word]


def shingle_hashes(token_hashes: np.ndarray) -> np.ndarray:
    """64-bit hashes of every run of ``SHINGLE_WORDS`` consecutive words (one for shorter texts)."""
    words = np.asarray(token_hashes, dtype=_U64)
    count = max(len(words) - SHINGLE_WORDS + 1, 1)
    shingles = words[:count].copy()
    for offset in range(1, min(SHINGLE_WORDS, len(words))):
        shingles = shingles * _GOLDEN + words[offset : offset + count]
    return _mix64(shingles)


@dataclass(frozen=True, eq=False)
class Signature:
    """The MinHash of one body: ``NUM_PERM`` uint32 values (none for a body without words)."""

    values: np.ndarray

    @classmethod
    def from_token_hashes(cls, token_hashes: Sequence[int] | np.ndarray) -> Signature:
        words = np.asarray(token_hashes, dtype=_U64)
        if len(words) == 0:
            return cls(np.empty(0, dtype=np.uint32))
        # The shingles are hashed CHUNK_SHINGLES at a time and the minimum kept as it goes, so
        # memory stays the same whatever the body's length (the whole matrix of NUM_PERM hashes
        # per shingle took 1 KB per word: 3.7 GB for a 20 MB page). A minimum of minimums is the
        # minimum: the signature is the same as hashing them all at once.
        count = max(len(words) - SHINGLE_WORDS + 1, 1)
        lowest = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=_U64)
        for start in range(0, count, CHUNK_SHINGLES):
            # The window's words make exactly the shingles start .. start + CHUNK_SHINGLES - 1.
            window = words[start : start + CHUNK_SHINGLES + SHINGLE_WORDS - 1]
            np.minimum(lowest, _minhash(shingle_hashes(window)), out=lowest)
        return cls(lowest.astype(np.uint32))

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32))

    @property
    def empty(self) -> bool:
        return self.values.size == 0

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two bodies' shingle sets (0.0 if either is empty)."""
        if self.empty or other.empty:
            return 0.0
        return int(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def shares_band(self, other: Signature) -> bool:
        """Would a lookup of one find the other (an LSH band in common)?"""
        if self.empty or other.empty:
            return False
        return not set(self.band_keys()).isdisjoint(other.band_keys())

    def band_keys(self) -> tuple[int, ...]:
        """One signed 64-bit key per LSH band; equal keys mean the band's values are equal."""
        return self._band_keys

    @cached_property
    def _band_keys(self) -> tuple[int, ...]:
        # Cached: the pipeline asks for the keys twice (find, then add).
        bands = self.values[: BANDS * ROWS].astype(_U64).reshape(BANDS, ROWS)
        keys = _BAND_SEEDS.copy()
        for row in range(ROWS):
            keys = _mix64(keys * _GOLDEN + bands[:, row])
        return tuple(keys.view(np.int64).tolist())


def _minhash(shingles: np.ndarray) -> np.ndarray:
    """Per permutation, the least multiply-shift hash of the shingles: the top 32 bits of
    a*x + b (mod 2^64). (In-place steps: numpy's temporaries made the one-line form five times
    slower.)"""
    hashed = np.multiply.outer(_PERM_A, shingles)
    hashed += _PERM_B[:, None]
    hashed >>= _U64(32)
    return hashed.min(axis=1)


def text_signature(text: str) -> Signature:
    """The signature of an article body, normalised with ``matching_text`` first.

    Words are hashed straight into an array (8 bytes a word); only a piece of the text at a
    time is ever split into a list of words.
    """
    words = chain.from_iterable(piece.split() for piece in pieces(matching_text(text)))
    return Signature.from_token_hashes(
        np.fromiter(map(_TOKEN_HASHES.__getitem__, words), dtype=_U64)
    )


class NearDuplicateIndex:
    """Near-duplicate lookup over the bodies stored in ``db``.

    Writes (``add``, ``remove``) run on the caller's connection inside the caller's transaction
    and are never committed here; ``rebuild`` runs in its own transaction (a savepoint when the
    caller already has one open).
    """

    def __init__(self, db: Database, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
        self.db = db
        self.threshold = threshold
        row = db.conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'scheme'").fetchone()
        self.needs_rebuild = row is None or row[0] != SCHEME

    def signature(self, text: str) -> Signature:
        return text_signature(text)

    def find(self, signature: Signature, *, exclude: str | None = None) -> tuple[str, float] | None:
        """The stored body most similar to ``signature`` at or above the threshold, or None.

        Returns ``(url, similarity)``; on a tie the body indexed first wins. ``exclude`` skips
        one url (an article compared against its own earlier version).
        """
        if signature.empty:
            return None
        keys = signature.band_keys()
        candidates = [
            doc
            for (doc,) in self.db.conn.execute(
                f"SELECT doc FROM {BANDS_TABLE} WHERE band_key IN ({_marks(len(keys))})"
                " GROUP BY doc ORDER BY count(*) DESC, doc LIMIT ?",
                [*keys, MAX_CANDIDATES],
            )
        ]
        if not candidates:
            return None
        rows = self.db.conn.execute(
            f"SELECT url, signature FROM {SIGNATURES_TABLE}"
            f" WHERE doc IN ({_marks(len(candidates))}) ORDER BY doc",
            candidates,
        ).fetchall()
        matrix = np.frombuffer(b"".join(blob for _, blob in rows), dtype="<u4")
        matches = np.count_nonzero(matrix.reshape(len(rows), NUM_PERM) == signature.values, axis=1)
        if exclude is not None:
            matches[[url == exclude for url, _ in rows]] = -1
        best = int(np.argmax(matches))
        similarity = int(matches[best]) / NUM_PERM
        if similarity < self.threshold:
            return None
        return rows[best][0], similarity

    def candidates(
        self, signature: Signature, *, exclude: str | None = None
    ) -> list[tuple[str, float]]:
        """Every stored body at or above the threshold, most similar first (then by URL):
        ``(url, similarity)`` pairs. ``exclude`` skips one url."""
        if signature.empty:
            return []
        keys = signature.band_keys()
        # The most banded candidates, then by URL: which ones a lookup sees never depends on
        # the order bodies were indexed in.
        rows = self.db.conn.execute(
            f"SELECT s.url, s.signature FROM {BANDS_TABLE} AS b"
            f" JOIN {SIGNATURES_TABLE} AS s ON s.doc = b.doc"
            f" WHERE b.band_key IN ({_marks(len(keys))})"
            " GROUP BY b.doc ORDER BY count(*) DESC, s.url LIMIT ?",
            [*keys, MAX_CANDIDATES],
        ).fetchall()
        found = []
        for url, blob in rows:
            similarity = signature.similarity(Signature.from_bytes(blob))
            if url != exclude and similarity >= self.threshold:
                found.append((url, similarity))
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def signature_of(self, url: str) -> Signature:
        """The signature indexed for ``url`` (empty when it is not indexed)."""
        row = self.db.conn.execute(
            f"SELECT signature FROM {SIGNATURES_TABLE} WHERE url = ?", (url,)
        ).fetchone()
        return Signature.from_bytes(row[0]) if row else Signature(np.empty(0, dtype=np.uint32))

    def add(self, url: str, signature: Signature) -> None:
        """Index ``url`` under ``signature``, replacing what was indexed for it before."""
        conn = self.db.conn
        if signature.empty:
            self.remove(url)
            return
        cursor = conn.execute(
            f"INSERT INTO {SIGNATURES_TABLE} (url, signature) VALUES (?, ?)"
            " ON CONFLICT (url) DO NOTHING",
            (url, signature.to_bytes()),
        )
        if cursor.rowcount == 1:
            doc = cursor.lastrowid
        else:
            doc, old = conn.execute(
                f"SELECT doc, signature FROM {SIGNATURES_TABLE} WHERE url = ?", (url,)
            ).fetchone()
            self._delete_bands(doc, Signature.from_bytes(old))
            conn.execute(
                f"UPDATE {SIGNATURES_TABLE} SET signature = ? WHERE doc = ?",
                (signature.to_bytes(), doc),
            )
        # One statement for all the bands (executemany runs one per band).
        keys = signature.band_keys()
        conn.execute(_insert_bands_sql(len(keys)), [value for key in keys for value in (key, doc)])

    def remove(self, url: str) -> None:
        """Forget ``url`` (no error if it was never indexed)."""
        row = self.db.conn.execute(
            f"SELECT doc, signature FROM {SIGNATURES_TABLE} WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return
        doc, blob = row
        self._delete_bands(doc, Signature.from_bytes(blob))
        self.db.conn.execute(f"DELETE FROM {SIGNATURES_TABLE} WHERE doc = ?", (doc,))

    def rebuild(self, *, batch_size: int = 1000) -> int:
        """Recompute the index from the bodies of articles and of duplicates; returns the number
        of bodies indexed.

        Bodies are indexed in publication order, so on a similarity tie the earliest story wins.
        """
        count = 0
        with self.db.atomic():
            self.db.conn.execute(f"DELETE FROM {BANDS_TABLE}")
            self.db.conn.execute(f"DELETE FROM {SIGNATURES_TABLE}")
            # Copies are indexed too (with their own text, m007), so changing which story of a
            # group of copies is the original can be judged again (archive/dedup.py).
            articles = self.db.conn.execute(
                "SELECT url, body, published_at, article_id FROM articles UNION ALL"
                " SELECT url, body, published_at, article_id FROM duplicates"
                " WHERE body IS NOT NULL ORDER BY published_at, article_id, url"
            )
            for batch in _batches(articles, batch_size):
                signed = [(url, text_signature(body or "")) for url, body, *_ in batch]
                signed = [(url, sig) for url, sig in signed if not sig.empty]
                docs = range(count + 1, count + 1 + len(signed))
                self.db.conn.executemany(
                    f"INSERT INTO {SIGNATURES_TABLE} (doc, url, signature) VALUES (?, ?, ?)",
                    [
                        (doc, url, sig.to_bytes())
                        for doc, (url, sig) in zip(docs, signed, strict=True)
                    ],
                )
                self.db.conn.executemany(
                    f"INSERT OR IGNORE INTO {BANDS_TABLE} (band_key, doc) VALUES (?, ?)",
                    [
                        (key, doc)
                        for doc, (_, sig) in zip(docs, signed, strict=True)
                        for key in sig.band_keys()
                    ],
                )
                count += len(signed)
            self.db.conn.execute(
                f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES ('scheme', ?)", (SCHEME,)
            )
        self.needs_rebuild = False
        return count

    def _delete_bands(self, doc: int, signature: Signature) -> None:
        # The stored signature gives the band keys, so no index on doc is needed.
        self.db.conn.executemany(
            f"DELETE FROM {BANDS_TABLE} WHERE band_key = ? AND doc = ?",
            [(key, doc) for key in signature.band_keys()],
        )


@lru_cache(maxsize=4)
def _insert_bands_sql(count: int) -> str:
    rows = ", ".join(["(?, ?)"] * count)
    return f"INSERT OR IGNORE INTO {BANDS_TABLE} (band_key, doc) VALUES {rows}"


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
