"""Crawl throughput and memory: ``scrapy crawl urdupoint_en`` against a bare Scrapy spider.

Usage:
    .venv/bin/python benchmarks/crawl_throughput.py                        # 1,000 stories
    .venv/bin/python benchmarks/crawl_throughput.py --stories 2000 --runs 2
    .venv/bin/python benchmarks/crawl_throughput.py --memory 1000,10000,100000
    .venv/bin/python benchmarks/crawl_throughput.py --profile /tmp/crawl.prof

The site: ``--stories`` distinct English stories served over real HTTP on 127.0.0.1 by a
``SiteMirror`` whose pages are generated from the story number (so a site of 100k stories costs
no disk). It is built like the sample site (urdupoint_news/demo/site, docs/site-schemes.md): a home
``/en/`` whose menu links the category listings, listings of 20 ``div.txt_box`` items whose next
page is ``-updatesN.html`` (no pagination links; past the end a 404), and story pages in the
current layout of ``demo/pages/en/seed_current.html`` (four JSON-LD blocks, byline box, dateline,
an advertisement script between the paragraphs, related-story boxes). Bodies have 300-700 words
drawn with Zipf-like frequencies from ``query_scale.py``'s English vocabulary (news words first).

Each run is one subprocess, in this order:
(a) ``benchmarks/bare_spider.py`` by ``scrapy runspider`` outside the project: the same walk, no
    extraction, no items;
(b) ``scrapy crawl urdupoint_en`` with the project's settings and everything on (extraction,
    validation, exact and near dedup, FTS, the WARC page archive, run records) into a new
    database, with the tests' fast settings (no delay, no AutoThrottle, 8 requests per domain).

Pages/s is Scrapy's ``response_received_count`` over its ``elapsed_time_seconds`` (start-up and
imports excluded); the process's CPU time per page (user + system, from ``wait4``) and its peak
RSS (``ru_maxrss``) are printed too. CPU per page does not depend on what else the machine runs,
so the ratio of CPU times is printed beside the wall-clock ratio.

``--memory N1,N2,...``: both spiders at each size, to see what grows with the crawl; Scrapy's
own request fingerprint set grows in both, the pipeline's part is the difference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from page_weight import weigh  # noqa: E402
from query_scale import (  # noqa: E402
    DATELINES,
    ENGLISH_HEAD,
    ENGLISH_LETTERS,
    FIRST_NAMES,
    LAST_NAMES,
    Vocabulary,
)

from urdupoint_news.demo.mirror import SiteMirror  # noqa: E402

SITE = "https://www.urdupoint.com"
CATEGORIES = {
    "pakistan": "Pakistan", "world": "World", "business": "Business", "sports": "Sports",
    "technology": "Technology", "health": "Health", "education": "Education",
    "agriculture": "Agriculture", "entertainment": "Entertainment", "weather": "Weather",
}  # fmt: skip
PER_PAGE = 20
# Issue 23's target: on pages of a real page's weight, the full crawl at 0.85 of the bare
# spider's pages per second in one run.
TARGET_KB = 80
TARGET_RATIO = 0.85
# Stories of the small site whose full crawl measures the start-up (ceiling()).
SMALL_SITE = 40
FIRST_ID = 3_000_000
NEWEST = dt.datetime(2025, 9, 10, 15, 10, tzinfo=dt.timezone(dt.timedelta(hours=5)))
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "8",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "1",
    "LOG_LEVEL": "INFO",
}
ELAPSED = re.compile(r"'elapsed_time_seconds': ([\d.]+)")
RESPONSES = re.compile(r"'response_received_count': (\d+)")
STORED = re.compile(r"'urdupoint/articles_new': (\d+)")
LISTING_PATH = re.compile(r"^/en/news/(?P<category>[a-z]+)(?:-updates(?P<page>\d+))?\.html$")
STORY_PATH = re.compile(r"^/en/(?P<category>[a-z]+)/[a-z0-9-]*-(?P<id>\d+)\.html$")


# --- the site ---------------------------------------------------------------------------------
class SyntheticSite(SiteMirror):
    """A mirror whose pages are made from the story number on request."""

    def __init__(self, stories: int, seed: int = 11, page_kb: float = 0) -> None:
        super().__init__(roots=())
        self.stories = stories
        self.seed = seed
        self.page_kb = page_kb  # pad HTML pages to about this many KiB (0: as the template)
        self.vocabulary = Vocabulary.create(
            ENGLISH_HEAD, ENGLISH_LETTERS, np.random.default_rng(seed)
        )
        self.categories = list(CATEGORIES)
        self._titles: dict[int, str] = {}

    # Story n (0 = newest) is in category n % K at position n // K of its listing.
    def category_of(self, number: int) -> str:
        return self.categories[number % len(self.categories)]

    def number_of(self, article_id: int) -> int:
        return self.stories - 1 - (article_id - FIRST_ID)

    def article_id(self, number: int) -> int:
        return FIRST_ID + self.stories - 1 - number

    def title(self, number: int) -> str:
        rng = np.random.default_rng([self.seed, number])
        return self.vocabulary.title(rng, capitalise=True)

    def path(self, number: int) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", self.title(number).lower()).strip("-")[:45]
        return f"/en/{self.category_of(number)}/{words.rstrip('-')}-{self.article_id(number)}.html"

    def lookup(self, path: str) -> tuple[bytes, str] | None:
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return b"User-agent: *\nDisallow: /en/private/\nDisallow: /search/\n", "text/plain"
        if path == "/en/":
            return weigh(self.home(), self.page_kb).encode(), html
        if match := LISTING_PATH.match(path):
            page = self.listing(match["category"], int(match["page"] or 1))
            return (weigh(page, self.page_kb).encode(), html) if page else None
        if match := STORY_PATH.match(path):
            number = self.number_of(int(match["id"]))
            if 0 <= number < self.stories and path == self.path(number):
                return weigh(self.story(number), self.page_kb).encode(), html
        return None

    def menu(self, active: str | None = None) -> str:
        items = ['<li><a href="/en/">Home</a></li>'] + [
            f"<li{' class=active' if slug == active else ''}>"
            f'<a href="{SITE}/en/news/{slug}.html">{name}</a></li>'
            for slug, name in CATEGORIES.items()
        ]
        items += [
            f'<li><a href="{SITE}/en/prayer-timings.html">Prayer Timings</a></li>',
            f'<li><a href="{SITE}/en/videos/">Videos</a></li>',
            f'<li><a href="{SITE}/daily/">اردو</a></li>',
        ]
        return '<nav class="main_nav"><ul>\n' + "\n".join(items) + "\n</ul></nav>"

    def home(self) -> str:
        boxes = "\n".join(self.item(n) for n in range(min(10, self.stories)))
        return PAGE.format(title="Pakistan Point News", menu=self.menu(), content=boxes)

    def item(self, number: int) -> str:
        title = escape(self.title(number))
        return (
            f'<div class="txt_box"><a href="{SITE}{self.path(number)}"><h4>{title}</h4></a>'
            f"<p>{title.lower()}...</p></div>"
        )

    def listing(self, category: str, page: int) -> str | None:
        if category not in CATEGORIES:
            return None
        index = self.categories.index(category)
        k = len(self.categories)
        in_category = range(index, self.stories, k)
        numbers = in_category[(page - 1) * PER_PAGE : page * PER_PAGE]
        if not numbers:
            return None  # past the end: a 404, as the site answers
        boxes = "\n".join(self.item(n) for n in numbers)
        content = f'<h1 class="cat_title">{CATEGORIES[category]}</h1>\n{boxes}'
        name = f"{CATEGORIES[category]} News - Page {page}"
        return PAGE.format(title=name, menu=self.menu(category), content=content)

    def story(self, number: int) -> str:
        rng = np.random.default_rng([self.seed, number])
        title = self.vocabulary.title(rng, capitalise=True)
        body, _ = self.vocabulary.body(rng, ".")
        paragraphs = body.split("\n\n")
        category = self.category_of(number)
        when = NEWEST - dt.timedelta(minutes=7 * number)
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        dateline = DATELINES[int(rng.integers(len(DATELINES)))]
        day = when.day
        suffix = "th" if 10 <= day % 100 < 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        paragraphs[0] = (
            f"{dateline}, (UrduPoint / Pakistan Point News - {day}{suffix} "
            f"{when:%b}, {when:%Y}) {paragraphs[0]}"
        )
        html_paragraphs = [f"<p>{escape(text)}</p>" for text in paragraphs]
        html_paragraphs.insert(min(3, len(html_paragraphs)), AD)
        related = [(number + step) % self.stories for step in (1, 2, 3, 4, 5, 6, 7)]
        url = SITE + self.path(number)
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": title,
            "description": " ".join(paragraphs[0].split()[:30]),
            "datePublished": when.isoformat(),
            "dateModified": (when + dt.timedelta(minutes=16)).isoformat(),
            "author": {"@type": "Person", "name": author, "url": f"{SITE}/en/team/a-{number}.html"},
            "publisher": {"@type": "Organization", "name": "UrduPoint"},
            "articleSection": CATEGORIES[category],
        }
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{SITE}/en/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": CATEGORIES[category],
                    "item": f"{SITE}/en/news/{category}.html",
                },
                {"@type": "ListItem", "position": 3, "name": title},
            ],
        }
        return STORY.format(
            title=escape(title),
            url=url,
            description=escape(ld["description"]),
            section=CATEGORIES[category],
            category=category,
            crumbs=json.dumps(crumbs),
            ld=json.dumps(ld),
            menu=self.menu(category),
            author=escape(author),
            number=number,
            stamp=f"{when:%B} {when.day}, {when:%Y} | {when:%I:%M %p}",
            body="\n        ".join(html_paragraphs),
            recent="\n".join(
                f'<li><a href="{self.path(n)}">{escape(self.title(n))}</a></li>'
                for n in related[:4]
            ),
            more="\n".join(self.item(n) for n in related[4:]),
        )


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - UrduPoint</title></head>
<body>
<header class="header"><a class="logo" href="https://www.urdupoint.com/en/">Pakistan Point News</a>
{menu}
</header>
<div class="container">
{content}
</div>
<footer class="footer">
  <a href="https://www.urdupoint.com/en/about-us.html">About Us</a> |
  <a href="https://www.urdupoint.com/en/team/">Our Team</a> |
  <a href="https://www.facebook.com/UrduPointEnglish">Facebook</a>
  <p>&copy; 2025 UrduPoint Network</p>
</footer>
</body></html>
"""

AD = """<div class="text-center my-3"><span class="small text-muted">Advertisement</span>
        <ins class="adsbygoogle" style="display:block" data-ad-slot="1234567890"></ins>
        <script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"""

STORY = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - UrduPoint</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="UrduPoint">
<meta property="og:type" content="article">
<meta property="og:title" content="{title} - UrduPoint">
<meta property="og:url" content="{url}">
<meta property="article:section" content="{section}">
<link rel="stylesheet" href="/en/css/style.min.css?v=4.2">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"WebSite","name":"UrduPoint","url":"https://www.urdupoint.com/en/"}}</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"Organization","name":"UrduPoint","url":"https://www.urdupoint.com/en/"}}</script>
<script type="application/ld+json">{crumbs}</script>
<script type="application/ld+json">{ld}</script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-2T3PXN5QHE"></script>
<script>window.dataLayer = window.dataLayer || [];
function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date());</script>
</head>
<body class="en_detail">
<header class="site_header">
  <div class="top_bar"><div class="container">
    <a class="logo" href="/en/"><img src="/en/images/logo.png" alt="UrduPoint"></a>
    <a class="urdu_link" href="/daily/">اردو</a>
  </div></div>
  {menu}
</header>
<div class="container"><div class="row">
  <div class="col-md-8 main_col">
    <ol class="breadcrumb"><li><a href="/en/">Home</a></li>
      <li><a href="/en/news/{category}.html">{section}</a></li><li class="active">{title}</li></ol>
    <div class="article_header">
      <h1>{title}</h1>
      <div class="author_box">
        <a href="/en/team/a-{number}.html"><img src="/en/images/a.jpg" alt="{author}"> {author}</a>
        <span class="article-date"><i class="fa fa-clock-o"></i> Published {stamp}</span>
      </div>
    </div>
    <div class="share_box">
      <a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a>
      <a class="tw" href="https://twitter.com/intent/tweet?url={url}">Twitter</a>
    </div>
    <div class="news_img"><img src="/en/images/news/{number}.jpg" alt="{title}"></div>
    <div class="detail_txt">
        {body}
        <div class="mt-4 mb-4"><h3>Recent Stories</h3>
          <ul class="list-unstyled">
{recent}
          </ul>
        </div>
        <div class="tags"><span>Related Topics:</span>
          <a href="/en/tags/pakistan">Pakistan</a> <a href="/en/tags/{category}">{section}</a></div>
    </div>
    <div class="more_stories"><h2 class="section_heading">More Stories From {section}</h2>
{more}
    </div>
  </div>
  <div class="col-md-4 side_col">
    <div class="ad_box"><ins class="adsbygoogle" data-ad-slot="9876543210"></ins>
    <script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script></div>
  </div>
</div></div>
<footer class="site_footer"><div class="container">
  <ul class="footer_links"><li><a href="/en/info/about-us.html">About Us</a></li>
  <li><a href="/en/info/privacy-policy.html">Privacy Policy</a></li></ul>
  <p>Copyright &copy; 1997-2025 UrduPoint.com. All rights reserved.</p>
</div></footer>
<script src="/en/js/jquery.min.js"></script>
</body>
</html>
"""


class PrerenderedSite(SyntheticSite):
    """The same site with every page made before the crawls: serving costs the server no
    generation, so the crawler gets the CPU (used for the throughput runs)."""

    def __init__(self, stories: int, seed: int = 11, page_kb: float = 0) -> None:
        super().__init__(stories, seed, page_kb)
        self.cache: dict[str, tuple[bytes, str] | None] = {}
        paths = ["/robots.txt", "/en/"]
        for slug in CATEGORIES:
            in_category = range(self.categories.index(slug), stories, len(CATEGORIES))
            pages = -(-len(in_category) // PER_PAGE)
            paths += [f"/en/news/{slug}.html"]
            paths += [f"/en/news/{slug}-updates{page}.html" for page in range(2, pages + 2)]
        paths += [self.path(number) for number in range(stories)]
        for path in paths:
            self.cache[path] = super().lookup(path)

    def lookup(self, path: str) -> tuple[bytes, str] | None:
        if path in self.cache:
            return self.cache[path]
        return super().lookup(path)


# --- the runs -----------------------------------------------------------------------------------
@dataclass
class Run:
    name: str
    pages: int
    elapsed: float  # Scrapy's elapsed_time_seconds
    wall: float  # the whole process
    cpu: float  # user + system seconds of the process
    max_rss_mb: float
    stored: int | None = None
    server_cpu: float = 0.0  # CPU seconds this process spent serving the site during the run
    # CPU seconds of the process's main thread (the reactor's), sampled from /proc: the part of
    # ``cpu`` no other core can take (the page archive compresses on a thread of its own).
    main_cpu: float | None = None

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages

    @property
    def main_ms_per_page(self) -> float | None:
        return None if self.main_cpu is None else 1000 * self.main_cpu / self.pages

    @property
    def server_ms_per_page(self) -> float:
        return 1000 * self.server_cpu / self.pages


def serving(run: Callable[..., Run], *args: Any) -> Run:
    """``run(*args)``, with the CPU time the site's server (threads of this process) spent
    meanwhile: the main thread only waits for the child, so this process's CPU is the server's."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = run(*args)
    after = resource.getrusage(resource.RUSAGE_SELF)
    result.server_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def ceiling(full: Run, small: Run, cores: int) -> tuple[float, float, float]:
    """Pages/s of the full crawl if its CPU and the server's were split perfectly over every
    core: what no arrangement of the same work in processes could beat on this machine.

    Pages/s leaves the process's start-up out, so the CPU per page is taken after it: the run's
    CPU less that of a run on a small site, over the pages between them. Returns the ceiling
    and the two CPU times per page it comes from (crawler, server).
    """
    pages = full.pages - small.pages
    crawler = 1000 * (full.cpu - small.cpu) / pages
    server = 1000 * (full.server_cpu - small.server_cpu) / pages
    return cores * 1000 / (crawler + server), crawler, server


def thread_cpu(pid: int, tid: int) -> float | None:
    """CPU seconds (user + system) of one thread, from /proc; None when it is gone."""
    try:
        with open(f"/proc/{pid}/task/{tid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class MainThreadSampler(threading.Thread):
    """Samples a child's main thread's CPU time every 20 ms until the child exits: the last
    sample misses at most the child's last 20 ms (its exit, after the crawl)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.cpu: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            sample = thread_cpu(self.pid, self.pid)
            if sample is not None:
                self.cpu = sample


def run_process(name: str, command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Run:
    started = time.perf_counter()
    with open(log.with_suffix(".out"), "wb") as output:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        sampler = MainThreadSampler(process.pid)
        sampler.start()
        # The sampler reads /proc/PID until wait4 reaps the child (the PID is not reused
        # before), and stops after.
        _, status, usage = os.wait4(process.pid, 0)
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    elapsed, responses = ELAPSED.search(text), RESPONSES.search(text)
    if process.returncode != 0 or elapsed is None or responses is None:
        tail = log.with_suffix(".out").read_text(errors="replace")[-2000:] or text[-2000:]
        sys.exit(f"{name} failed (exit {process.returncode}); see {log}\n{tail}")
    stored = STORED.search(text)
    return Run(
        name,
        int(responses[1]),
        float(elapsed[1]),
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        int(stored[1]) if stored else None,
        main_cpu=sampler.cpu,
    )


def settings_args(settings: dict[str, str]) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def bare_run(base_url: str, work: Path) -> Run:
    log = work / "bare.log"
    # Outside the project: no scrapy.cfg above cwd, no project settings module.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    command = [sys.executable, "-m", "scrapy", "runspider", str(HERE / "bare_spider.py")]
    command += ["-a", f"base_url={base_url}"]
    command += settings_args(
        {
            **FAST,
            "ROBOTSTXT_OBEY": "True",
            "COOKIES_ENABLED": "False",
            "TELNETCONSOLE_ENABLED": "False",
            "LOG_FILE": str(log),
            "LOG_FILE_APPEND": "False",
        }
    )
    return run_process("bare spider", command, work, env, log)


def full_run(
    base_url: str, work: Path, profile: Path | None = None, extra: dict[str, str] | None = None
) -> Run:
    log = work / "full.log"
    database = work / "full" / "urdupoint.db"
    shutil.rmtree(database.parent, ignore_errors=True)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "urdupoint_news.settings"}
    env.pop("URDUPOINT_WARC_DIR", None)  # the default: warc/ next to the database
    env.pop("URDUPOINT_DB_PATH", None)
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "scrapy", "crawl", "urdupoint_en"]
    command += settings_args(
        {
            **FAST,
            "URDUPOINT_BASE_URL": base_url,
            "URDUPOINT_DB_PATH": str(database),
            "URDUPOINT_PROGRESS_INTERVAL": "0",
            "LOG_FILE": str(log),
            "LOG_FILE_APPEND": "False",
            **(extra or {}),
        }
    )
    return run_process("urdupoint_en", command, ROOT, env, log)


def describe(run: Run) -> str:
    stored = f", {run.stored} stored" if run.stored is not None else ""
    main = "" if run.main_ms_per_page is None else f" ({run.main_ms_per_page:.2f} main thread)"
    return (
        f"{run.name:>13}: {run.pages} pages in {run.elapsed:.1f} s = "
        f"{run.pages_per_second:.0f} pages/s; CPU {run.cpu_ms_per_page:.2f} ms/page{main}; "
        f"peak RSS {run.max_rss_mb:.0f} MB; process {run.wall:.1f} s{stored}; "
        f"server CPU {run.server_ms_per_page:.2f} ms/page"
    )


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


@dataclass
class Comparison:
    """The runs of both spiders on one site, and the full crawl's start-up run."""

    page_kb: float
    article_kib: float  # mean size of a story page
    listing_kib: float  # mean size of a listing page
    bare: list[Run]
    full: list[Run]
    small: Run | None = None

    @property
    def label(self) -> str:
        weight = f"{self.page_kb:g} KB pages" if self.page_kb else "template-size pages"
        return f"{weight} (stories {self.article_kib:.0f} KiB, listings {self.listing_kib:.0f} KiB)"

    def best(self) -> tuple[Run, Run]:
        return (
            max(self.bare, key=lambda run: run.pages_per_second),
            max(self.full, key=lambda run: run.pages_per_second),
        )


def site_sizes(site: PrerenderedSite) -> tuple[float, float]:
    """Mean KiB of a story page and of a listing page (home included)."""
    stories = [p[0] for path, p in site.cache.items() if p and STORY_PATH.match(path)]
    listings = [p[0] for path, p in site.cache.items() if p and path.startswith("/en/") and
                not STORY_PATH.match(path)]  # fmt: skip
    mean = lambda pages: sum(map(len, pages)) / max(len(pages), 1) / 1024  # noqa: E731
    return mean(stories), mean(listings)


def throughput(args: argparse.Namespace, work: Path) -> None:
    # Template-size pages first, then the heavier ones: the growth of the cost with the page's
    # boilerplate is the difference between the two (issue 23).
    weights = [0.0] + [kb for kb in args.page_kb if kb > 0]
    print(f"building sites of {args.stories} stories ...", flush=True)
    sites = {kb: PrerenderedSite(args.stories, page_kb=kb) for kb in weights}
    comparisons = {kb: Comparison(kb, *site_sizes(site), [], []) for kb, site in sites.items()}
    for kb, site in sites.items():
        print(f"{len(site.cache)} pages: {comparisons[kb].label}")
    print(f"load average {load()}")
    try:
        for site in sites.values():
            site.__enter__()
        # Runs alternate: bare, full at each weight, then again; the machine's load moves the
        # figures less between a bare run and the full run just after it.
        for attempt in range(args.runs):
            for kb, site in sites.items():
                comparison = comparisons[kb]
                comparison.bare.append(serving(bare_run, site.base_url, work))
                print(f"{kb:>4g} KB {describe(comparison.bare[-1])}", flush=True)
                profile = args.profile if attempt == 0 and kb == weights[-1] else None
                comparison.full.append(
                    serving(full_run, site.base_url, work, profile, args.settings)
                )
                print(f"{kb:>4g} KB {describe(comparison.full[-1])}", flush=True)
                if comparison.full[-1].stored != args.stories:
                    print(f"  warning: {comparison.full[-1].stored} of {args.stories} stored")
    finally:
        for site in sites.values():
            site.__exit__(None, None, None)
    for kb in weights:
        with PrerenderedSite(SMALL_SITE, page_kb=kb) as site:
            comparisons[kb].small = serving(full_run, site.base_url, work, None, args.settings)
        print(f"{kb:>4g} KB {describe(comparisons[kb].small)} (the start-up's share)")  # type: ignore[arg-type]
    print(f"load average after: {load()} (2 cores: above 2, the runs shared the CPU)")
    cores = os.cpu_count() or 1
    for kb in weights:
        comparison = comparisons[kb]
        bare, full = comparison.best()
        ratio = full.pages_per_second / bare.pages_per_second
        target = f"target {TARGET_RATIO:.2f} at {TARGET_KB} KB pages"
        print(
            f"{comparison.label}, best of {args.runs}: bare {bare.pages_per_second:.0f} pages/s, "
            f"urdupoint_en {full.pages_per_second:.0f} pages/s, ratio {ratio:.2f} ({target}); "
            f"CPU per page {bare.cpu_ms_per_page:.2f} / {full.cpu_ms_per_page:.2f} ms, ratio "
            f"{bare.cpu_ms_per_page / full.cpu_ms_per_page:.2f}; "
            f"peak RSS {bare.max_rss_mb:.0f} MB / {full.max_rss_mb:.0f} MB"
        )
        cheapest = min(
            comparison.full, key=lambda run: run.cpu_ms_per_page + run.server_ms_per_page
        )
        assert comparison.small is not None
        best, crawler, server = ceiling(cheapest, comparison.small, cores)
        print(
            f"  ceiling on {cores} cores: urdupoint_en's CPU after start-up ({crawler:.2f} ms/page)"
            f" and the server's ({server:.2f}) split perfectly over every core give at most "
            f"{best:.0f} pages/s = {best / bare.pages_per_second:.2f} of bare (only meaningful on "
            "an idle machine)"
        )
    if args.profile:
        print(f"profile of the first urdupoint_en run at {weights[-1]:g} KB: {args.profile}")


def memory(args: argparse.Namespace, work: Path) -> None:
    sizes = [int(size) for size in args.memory.split(",")]
    print(f"{'stories':>8} {'pages':>7} {'bare RSS':>9} {'full RSS':>9} {'full pages/s':>13}")
    results = []
    for stories in sizes:
        with SyntheticSite(stories) as site:
            bare = bare_run(site.base_url, work)
            full = full_run(site.base_url, work, extra=args.settings)
        results.append((stories, bare, full))
        print(
            f"{stories:>8} {full.pages:>7} {bare.max_rss_mb:>7.0f} MB {full.max_rss_mb:>6.0f} MB "
            f"{full.pages_per_second:>13.0f}   (load {load()})",
            flush=True,
        )
    if len(results) > 1:
        (n0, bare0, full0), (n1, bare1, full1) = results[0], results[-1]
        per = 1e5 / (full1.pages - full0.pages)
        print(
            f"growth from {n0} to {n1} stories: bare {bare1.max_rss_mb - bare0.max_rss_mb:+.0f} MB"
            f", urdupoint_en {full1.max_rss_mb - full0.max_rss_mb:+.0f} MB; per 100k pages: "
            f"bare {(bare1.max_rss_mb - bare0.max_rss_mb) * per:+.0f} MB, "
            f"urdupoint_en {(full1.max_rss_mb - full0.max_rss_mb) * per:+.0f} MB (target: 50)"
        )


def pipelines(args: argparse.Namespace, work: Path) -> None:
    """The item pipelines alone, in this process: CPU per article per stage, SQL per article."""
    from scrapy import Spider
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from urdupoint_news.crawl import pipelines as chain
    from urdupoint_news.crawl.extensions.storage import storage_of
    from urdupoint_news.extraction import extract_article

    site = SyntheticSite(args.pipelines)
    pages = [(SITE + site.path(n), site.story(n)) for n in range(args.pipelines)]
    started = time.process_time()
    items = [extract_article(html, url) for url, html in pages]
    extraction = (time.process_time() - started) / len(items)
    crawler = get_crawler(
        Spider,
        {
            "URDUPOINT_DB_PATH": str(work / "pipelines" / "u.db"),
            "URDUPOINT_BATCH_SIZE": 50,
            "EXTENSIONS": {"urdupoint_news.crawl.extensions.storage.Storage": 0},
        },
    )
    crawler.spider = Spider(name="benchmark")
    crawler.stats.open_spider()
    stages = [
        chain.CleanPipeline(),
        chain.ValidatePipeline.from_crawler(crawler),
        chain.DedupPipeline.from_crawler(crawler),
        chain.StorePipeline.from_crawler(crawler),
    ]
    stages[2].open_spider()
    statements: list[str] = []
    storage_of(crawler).archive.db.conn.set_trace_callback(statements.append)
    cpu = [0.0] * len(stages)
    stored = 0
    for item in items:
        try:
            for number, stage in enumerate(stages):
                started = time.process_time()
                item = stage.process_item(item)
                cpu[number] += time.process_time() - started
            stored += 1
        except DropItem:
            pass
    stages[3].close_spider()
    count = len(items)
    print(f"{count} pages, {stored} stored; extraction {1000 * extraction:.2f} ms/page")
    for stage, seconds in zip(stages, cpu, strict=True):
        print(f"{type(stage).__name__:>16}: {1e6 * seconds / count:7.0f} µs/article")
    # Statements our code runs; the trace also shows each step of a trigger (the FTS index, the
    # count tables) as the statement again, and FTS5's own statements as "-- ..." lines.
    issued = [sql for sql in statements if not sql.startswith("--")]
    issued = [sql for number, sql in enumerate(issued) if number == 0 or sql != issued[number - 1]]
    print(
        f"{'all pipelines':>16}: {1e6 * sum(cpu) / count:7.0f} µs/article; "
        f"{len(issued) / count:.1f} SQL statements per article "
        f"({len(statements) / count:.1f} with trigger and FTS steps)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=1000, help="stories on the site")
    parser.add_argument("--runs", type=int, default=1, help="runs of each spider (best counts)")
    parser.add_argument(
        "--page-kb",
        type=lambda text: [float(kb) for kb in text.split(",")],
        default=[],
        help="pad HTML pages with boilerplate to about N KiB (comma list); the template-size "
        f"pages run too (the targets are for {TARGET_KB})",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="60 stories at 0 and 20 KB pages, or --pipelines 40, or --memory 30: runs in "
        "seconds (make test runs it; the figures mean nothing)",
    )
    parser.add_argument("--memory", help="sizes (stories) for the memory runs, e.g. 1000,10000")
    parser.add_argument("--pipelines", type=int, help="time the pipelines alone over N stories")
    parser.add_argument("--profile", type=Path, help="cProfile output of the first full run")
    parser.add_argument("--keep", type=Path, help="keep logs and the database in this directory")
    parser.add_argument(
        "-s", dest="set", action="append", default=[], help="NAME=VALUE: a setting of urdupoint_en"
    )
    args = parser.parse_args()
    args.settings = dict(setting.split("=", 1) for setting in args.set)
    if args.smoke:
        args.stories, args.runs, args.page_kb = 60, 1, args.page_kb or [20.0]
        args.pipelines = 40 if args.pipelines else None
        args.memory = "30" if args.memory else None
    print(f"{os.cpu_count()} cores, load average {load()}")
    work = Path(tempfile.mkdtemp(prefix="crawl_throughput-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.pipelines:
            pipelines(args, work)
        elif args.memory:
            memory(args, work)
        else:
            throughput(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
