"""Extraction speed and accuracy: our ``extract_article`` against trafilatura, on the saved pages.

Usage:  .venv/bin/python benchmarks/extraction_speed.py [--repeat 40]
        .venv/bin/pip install -e '.[bench]'     # trafilatura, to compare with (optional)

The pages are the extraction cases (tests/cases/<edition>/<layout>/: a page and its
hand-checked expected JSON, read by tests/support/cases.py), each extracted at the URL its meta
names. Every page goes through every extractor ``--repeat`` times, interleaved (one call of each
extractor on a page, then the next page...), so a change in the machine's load falls on all of
them alike. Each call is timed twice: CPU time of this process (``time.process_time``) and wall
time (``time.perf_counter``); a page's figure is the median of its calls. The ratio
(trafilatura's time over ours, target 4x from issue 11) uses CPU time: on a shared machine the
wall clock also counts the time spent waiting for a core.

The extractors:

- ours: ``extract_article(html, url)``, every field of the article;
- trafilatura: ``bare_extraction(html, url=url, with_metadata=True, include_comments=False)`` with
  its default settings otherwise (fallback extractors on), and a date format that keeps the time
  of day and the offset (its default writes the day only);
- trafilatura fast: the same with ``fast=True`` (no fallback extractors).

Every timed call gets a page of its own, as in a crawl: a copy of the saved page under a new
article id (in its URL and markup) with the words of its long text runs shuffled after the
first few (a paragraph may open with the dateline). So what a page says is new to every cache
(ours and trafilatura's: URLs, lines, dates), while the site's template (menus, section links,
footers) repeats from page to page, as it does on the real site. The accuracy is scored on the
saved pages themselves.

Accuracy is scored against the expected JSON:

- body: precision, recall and F1 of the words (lower-cased, as multisets) against the expected
  body; and boilerplate that leaked in: a marker ("Recent Stories", "More Stories From",
  "N minutes ago", "Related Topics", a footer's "Copyright", the Urdu list headings, "(جاری ہے)",
  the headline repeated...) found in the extracted body but not in the expected one. The site
  prints a dateline at the start of the story ("ISLAMABAD, (UrduPoint / Pakistan Point News -
  10th Sep, 2025)"), which ours stores in ``dateline``/``source``: it is cut from the start of
  trafilatura's text with the same rule before scoring, so that it costs trafilatura nothing.
- title, author: equal after whitespace is collapsed (an author of None is right when the
  expected author is None: the site and news agencies are not authors).
- date: the same instant to the minute, time zone included (a date without an offset, or the
  day only, is not that instant; "day" counts the right calendar day in Pakistan).
"""

from __future__ import annotations

import argparse
import fnmatch
import itertools
import os
import platform
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.cases import all_cases  # noqa: E402
from urdupoint_news.extraction import extract_article  # noqa: E402
from urdupoint_news.site import urls  # noqa: E402
from urdupoint_news.site.dateline import split_dateline  # noqa: E402
from urdupoint_news.site.dates import PAKISTAN  # noqa: E402
from urdupoint_news.site.urdu import split_urdu_dateline  # noqa: E402

TARGET_RATIO = 4.0
INSTALL_HINT = "pip install -e '.[bench]'  (or: .venv/bin/pip install trafilatura)"

# Boilerplate that must never reach a body: (name, pattern). Counted for an extractor when the
# pattern is found in its body and not in the expected body.
LEAK_MARKERS = [
    ("Recent Stories", r"recent stories"),
    ("More Stories From", r"more stories from"),
    ("N minutes ago", r"\b\d+\s+(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago\b"),
    ("Related Topics", r"related topics"),
    ("Read more", r"read more"),
    ("Advertisement", r"\badvertisement\b|اشتہار"),
    ("share buttons", r"\b(?:facebook|whatsapp)\b|شیئر کریں"),
    ("footer", r"copyright|all rights reserved|©|who we are|our network"),
    ("widget heading", r"\b(?:most read|latest news|trending)\b"),
    ("Urdu story lists", r"مزید اہم خبریں|تازہ ترین خبریں|مزید خبریں|متعلقہ خبریں"),
    ("(جاری ہے)", r"\(\s*جاری ہے\s*\)"),
    ("N منٹ پہلے", r"\d+\s*(?:منٹ|گھنٹے|گھنٹہ|دن)\s*(?:پہلے|قبل)"),
    ("a printed time", r"\b\d{1,2}:\d{2}\b"),
]
_WORD = re.compile(r"[\w\u064b-\u065f\u0670]+")


# --- the extractors ------------------------------------------------------------------------------
@dataclass
class Fields:
    title: str | None
    author: str | None
    date: str | None
    body: str | None


@dataclass
class Extractor:
    name: str
    run: Callable[[str, str], Any]
    fields: Callable[[Any, str], Fields]


def ours() -> Extractor:
    def fields(item: Any, url: str) -> Fields:
        return Fields(item.title, item.author, item.published_at, item.body)

    return Extractor("ours", extract_article, fields)


def trafilatura_extractors() -> list[Extractor]:
    """trafilatura with fallbacks (its default) and fast; empty when it is not installed."""
    try:
        import trafilatura
        from trafilatura.settings import set_date_params
    except ImportError:
        return []
    # Its own defaults (original date, extensive search, not after today), with the time of day
    # and the offset kept.
    dates = {**set_date_params(True), "outputformat": "%Y-%m-%dT%H:%M:%S%z"}

    def runner(fast: bool) -> Callable[[str, str], Any]:
        def run(html: str, url: str) -> Any:
            return trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                fast=fast,
                date_extraction_params=dates,
            )

        return run

    def fields(doc: Any, url: str) -> Fields:
        if doc is None:
            return Fields(None, None, None, None)
        text = doc.text or ""
        # The dateline goes to its own fields in ours: cut it from trafilatura's text likewise.
        split = split_urdu_dateline if urls.edition(url) == "ur" else split_dateline
        return Fields(doc.title, doc.author, doc.date, split(text)[2] or None)

    return [
        Extractor("trafilatura", runner(False), fields),
        Extractor("trafilatura fast", runner(True), fields),
    ]


# --- accuracy ------------------------------------------------------------------------------------
def _words(text: str | None) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text or "").casefold()))


def _same(a: str | None, b: str | None) -> bool:
    def norm(text: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").split())

    return norm(a) == norm(b)


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass
class Accuracy:
    precision: float
    recall: float
    f1: float
    leaks: list[str]
    title: bool
    date: str  # "ok", "day", "wrong", "none"
    author: bool

    @property
    def date_ok(self) -> bool:
        return self.date == "ok"


def score(found: Fields, expected: dict[str, Any]) -> Accuracy:
    got, want = _words(found.body), _words(expected["body"])
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    body, expected_body = (found.body or "").casefold(), expected["body"].casefold()
    leaks = [
        name
        for name, pattern in LEAK_MARKERS
        if re.search(pattern, body) and not re.search(pattern, expected_body)
    ]
    title = (expected["title"] or "").casefold()
    if title and title in body and title not in expected_body:
        leaks.append("headline")
    return Accuracy(
        precision,
        recall,
        f1,
        leaks,
        _same(found.title, expected["title"]),
        _date_verdict(found.date, expected["published_at"]),
        _same(found.author, expected["author"]),
    )


def _date_verdict(found: str | None, expected: str) -> str:
    got, want = _instant(found), _instant(expected)
    if got is None or want is None:
        return "none"
    if got.tzinfo is not None and got.replace(second=0) == want.replace(second=0):
        return "ok"
    day = got.astimezone(PAKISTAN).date() if got.tzinfo is not None else got.date()
    return "day" if day == want.astimezone(PAKISTAN).date() else "wrong"


# --- timing --------------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    url: str
    html: str
    expected: dict[str, Any]
    copies: list[tuple[str, str]] = field(default_factory=list)  # (html, url) per timed call
    cpu: dict[str, list[float]] = field(default_factory=dict)
    wall: dict[str, list[float]] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)

    def cpu_ms(self, extractor: str) -> float:
        return statistics.median(self.cpu[extractor]) * 1000

    def wall_ms(self, extractor: str) -> float:
        return statistics.median(self.wall[extractor]) * 1000


def load_cases(pattern: str) -> list[Case]:
    return [
        Case(f"{found.edition}/{found.name}", found.url, found.html, found.expected)
        for found in all_cases()
        if fnmatch.fnmatch(found.name, pattern)
    ]


_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.DOTALL | re.IGNORECASE)
_LONG_TEXT = re.compile(r">([^<]{40,})<")
_KEEP_WORDS = 14


_NEW_IDS = itertools.count(6_000_000)


def copies(case: Case, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """``count`` pages like the case's, each under its own article id and with its own text."""

    def shuffle(match: re.Match[str]) -> str:
        words = match[1].split()
        head, tail = words[:_KEEP_WORDS], words[_KEEP_WORDS:]
        rng.shuffle(tail)
        return ">" + " ".join(head + tail) + "<"

    old_id = str(urls.article_id(case.url))
    found = []
    for _ in range(count):
        new_id = str(next(_NEW_IDS))
        parts = _SCRIPT.split(case.html.replace(old_id, new_id))
        html = "".join(p if _SCRIPT.fullmatch(p) else _LONG_TEXT.sub(shuffle, p) for p in parts)
        found.append((html, case.url.replace(old_id, new_id)))
    return found


def measure(cases: list[Case], extractors: list[Extractor], repeat: int) -> None:
    rng = random.Random(11)
    for case in cases:
        case.copies = copies(case, repeat, rng)
        for extractor in extractors:
            case.cpu[extractor.name], case.wall[extractor.name] = [], []
            # The saved page itself: scored, and a warm-up (imports, compiled patterns).
            result = extractor.run(case.html, case.url)
            case.accuracy[extractor.name] = score(extractor.fields(result, case.url), case.expected)
    for turn in range(repeat):
        for case in cases:
            html, url = case.copies[turn]
            # Rotate who goes first, so no extractor always runs right after another's garbage.
            for i in range(len(extractors)):
                extractor = extractors[(i + turn) % len(extractors)]
                cpu, wall = time.process_time(), time.perf_counter()
                extractor.run(html, url)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                case.cpu[extractor.name].append(cpu)
                case.wall[extractor.name].append(wall)


# --- report --------------------------------------------------------------------------------------
def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "RAM unknown"
    return (
        f"nproc {os.cpu_count()}, {model}, {memory}; Python {platform.python_version()}, "
        f"lxml {_version('lxml')}, parsel {_version('parsel')}, "
        f"trafilatura {_version('trafilatura')}"
    )


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def print_speed(cases: list[Case], names: list[str]) -> None:
    others = names[1:]
    head = f"{'page':40} " + " ".join(f"{n + ' CPU':>21}" for n in names)
    head += " " + " ".join(f"{'x ' + n:>18}" for n in others)
    head += " " + " ".join(f"{n + ' wall':>22}" for n in names)
    print(head)
    for case in cases:
        row = f"{case.name:40} " + " ".join(f"{case.cpu_ms(n):18.2f} ms" for n in names)
        row += " " + " ".join(f"{case.cpu_ms(n) / case.cpu_ms('ours'):17.1f}x" for n in others)
        row += " " + " ".join(f"{case.wall_ms(n):19.2f} ms" for n in names)
        print(row)


def print_accuracy(cases: list[Case], names: list[str]) -> None:
    print(f"{'page':40} {'extractor':17} {'P':>6} {'R':>6} {'F1':>6}  title date  author  leaked")
    for case in cases:
        for name in names:
            a = case.accuracy[name]
            mark = {True: "ok", False: "--"}
            print(
                f"{case.name if name == names[0] else '':40} {name:17} {a.precision:6.3f} "
                f"{a.recall:6.3f} {a.f1:6.3f}  {mark[a.title]:5} {a.date:5} {mark[a.author]:7} "
                f"{', '.join(a.leaks) or '-'}"
            )


def print_summary(cases: list[Case], names: list[str]) -> None:
    n = len(cases)
    print(
        f"{'extractor':17} {'CPU ms/page':>11} {'wall ms/page':>12} {'x ours':>7} "
        f"{'median x':>8} {'min x':>6} {'>=4x':>5} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'leaky':>6} {'title':>6} {'date':>6} {'day':>6} {'author':>6}"
    )
    ours_cpu = sum(case.cpu_ms("ours") for case in cases)
    for name in names:
        cpu = sum(case.cpu_ms(name) for case in cases)
        wall = sum(case.wall_ms(name) for case in cases)
        ratios = [case.cpu_ms(name) / case.cpu_ms("ours") for case in cases]
        acc = [case.accuracy[name] for case in cases]
        met = sum(r >= TARGET_RATIO for r in ratios)
        print(
            f"{name:17} {cpu / n:11.2f} {wall / n:12.2f} {cpu / ours_cpu:6.1f}x "
            f"{statistics.median(ratios):7.1f}x {min(ratios):5.1f}x {met:>2}/{n:<2} "
            f"{statistics.mean(a.precision for a in acc):6.3f} "
            f"{statistics.mean(a.recall for a in acc):6.3f} "
            f"{statistics.mean(a.f1 for a in acc):6.3f} "
            f"{sum(bool(a.leaks) for a in acc):>3}/{n:<2} "
            f"{sum(a.title for a in acc):>3}/{n:<2} {sum(a.date_ok for a in acc):>3}/{n:<2} "
            f"{sum(a.date in ('ok', 'day') for a in acc):>3}/{n:<2} "
            f"{sum(a.author for a in acc):>3}/{n:<2}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40, help="timed calls per page and extractor")
    parser.add_argument("--pages", default="*", help="a glob on the page names (default: all)")
    args = parser.parse_args()

    cases = load_cases(args.pages)
    if not cases:
        raise SystemExit(f"no saved page with an expected JSON matches {args.pages!r}")
    extractors = [ours(), *trafilatura_extractors()]
    names = [extractor.name for extractor in extractors]
    print("Extraction speed and accuracy on the saved article pages")
    print(f"machine: {machine()}")
    if len(extractors) == 1:
        print(
            f"trafilatura is not installed: only our extraction is measured. To compare with "
            f"it: {INSTALL_HINT}"
        )
    print(
        f"{len(cases)} pages, {args.repeat} timed calls per page and extractor; "
        f"load average before: {load()}"
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    measure(cases, extractors, args.repeat)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"load average after: {load()}; {wall:.0f} s wall, {cpu:.0f} s CPU "
        f"(this process got {cpu / wall:.0%} of a core)"
    )
    print("\nTime per page (median of the calls; x = its CPU time over ours):")
    print_speed(cases, names)
    print("\nAccuracy against the expected JSON (body words: precision, recall, F1):")
    print_accuracy(cases, names)
    print(
        "\nSummary (ms/page: the mean over pages of each page's median; x ours: all pages' "
        "CPU time over ours; median/min x: over the pages' own ratios; target >= 4x):"
    )
    print_summary(cases, names)
    if len(extractors) == 1:
        print(f"\n(trafilatura not installed; {INSTALL_HINT})")


if __name__ == "__main__":
    main()
