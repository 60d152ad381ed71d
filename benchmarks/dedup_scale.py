"""How the near-duplicate index scales: per-article dedup cost and memory at 10k, 100k, 1M articles.

Usage:  .venv/bin/python benchmarks/dedup_scale.py [--sizes 10000,100000,1000000] [--measure 2000]

Synthetic bodies of 200-400 words are drawn from a 20,000-word vocabulary with Zipf-like word
frequencies (so unrelated bodies share common three-word runs, as news does). The archive is
grown to each size in bulk (signatures computed from the same word hashes ``signature()`` uses,
rows written with executemany in 10,000-article transactions); then the last ``--measure``
articles before each size go through the real pipeline path -- ``signature(text)``, ``find``,
and ``add`` when no near copy is found -- committed every 500 articles; the median of those
500-article batches is reported. One in ten of those
is a planted near copy (5 words changed, 15 added) of an earlier article, which must be found.

Prints, per size: microseconds per article for signature, find, add (incl. commits) and in total,
the planted copies found, false matches, peak and current RSS, and the index size on disk.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from urdupoint_news.archive.neardup import (  # noqa: E402
    BANDS_TABLE,
    SIGNATURES_TABLE,
    NearDuplicateIndex,
    Signature,
    token_hash,
)
from urdupoint_news.archive.schema import open_database  # noqa: E402
from urdupoint_news.site.normalize import matching_text  # noqa: E402

VOCABULARY = 20_000
BULK_BATCH = 10_000
COMMIT_EVERY = 500
COPY_EVERY = 10
RESERVOIR = 2_000
WARM_UP = 200
LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


@dataclass
class Corpus:
    rng: np.random.Generator
    words: list[str]
    hashes: np.ndarray
    cumulative: np.ndarray

    @classmethod
    def create(cls, seed: int) -> Corpus:
        rng = np.random.default_rng(seed)
        words: set[str] = set()
        while len(words) < VOCABULARY:
            length = int(rng.integers(2, 11))
            words.add("".join(rng.choice(LETTERS, length)))
        ordered = sorted(words)
        rng.shuffle(ordered)
        weights = 1.0 / (np.arange(VOCABULARY) + 10.0)
        hashes = np.array([token_hash(word) for word in ordered], dtype=np.uint64)
        return cls(rng, ordered, hashes, np.cumsum(weights / weights.sum()))

    def body_ids(self) -> np.ndarray:
        draws = self.rng.random(int(self.rng.integers(200, 401)))
        return np.minimum(np.searchsorted(self.cumulative, draws), VOCABULARY - 1)

    def near_copy(self, ids: np.ndarray) -> np.ndarray:
        copy = ids.copy()
        copy[self.rng.choice(len(copy), 5, replace=False)] = self.rng.integers(0, VOCABULARY, 5)
        return np.concatenate([copy, self.rng.integers(0, VOCABULARY, 15)])

    def text(self, ids: np.ndarray) -> str:
        return " ".join(self.words[i] for i in ids)


def article_url(number: int) -> str:
    return f"https://www.urdupoint.com/en/pakistan/synthetic-story-{number}.html"


def bulk_fill(db, corpus: Corpus, start: int, stop: int, reservoir: dict[str, np.ndarray]) -> None:
    for first in range(start, stop, BULK_BATCH):
        numbers = range(first, min(first + BULK_BATCH, stop))
        signature_rows, band_rows = [], []
        for number in numbers:
            ids = corpus.body_ids()
            signature = Signature.from_token_hashes(corpus.hashes[ids])
            doc = number + 1
            signature_rows.append((doc, article_url(number), signature.to_bytes()))
            band_rows.extend((key, doc) for key in signature.band_keys())
            if len(reservoir) < RESERVOIR and corpus.rng.random() < 0.01:
                reservoir[article_url(number)] = ids
        band_rows.sort()
        with db.atomic():
            db.conn.executemany(
                f"INSERT INTO {SIGNATURES_TABLE} (doc, url, signature) VALUES (?, ?, ?)",
                signature_rows,
            )
            db.conn.executemany(
                f"INSERT OR IGNORE INTO {BANDS_TABLE} (band_key, doc) VALUES (?, ?)", band_rows
            )


def measure(
    db, index: NearDuplicateIndex, corpus: Corpus, start: int, count: int, reservoir: dict
) -> dict[str, float]:
    # Seconds per commit batch; the median batch is reported, as other work on a shared machine
    # can stall a batch or two.
    batches = {"signature": [0.0], "find": [0.0], "add": [0.0]}
    planted = found = false_matches = 0
    originals = list(reservoir)
    clock = time.perf_counter
    for _ in range(WARM_UP):  # fill caches (token hashes, the character fold) before timing
        index.find(index.signature(corpus.text(corpus.body_ids())))
    for offset in range(count):
        number = start + offset
        original = None
        if offset % COPY_EVERY == COPY_EVERY - 1:
            original = originals[int(corpus.rng.integers(len(originals)))]
            ids = corpus.near_copy(reservoir[original])
            planted += 1
        else:
            ids = corpus.body_ids()
        text = corpus.text(ids)
        t0 = clock()
        signature = index.signature(text)
        t1 = clock()
        match = index.find(signature)
        t2 = clock()
        if match is None:
            index.add(article_url(number), signature)
            if len(reservoir) < RESERVOIR * 2:
                reservoir[article_url(number)] = ids
        if offset % COMMIT_EVERY == COMMIT_EVERY - 1:
            db.conn.commit()
        t3 = clock()
        batches["signature"][-1] += t1 - t0
        batches["find"][-1] += t2 - t1
        batches["add"][-1] += t3 - t2
        if offset % COMMIT_EVERY == COMMIT_EVERY - 1 and offset < count - 1:
            for times in batches.values():
                times.append(0.0)
        if original is not None:
            found += match is not None and match[0] == original
        elif match is not None:
            false_matches += 1
    db.conn.commit()
    result = {
        name: statistics.median(times[: count // COMMIT_EVERY]) / COMMIT_EVERY * 1e6
        for name, times in batches.items()
    }
    result.update(planted=planted, found=found, false_matches=false_matches)
    return result


def rss_mb() -> tuple[float, float]:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open("/proc/self/statm") as statm:
        current = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return peak, current


def index_bytes(db) -> int:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    names = ", ".join(f"'{name}'" for name in (SIGNATURES_TABLE, BANDS_TABLE))
    (total,) = db.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name IN"
        f" ({names}) OR name IN (SELECT name FROM sqlite_master WHERE tbl_name IN ({names}))"
    ).fetchone()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--measure", type=int, default=2000, help="articles timed at each size")
    parser.add_argument("--seed", type=int, default=20250910)
    parser.add_argument("--db", help="database path (default: a temporary file, removed after)")
    parser.add_argument(
        "--cache-mb", type=int, help="SQLite page cache (default: what open_database sets)"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a size that runs in seconds (make test runs it; the figures mean nothing)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.measure = f"{2 * COMMIT_EVERY}", COMMIT_EVERY
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.measure < COMMIT_EVERY or sizes[0] <= args.measure:
        parser.error(f"--measure must be at least {COMMIT_EVERY} and below the smallest size")

    corpus = Corpus.create(args.seed)
    sample = corpus.body_ids()
    assert matching_text(corpus.text(sample)).split() == [corpus.words[i] for i in sample]

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or os.path.join(tmp, "bench.db")
        db = open_database(path)
        if args.cache_mb:
            db.execute(f"PRAGMA cache_size = -{args.cache_mb * 1024}")
        index = NearDuplicateIndex(db)
        reservoir: dict[str, np.ndarray] = {}
        filled = 0
        print(
            f"{'articles':>9} {'signature':>10} {'find':>8} {'add':>8} {'total':>8} {'copies':>9}"
            f" {'false':>5} {'peak RSS':>9} {'RSS':>7} {'index':>9} {'per art.':>8} {'fill':>6}"
        )
        print(f"{'':>9} {'µs/art.':>10} {'µs/art.':>8} {'µs/art.':>8} {'µs/art.':>8}")
        for size in sizes:
            started = time.perf_counter()
            bulk_fill(db, corpus, filled, size - args.measure, reservoir)
            fill_seconds = time.perf_counter() - started
            filled = size - args.measure
            result = measure(db, index, corpus, filled, args.measure, reservoir)
            filled = size
            peak, current = rss_mb()
            size_on_disk = index_bytes(db)
            indexed = db[SIGNATURES_TABLE].count
            total = result["signature"] + result["find"] + result["add"]
            print(
                f"{size:>9,} {result['signature']:>10.0f} {result['find']:>8.0f}"
                f" {result['add']:>8.0f} {total:>8.0f}"
                f" {result['found']:>4}/{result['planted']:<4} {result['false_matches']:>5}"
                f" {peak:>7.0f}MB {current:>5.0f}MB {size_on_disk / 2**20:>7.0f}MB"
                f" {size_on_disk / indexed:>7.0f}B {fill_seconds:>5.0f}s",
                flush=True,
            )
        db.close()


if __name__ == "__main__":
    main()
