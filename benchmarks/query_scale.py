"""How the query commands scale: search, latest, show, stats and export on a 1M-article archive.

Usage:  .venv/bin/python benchmarks/query_scale.py [--articles 1000000] [--rebuild] [--db PATH]
        .venv/bin/python benchmarks/query_scale.py --smoke     # 1,000 articles: runs in seconds

A synthetic archive of both editions is built once through the project's own ``open_database``
(so the schema, its indexes and the full-text triggers are the real ones) and cached under
``data/`` (gitignored): ``data/query_scale-<N>.db``. Later runs reuse it and only apply pending
migrations, so the time a new migration takes on an archive of that size is printed too.

The archive: 60 % English, 40 % Urdu stories spread over ten years, stored in publication order
as a crawl that keeps up does (shuffled within batches). Bodies have 300-700 words in paragraphs,
drawn from an English or an Urdu vocabulary (a few hundred real news words, then a synthetic tail,
50,000 words in all) with Zipf-like frequencies; titles are 7-13 content words; categories,
authors, datelines and sources follow the site's own. Duplicates, rejects and crawl runs are added
in the proportions a long-running archive has.

Then each command's library function (``urdupoint_news.archive.query``) is timed on the open
archive, as the CLI calls it, after one warm-up call: ``search`` of two common words (and with
filters), ``latest``, ``show``, ``stats``, and ``export`` streamed into JSON Lines. Each figure is
printed next to its target from issue 11, with the database size per article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlite_utils import Database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from urdupoint_news.archive import query  # noqa: E402
from urdupoint_news.archive.query import Filters  # noqa: E402
from urdupoint_news.archive.schema import DUPLICATE_BODY_COLUMNS, open_database  # noqa: E402

SITE = "https://www.urdupoint.com"
# Bump when the generated archive changes, so a cached file of the old shape is not reused.
# 2: ids unique across the editions, duplicates keep their text (m007's columns).
GENERATOR_VERSION = 2
VOCABULARY = 50_000
BATCH = 10_000
SMOKE_ARTICLES = 1_000
FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2025, 9, 10)
PKT = dt.timezone(dt.timedelta(hours=5))


def _words(text: str) -> list[str]:
    return text.split()


# The head of each vocabulary, most frequent first: function words, then the words news uses most.
ENGLISH_HEAD = _words("""
the of to and in a on for said that is with was by he it as at from has be have his are were an
this which will not also had they would its been their who or but after more government pakistan
minister people year all two one new over federal country other than there prime provincial
national first president official officials chief last about under during against meeting
security police court public state development punjab islamabad lahore karachi three party
assembly economic million billion rupees percent project projects according sindh khyber
pakhtunkhwa balochistan peshawar quetta district city area areas local international world
foreign affairs relations china india afghanistan united nations cooperation bilateral trade
investment budget tax prices inflation bank market stock exchange cricket team match series cup
hockey players board health hospital patients doctors education students university schools
water power electricity energy gas oil media social department ministry secretary talks
agreement visit delegation conference program system law order action case cases arrested
accused killed injured attack terrorism flood rain weather heat climate agriculture farmers wheat
sugar cotton exports imports industry business company companies private sector services road
roads transport railway airport flights village citizens women children youth rights human
institute steps measures efforts decision issue issues crisis situation support role process
policy plan report data information technology digital internet mobile film music actor singer
drama festival senate supreme justice army forces election elections opposition leader committee
governor commissioner deputy additional director general inspector military navy air border
peace dialogue region regional economy growth exports revenue debt loan imf funds funding
vaccine disease dengue polio virus cabinet approved announced directed ordered urged called
""")

URDU_HEAD = _words("""
کے میں کی ہے اور سے کو نے پر کا یہ کہا کہ ہیں بھی جا گیا گی تھا ایک اس لیے کر رہے کیا دیا ان وہ
جس تک بعد اپنے کوئی حکومت پاکستان وزیر اعظم عوام ملک صوبائی وفاقی پنجاب سندھ کراچی لاہور اسلام
آباد عدالت سپریم پولیس فوج انتخابات جماعت صدر اجلاس ترقی معیشت تجارت بجٹ ٹیکس روپے ارب کروڑ
قیمت مہنگائی بینک کرکٹ ٹیم میچ ہاکی کھلاڑی صحت ہسپتال تعلیم طلبہ یونیورسٹی پانی بجلی گیس منصوبے
عالمی چین بھارت افغانستان اقوام متحدہ تعاون مذاکرات معاہدہ دورہ وفد قانون مقدمہ گرفتار ہلاک زخمی
حملہ سیلاب بارش موسم کسان گندم چینی برآمدات درآمدات صنعت کاروبار کمپنی شہر ضلع علاقے خواتین بچوں
حقوق اقدامات فیصلہ مسئلہ بحران صورتحال حمایت پالیسی رپورٹ ٹیکنالوجی فلم اداکار گلوکار اسمبلی
سینیٹ چیف جسٹس گورنر کمشنر ڈپٹی ڈائریکٹر جنرل انسپکٹر سرحد امن خطے قرض فنڈ ویکسین بیماری ڈینگی
پولیو کابینہ منظوری اعلان ہدایت مطالبہ شہریوں سکیورٹی اپوزیشن رہنما کمیٹی قومی بین الاقوامی
""")

ENGLISH_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))
URDU_LETTERS = np.array(list("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیے"))

EN_CATEGORIES = {
    "pakistan": 30, "world": 14, "business": 12, "sports": 12, "entertainment": 6, "health": 5,
    "technology": 4, "education": 4, "agriculture": 3, "crime": 4, "weather": 2, "lifestyle": 2,
    "punjab": 1, "sindh": 1,
}  # fmt: skip
UR_CATEGORIES = {
    "pakistan": 34, "world": 16, "sports": 14, "showbiz": 8, "business": 10, "health": 5,
    "technology": 4, "weird": 3, "agriculture": 3, "education": 3,
}  # fmt: skip
FIRST_NAMES = _words("""
Muhammad Ali Ahmad Fahad Sajjad Zubair Imran Usman Bilal Hamza Ayesha Sana Fatima
Zainab Nadia Kamran Tariq Rashid Waseem Shahid Asif Naveem Faisal Adnan Irfan""")
LAST_NAMES = _words("""
Khan Raza Shabbir Qureshi Malik Sheikh Butt Chaudhry Abbasi Siddiqui Hussain Iqbal
Mirza Baig Rana Javed Akhtar Aslam Bhatti Gondal""")
UR_AUTHORS = ["محمد علی", "فہد شبیر", "عائشہ خان", "ثنا ملک", "عمران قریشی", "بلال احمد"]
DATELINES = ["ISLAMABAD", "LAHORE", "KARACHI", "PESHAWAR", "QUETTA", "MULTAN", "FAISALABAD"]
UR_DATELINES = ["اسلام آباد", "لاہور", "کراچی", "پشاور", "کوئٹہ", "ملتان"]
EN_SOURCES = ["UrduPoint / Pakistan Point News", "UrduPoint / Pakistan Point News / APP"]
REJECT_REASONS = {"not_an_article": 50, "empty_body": 25, "too_short": 15, "no_date": 10}

# What is timed: two common words per query, as people search a news archive.
EN_QUERIES = [
    "prime minister",
    "federal government",
    "cricket team",
    "police arrested",
    "economic development",
    "foreign minister",
    "court case",
    "punjab government",
]
UR_QUERIES = ["وزیر اعظم", "حکومت پاکستان", "کرکٹ ٹیم", "وفاقی حکومت"]
TARGET_SEARCH_MS = 100
TARGET_LATEST_MS = 20
TARGET_SHOW_MS = 10
TARGET_STATS_S = 2
TARGET_EXPORT_ROWS = 20_000


# --- the synthetic archive ----------------------------------------------------------------------
@dataclass
class Vocabulary:
    words: np.ndarray  # dtype object: fancy indexing gives the words of a draw at C speed
    titled: np.ndarray
    cumulative: np.ndarray
    content: np.ndarray  # cumulative weights without the function words, for titles

    @classmethod
    def create(cls, head: list[str], letters: np.ndarray, rng: np.random.Generator) -> Vocabulary:
        words = list(dict.fromkeys(head))
        seen = set(words)
        while len(words) < VOCABULARY:
            lengths = rng.integers(3, 10, VOCABULARY)
            pool = rng.choice(letters, int(lengths.sum()))
            ends = np.cumsum(lengths)
            for end, length in zip(ends.tolist(), lengths.tolist(), strict=True):
                word = "".join(pool[end - length : end])
                if word not in seen and len(words) < VOCABULARY:
                    seen.add(word)
                    words.append(word)
        # Zipf-Mandelbrot: the head words cover about half of a body, as they do in news text.
        weights = 1.0 / (np.arange(VOCABULARY) + 2.7)
        content = weights.copy()
        content[:40] = 0
        return cls(
            np.array(words, dtype=object),
            np.array([w.capitalize() for w in words], dtype=object),
            np.cumsum(weights / weights.sum()),
            np.cumsum(content / content.sum()),
        )

    def draw(self, rng: np.random.Generator, n: int, *, cumulative: np.ndarray) -> np.ndarray:
        return np.minimum(np.searchsorted(cumulative, rng.random(n)), VOCABULARY - 1)

    def body(self, rng: np.random.Generator, stop: str) -> tuple[str, int]:
        n = int(rng.integers(300, 701))
        words = self.words[self.draw(rng, n, cumulative=self.cumulative)]
        words[0] = words[0].capitalize()
        paragraphs, start = [], 0
        breaks = np.cumsum(rng.integers(40, 91, n // 40 + 1)).tolist()
        for end in breaks:
            end = min(end, n)
            words[start] = words[start].capitalize()
            paragraphs.append(" ".join(words[start:end]) + stop)
            start = end
            if start >= n:
                break
        return "\n\n".join(paragraphs), n

    def title(self, rng: np.random.Generator, *, capitalise: bool) -> str:
        ids = self.draw(rng, int(rng.integers(7, 14)), cumulative=self.content)
        return " ".join((self.titled if capitalise else self.words)[ids])

    def summary(self, rng: np.random.Generator) -> str:
        return " ".join(
            self.words[self.draw(rng, int(rng.integers(20, 36)), cumulative=self.cumulative)]
        )


def _choices(table: dict[str, int]) -> tuple[list[str], np.ndarray]:
    names = list(table)
    weights = np.array([table[n] for n in names], dtype=float)
    return names, weights / weights.sum()


@dataclass
class Plan:
    """Everything that decides one archive: each article's time, edition and id."""

    articles: int
    seed: int
    # Articles generated (and inserted) together; smaller only for the smoke size.
    batch: int = BATCH

    def minutes(self) -> np.ndarray:
        # Publication times over ten years, more stories in later years (the site grew).
        rng = np.random.default_rng(self.seed)
        span = (LAST_DAY - FIRST_DAY).days * 1440
        return np.sort((np.sqrt(rng.random(self.articles)) * span).astype(np.int64))

    def editions(self) -> np.ndarray:
        return np.random.default_rng(self.seed + 1).random(self.articles) < 0.6  # True: English


def _vocabularies(seed: int) -> tuple[Vocabulary, Vocabulary]:
    rng = np.random.default_rng(seed)
    return Vocabulary.create(ENGLISH_HEAD, ENGLISH_LETTERS, rng), Vocabulary.create(
        URDU_HEAD, URDU_LETTERS, rng
    )


_worker: dict = {}
EN_FIRST_ID, EN_ID_SPAN = 500_000, 1_700_000
UR_FIRST_ID, UR_ID_SPAN = 2_500_000, 3_500_000
COPY_FIRST_ID = 7_000_000


def _init_worker(plan: Plan) -> None:
    _worker["plan"] = plan
    _worker["vocab"] = _vocabularies(plan.seed)
    _worker["minutes"] = plan.minutes()
    english = plan.editions()
    _worker["english"] = english
    # Ids grow with time in each edition, like the site's: English 0.5M-2.2M, Urdu 2.5M-6M. The
    # ranges do not overlap, so an id names one story (``show ID`` refuses an id that matches
    # an English and an Urdu story, as the site's own ids never do within an archive like this).
    en_rank = np.cumsum(english) - 1
    ur_rank = np.cumsum(~english) - 1
    n_en, n_ur = max(1, int(english.sum())), max(1, int((~english).sum()))
    _worker["ids"] = np.where(
        english,
        EN_FIRST_ID + en_rank * (EN_ID_SPAN // n_en + 1),
        UR_FIRST_ID + ur_rank * (UR_ID_SPAN // n_ur + 1),
    )


def url_of(english: bool, article_id: int, day: str, category: str) -> str:
    if english:
        return f"{SITE}/en/{category}/synthetic-story-about-{category}-{article_id}.html"
    return f"{SITE}/daily/livenews/{day}/news-{article_id}.html"


def _article_rows(first: int) -> list[dict[str, object]]:
    plan: Plan = _worker["plan"]
    en_vocab, ur_vocab = _worker["vocab"]
    rng = np.random.default_rng([plan.seed, first])
    en_categories, en_p = _choices(EN_CATEGORIES)
    ur_categories, ur_p = _choices(UR_CATEGORIES)
    stop = min(plan.articles, first + plan.batch)
    order = rng.permutation(np.arange(first, stop))  # a crawl stores a batch in any order
    epoch = dt.datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=PKT)
    rows = []
    for number in order.tolist():
        english = bool(_worker["english"][number])
        article_id = int(_worker["ids"][number])
        published = epoch + dt.timedelta(minutes=int(_worker["minutes"][number]))
        day = published.date().isoformat()
        seen = (published + dt.timedelta(minutes=int(rng.integers(3, 90)))).astimezone(dt.UTC)
        if english:
            category = en_categories[rng.choice(len(en_categories), p=en_p)]
            body, words = en_vocab.body(rng, ".")
            title = en_vocab.title(rng, capitalise=True)
            summary = en_vocab.summary(rng) if rng.random() < 0.4 else None
            luck = rng.random()
            if luck < 0.55:
                first_name = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
                author = f"{first_name} {LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]}"
            else:
                author = "Sports Desk" if category == "sports" and luck < 0.7 else None
            dateline = DATELINES[int(rng.integers(len(DATELINES)))]
            source = EN_SOURCES[int(rng.integers(len(EN_SOURCES)))]
            extractor = "urdupoint_en.V2" if published.year >= 2023 else "urdupoint_en.V1"
        else:
            category = ur_categories[rng.choice(len(ur_categories), p=ur_p)]
            body, words = ur_vocab.body(rng, "۔")
            title = ur_vocab.title(rng, capitalise=False)
            summary = ur_vocab.summary(rng) if rng.random() < 0.2 else None
            author = UR_AUTHORS[int(rng.integers(len(UR_AUTHORS)))] if rng.random() < 0.3 else None
            dateline = UR_DATELINES[int(rng.integers(len(UR_DATELINES)))]
            source = "اردوپوائنٹ اخبارتازہ ترین"
            extractor = "urdupoint_ur.V1"
        modified = None
        if rng.random() < 0.1:
            modified = (published + dt.timedelta(hours=int(rng.integers(1, 30)))).isoformat()
        url = url_of(english, article_id, day, category)
        rows.append(
            {
                "url": url,
                "article_id": article_id,
                "edition": "en" if english else "ur",
                "category": category,
                "title": title,
                "summary": summary,
                "author": author,
                "published_at": published.isoformat(),
                "modified_at": modified,
                "dateline": dateline,
                "source": source,
                "body": body,
                "word_count": words,
                "image_url": f"{SITE}/images/news/{day.replace('-', '/')}/{article_id}.jpg",
                "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                "extractor": extractor,
                "first_seen_at": seen.isoformat(),
                "last_seen_at": seen.isoformat(),
            }
        )
    return rows


def _other_rows(plan: Plan, db: Database, stored: list[str]) -> dict[str, list[dict[str, object]]]:
    """Duplicates (3 % of stories), rejects (1 %) and crawl runs (three spiders, four times a
    day), in the shapes the pipelines write. Rows are dicts named by column, inserted by
    ``insert_rows``: a column the schema gains later is left NULL here instead of breaking the
    build (it did once: m007 gave ``duplicates`` the article's columns)."""
    rng = np.random.default_rng(plan.seed + 2)
    duplicates: list[dict[str, object]] = []
    picks = rng.choice(len(stored), len(stored) * 3 // 100, replace=False).tolist()
    for number, i in enumerate(picks):
        original = next(db.query("SELECT * FROM articles WHERE url = ?", [stored[i]]))
        kind = "exact" if rng.random() < 0.4 else "near"
        # A copy is a story of its own with its own id, from a range no article uses.
        copy_id = COPY_FIRST_ID + number
        # A copy keeps its own text (m007): the original's, a little changed when near.
        body = original["body"] if kind == "exact" else original["body"] + "\n\nSynthetic copy."
        copy = {name: original[name] for name in DUPLICATE_BODY_COLUMNS if name in original}
        copy.update(
            url=original["url"].replace(".html", f"-copy-{copy_id}.html"),
            duplicate_of=original["url"],
            kind=kind,
            similarity=1.0 if kind == "exact" else round(float(rng.uniform(0.8, 0.99)), 4),
            article_id=copy_id,
            title=original["title"],
            published_at=original["published_at"],
            body=body,
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
            first_seen_at=original["published_at"],
        )
        duplicates.append(copy)
    reasons, p = _choices(REJECT_REASONS)
    rejects: list[dict[str, object]] = [
        {
            "url": f"{SITE}/en/pakistan/rejected-page-{i}.html",
            "reason": reasons[rng.choice(len(reasons), p=p)],
            "detail": "synthetic",
            "seen_at": "2025-01-01T00:00:00+00:00",
        }
        for i in range(len(stored) // 100)
    ]
    runs: list[dict[str, object]] = []
    day, run_id = FIRST_DAY, 0
    while day <= LAST_DAY:
        for hour in (0, 6, 12, 18):
            for spider in ("urdupoint_en", "urdupoint_ur", "urdupoint_feeds"):
                run_id += 1
                start = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)
                finish = start + dt.timedelta(seconds=int(rng.integers(60, 900)))
                runs.append(
                    {
                        "id": run_id,
                        "spider": spider,
                        "arguments": "{}",
                        "started_at": start.isoformat(),
                        "finished_at": finish.isoformat(),
                        "finish_reason": "finished",
                        "status": "ok",
                        "pages": 40,
                        "articles_new": max(1, len(stored) // 42_000),
                        "articles_updated": 0,
                        "articles_unchanged": 30,
                        "duplicates": 1,
                        "rejects": 0,
                        "errors": 0,
                        "extractors": "{}",
                        "problems": "[]",
                    }
                )
        day += dt.timedelta(days=1)
    return {"duplicates": duplicates, "rejects": rejects, "crawl_runs": runs}


def insert_rows(db: Database, table: str, rows: list[dict[str, object]]) -> None:
    """Insert ``rows`` (dicts by column name) into ``table``, naming the columns: the statement
    follows the schema, and a generator that names a column the table lacks stops here."""
    if not rows:
        return
    columns = list(rows[0])
    unknown = set(columns) - set(db[table].columns_dict)
    if unknown:
        raise SystemExit(f"the benchmark is out of date: {table} has no {sorted(unknown)}")
    names = ", ".join(columns)
    marks = ", ".join(f":{name}" for name in columns)
    db.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def build_archive(path: Path, plan: Plan) -> float:
    """Write the archive to ``path`` (via a temporary name, so an interrupted build is never
    reused); returns the seconds it took."""
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(str(partial))  # the real schema: migrations, indexes, FTS triggers
    # A scratch file: no journal, no fsync. The archive is rebuilt if the build is interrupted.
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    # FTS5 flushes its in-memory index to a new segment whenever the index outgrows ``hashsize``
    # (1 MB by default); a bigger one for the build halves its time. Reset at the end.
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)", [2**28])
    stored: list[str] = []
    context = multiprocessing.get_context("fork")
    # One process writes bodies while this one inserts them: the two cores both work.
    with context.Pool(1, initializer=_init_worker, initargs=(plan,)) as pool:
        for rows in pool.imap(_article_rows, range(0, plan.articles, plan.batch)):
            with db.atomic():
                insert_rows(db, "articles", rows)
            stored.extend(str(row["url"]) for row in rows)
            done = len(stored)
            if sys.stdout.isatty() or done % (plan.articles // 10 or 1) < plan.batch:
                print(
                    f"\r  built {done:,} of {plan.articles:,} articles"
                    f" ({time.perf_counter() - started:.0f} s)",
                    end="" if sys.stdout.isatty() else "\n",
                    flush=True,
                )
    if sys.stdout.isatty():
        print()
    finish_archive(db, plan, stored)
    partial.rename(path)
    return time.perf_counter() - started


def finish_archive(db: Database, plan: Plan, stored: list[str]) -> None:
    """The rows beside the articles, then the archive's own settings back; closes ``db``."""
    with db.atomic():
        for table, rows in _other_rows(plan, db, stored).items():
            insert_rows(db, table, rows)
    db.execute("PRAGMA journal_mode = WAL")
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    db.close()
    db = open_database(path, create=False)
    with db.atomic():
        db.execute("DELETE FROM articles_fts_config WHERE k = 'hashsize'")
    db.close()


# --- measuring ----------------------------------------------------------------------------------
def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Timing:
    """Wall-clock seconds of each call, and the CPU seconds this process spent in it: on a
    shared machine the wall clock includes waiting for a core, the CPU time does not."""

    wall: list[float]
    cpu: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.wall)

    @property
    def p95(self) -> float:
        return percentile(self.wall, 0.95)

    @property
    def cpu_p95(self) -> float:
        return percentile(self.cpu, 0.95)

    def note(self) -> str:
        return f"p50 {ms(self.p50)}, CPU p95 {ms(self.cpu_p95)}, {len(self.wall)} runs"


def time_calls(calls: list[Callable[[], object]], repeat: int, budget: float) -> Timing:
    """Each call ``repeat`` times, round robin, after one untimed call to warm the caches; stops
    after the round in which the group's time passed ``budget`` seconds."""
    timing = Timing([], [])
    calls[0]()
    for _ in range(repeat):
        for call in calls:
            started, cpu = time.perf_counter(), time.process_time()
            call()
            timing.wall.append(time.perf_counter() - started)
            timing.cpu.append(time.process_time() - cpu)
        if sum(timing.wall) > budget:
            break
    return timing


def report(name: str, value: str, target: str, ok: bool, note: str = "") -> None:
    verdict = "ok" if ok else "MISSES"
    print(f"  {name:<38} {value:>12}   target {target:<12} {verdict:<7} {note}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def measure(path: Path, args: argparse.Namespace) -> None:
    db = query.open_archive(path)  # as the CLI opens it: read-only, no migrations
    repeat, budget = args.repeat, args.budget
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]

    print("search (two common words, 20 best matches with snippets)")
    for label, queries, filters in [
        ("English", EN_QUERIES, Filters()),
        ("Urdu", UR_QUERIES, Filters()),
        ("English, --edition en", EN_QUERIES, Filters(edition="en")),
        ("--category business", EN_QUERIES, Filters(category="business")),
        ("--since/--until one year", EN_QUERIES, Filters(since="2024-01-01", until="2024-12-31")),
        ("--author (a name)", EN_QUERIES[:4], Filters(author="Fahad Shabbir")),
    ]:
        try:
            matches = [
                db.execute(
                    "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                    [query.fts_query(q)],
                ).fetchone()[0]
                for q in queries
            ]
            timing = time_calls(
                [lambda q=q, f=filters: query.search(db, q, f) for q in queries], repeat, budget
            )
        except (query.ArchiveError, sqlite3.OperationalError) as error:
            print(f"  search {label}: fails: {error}")
            continue
        report(
            f"search {label} p95",
            ms(timing.p95),
            f"<= {TARGET_SEARCH_MS} ms",
            timing.p95 * 1000 <= TARGET_SEARCH_MS,
            f"{timing.note()}; {min(matches) / articles:.0%}-{max(matches) / articles:.0%}"
            " of articles match",
        )

    print("latest (20 newest)")
    for label, filters in [
        ("no filters", Filters()),
        ("--edition ur", Filters(edition="ur")),
        ("--category business", Filters(category="business")),
        ("--category weather --edition en", Filters(category="weather", edition="en")),
        ("--since/--until one month", Filters(since="2021-03-01", until="2021-03-31")),
        ("--author (a name)", Filters(author="Fahad Shabbir")),
        ("--author khan (many names)", Filters(author="khan")),
        ("--author (nobody)", Filters(author="Nobody Atall")),
    ]:
        timing = time_calls([lambda f=filters: query.latest(db, f)], repeat * 4, budget)
        report(
            f"latest {label} p95",
            ms(timing.p95),
            f"<= {TARGET_LATEST_MS} ms",
            timing.p95 * 1000 <= TARGET_LATEST_MS,
            timing.note(),
        )

    print("show (one article)")
    rng = np.random.default_rng(args.seed + 3)
    picks = rng.integers(1, articles + 1, 20).tolist()
    refs = db.execute(
        f"SELECT url, article_id FROM articles WHERE rowid IN ({', '.join('?' * len(picks))})",
        picks,
    ).fetchall()
    copies = [r[0] for r in db.execute("SELECT url FROM duplicates LIMIT 20")]
    for label, values in [
        ("by id", [str(r[1]) for r in refs]),
        ("by URL", [r[0] for r in refs]),
        ("by a duplicate's URL", copies),
    ]:
        timing = time_calls([lambda v=v: query.get_article(db, v) for v in values], repeat, budget)
        report(
            f"show {label} p95",
            ms(timing.p95),
            f"<= {TARGET_SHOW_MS} ms",
            timing.p95 * 1000 <= TARGET_SHOW_MS,
            timing.note(),
        )

    print("stats")
    timing = time_calls([lambda: query.stats(db)], max(1, repeat // 2), budget)
    report(
        "stats (defaults) worst",
        f"{max(timing.wall):.2f} s",
        f"<= {TARGET_STATS_S} s",
        max(timing.wall) <= TARGET_STATS_S,
        f"median {timing.p50:.2f} s, CPU worst {max(timing.cpu):.2f} s, {len(timing.wall)} runs",
    )

    print("export (every column, JSON Lines as the command writes them, to a file)")
    for label, filters in [("whole archive", Filters()), ("--edition ur", Filters(edition="ur"))]:
        started, cpu = time.perf_counter(), time.process_time()
        counter = _Counter(json_lines(db, filters, args.export_rows))
        with open(os.devnull, "wb") as out:
            for line in counter:  # as the command's writer does
                out.write(line)
        took, cpu_took = time.perf_counter() - started, time.process_time() - cpu
        rate = counter.n / took
        report(
            f"export {label}",
            f"{rate:,.0f} rows/s",
            f">= {TARGET_EXPORT_ROWS:,}",
            rate >= TARGET_EXPORT_ROWS,
            f"{counter.n / cpu_took:,.0f} rows per CPU second; {counter.n:,} rows,"
            f" {counter.size / counter.n / 1024:.1f} KB each, {took:.1f} s",
        )
    db.close()


class _Counter:
    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines, self.n, self.size = lines, 0, 0

    def __iter__(self) -> Iterator[bytes]:
        for line in self.lines:
            self.n += 1
            self.size += len(line)
            yield line


def json_lines(db: Database, filters: Filters, limit: int) -> Iterator[bytes]:
    if hasattr(query, "export_jsonl"):
        return query.export_jsonl(db, filters, limit=limit)
    # The code before export_jsonl (to measure it from an older checkout), as its CLI wrote.
    rows = query.export_rows(db, filters, limit=limit)
    return ((json.dumps(row, ensure_ascii=False) + "\n").encode() for row in rows)


def sizes(path: Path) -> None:
    db = open_database(str(path), create=False)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    total = path.stat().st_size
    owners = dict(db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type != 'trigger'"))
    parts: dict[str, int] = {}
    for name, size in db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        owner = owners.get(name, name)
        family = (
            "full-text index"
            if owner.startswith("articles_fts")
            else "articles"
            if owner == "articles" and name == "articles"
            else "article indexes"
            if owner == "articles"
            else owner
        )
        parts[family] = parts.get(family, 0) + size
    db.close()
    print("size")
    print(f"  database: {total / 2**30:.2f} GB, {total / articles / 1024:.2f} KB per article")
    for family, size in sorted(parts.items(), key=lambda item: -item[1]):
        if size >= 2**20:
            print(f"    {family:<24} {size / 2**20:>9,.0f} MB  {size / articles:>8,.0f} B/article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20250910)
    parser.add_argument("--db", help="archive path (default: data/query_scale-<N>.db, cached)")
    parser.add_argument("--rebuild", action="store_true", help="build the archive again")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each call")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="stop repeating a group after this many s"
    )
    parser.add_argument(
        "--export-rows", type=int, default=200_000, help="rows timed for each export"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"{SMOKE_ARTICLES:,} articles in a temporary file, each call timed once: checks "
        "that the benchmark runs (make test does), its figures mean nothing",
    )
    args = parser.parse_args()
    batch = BATCH
    if args.smoke:
        # The smoke size: every step runs (two batches through the worker process, every
        # query, the duplicates and crawl runs), in a few seconds, in a file removed after.
        args.articles, batch = SMOKE_ARTICLES, SMOKE_ARTICLES // 2
        args.repeat, args.budget, args.export_rows = 1, 0.5, 200
        scratch = tempfile.TemporaryDirectory(prefix="query_scale-")
        args.db, args.rebuild = str(Path(scratch.name) / "smoke.db"), True
    elif args.articles < BATCH:
        parser.error(f"--articles must be at least {BATCH:,}")
    path = Path(args.db or ROOT / "data" / f"query_scale-{args.articles}-v{GENERATOR_VERSION}.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"{os.cpu_count()} cores, {_cpu_model()}, {_ram_gb():.0f} GB RAM;"
        f" SQLite {sqlite3.sqlite_version}"
    )
    if args.rebuild or not path.exists():
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        print(f"building {path} ({args.articles:,} articles)")
        seconds = build_archive(path, Plan(args.articles, args.seed, batch))
        print(f"  built in {seconds:.0f} s")
    else:
        print(f"reusing {path} (--rebuild to build it again)")
    started = time.perf_counter()
    open_database(str(path)).close()  # what the next crawl does: apply pending migrations
    print(f"  migrations applied in {time.perf_counter() - started:.1f} s")
    sizes(path)
    print(f"load average before measuring: {_load()}")
    measure(path, args)
    print(f"load average after: {_load()} (other work on the machine slows the wall clock)")
    if args.smoke:
        scratch.cleanup()


def _load() -> str:
    return ", ".join(f"{load:.1f}" for load in os.getloadavg())


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def _ram_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


if __name__ == "__main__":
    main()
