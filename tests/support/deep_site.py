"""A category with a deep history, for the fault tests: hundreds of stories over many listing pages.

Served by a ``SiteMirror`` over the sample site with ``set_page``, in the evidenced markups
(docs/site-schemes.md): the English listing ``/en/news/economy.html`` with ``div.txt_box`` items and
later pages ``-updatesN.html`` the spider builds (past the last page: a 404), stories in the
current article layout (``sitepages.current_article``); the Urdu section ``/business/news.html``
with ``li.item_shadow`` items and a load-more control whose batches (``m`` = 1, 2, …, each after
the previous one) are JSON answers of ``/daily/ajax_lmore.php``, stories made from the saved page
of story 4521001 (``demo/site_ur/daily/livenews/2025-09-14``) with their own id, title, date and
text. Each home links only that category, so a crawl reads nothing else.

Stories are listed newest first; ``add`` publishes newer ones at the top, pushing every older
story down the pages, as the site does between two runs. Texts are drawn from a seeded random
vocabulary, so no two stories are near copies of each other.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from support.sitepages import current_article
from urdupoint_news.demo import SAMPLE_ROOTS
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.site.dates import PAKISTAN
from urdupoint_news.site.urdu import MONTHS
from urdupoint_news.site.urls import SITE_URL

PER_PAGE = 20
NEWEST = datetime(2025, 9, 14, 22, 0, tzinfo=PAKISTAN)  # story times count down from here
EN_LISTING = "/en/news/economy.html"
UR_LISTING = "/business/news.html"
UR_ACT, UR_TID = "get_more_cat_news", "YnVzaW5lc3M"
_UR_TEMPLATE = "daily/livenews/2025-09-14/news-4521001.html"
_LATIN = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
_URDU_LETTERS = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے"
_URDU_MONTHS = sorted(MONTHS, key=MONTHS.__getitem__)


def _words(seed: int, count: int, *, urdu: bool) -> list[str]:
    rng = random.Random(seed)
    words = []
    for _ in range(count):
        if urdu:
            words.append("".join(rng.choice(_URDU_LETTERS) for _ in range(rng.randint(2, 6))))
        else:
            syllables = rng.randint(1, 3)
            words.append(
                "".join(rng.choice(_LATIN) + rng.choice(_VOWELS) for _ in range(syllables))
            )
    return words


@dataclass(frozen=True)
class Story:
    serial: int  # 0 is the oldest story of the category
    edition: str

    @property
    def article_id(self) -> int:
        return (3_100_000 if self.edition == "en" else 4_600_000) + self.serial

    @property
    def published(self) -> datetime:
        return NEWEST - timedelta(minutes=30 * (10_000 - self.serial))

    @property
    def path(self) -> str:
        if self.edition == "en":
            return f"/en/business/economy-report-{self.serial}-{self.article_id}.html"
        return f"/daily/livenews/{self.published:%Y-%m-%d}/news-{self.article_id}.html"

    @property
    def url(self) -> str:
        return SITE_URL + self.path

    @property
    def title(self) -> str:
        words = _words(self.article_id, 5, urdu=self.edition == "ur")
        if self.edition == "en":
            return f"Economy Report {self.serial}: " + " ".join(words).title()
        return f"کاروباری خبر {self.serial} " + " ".join(words)

    def paragraphs(self) -> list[str]:
        words = _words(self.article_id * 7, 90, urdu=self.edition == "ur")
        return [" ".join(words[i : i + 30]) + "." for i in range(0, 90, 30)]


def _en_page(story: Story) -> str:
    stamp = f"{story.published:%B} {story.published.day}, {story.published:%Y | %I:%M %p}"
    return current_article(
        story.path,
        story.title,
        stamp,
        story.published.isoformat(),
        story.paragraphs(),
        dateline="KARACHI",
    )


def _ur_page(story: Story, template: str) -> str:
    when = story.published
    month = _URDU_MONTHS[when.month - 1]
    dateline = f"کراچی (اُردو پوائنٹ اخبارتازہ ترین - اے پی پی۔ {when.day} {month}{when.year}ء)"
    paragraphs = story.paragraphs()
    body = f"\n      {dateline} {paragraphs[0]}\n      <br><br>\n" + "".join(
        f"      {text}\n      <br><br>\n" for text in paragraphs[1:]
    )
    start = template.index('<div class="detail_txt')
    start = template.index(">", start) + 1
    end = template.index('</div>\n  <div class="tagcloud', start)
    page = template[:start] + body + "  " + template[end:]
    page = page.replace("ایشیا کپ ہاکی، پاکستان نے ملائیشیا کو تین ایک سے ہرا دیا", story.title)
    page = page.replace("2025-09-14T19:50:00+0500", f"{when:%Y-%m-%dT%H:%M:00+0500}")
    page = page.replace("<span>اتوار</span> <span>14 ستمبر 2025</span> <span>19:50</span>", "")
    page = page.replace(
        '<p class="fs12 lh24 rtl">',
        f'<p class="fs12 lh24 rtl"><span>{when.day} {month} {when.year}</span> '
        f"<span>{when:%H:%M}</span>",
    )
    return page.replace("/daily/livenews/2025-09-14/news-4521001.html", story.path)


class DeepSite:
    """One category of ``edition`` with ``count`` stories, served by ``site``."""

    def __init__(self, site: SiteMirror, edition: str, count: int) -> None:
        self.site = site
        self.edition = edition
        self.stories: list[Story] = []  # newest first
        root = Path(SAMPLE_ROOTS[1] if edition == "ur" else SAMPLE_ROOTS[0])
        self._template = (
            (root / _UR_TEMPLATE).read_text(encoding="utf-8") if edition == "ur" else ""
        )
        self._set_homes()
        self.add(count)

    @property
    def urls(self) -> set[str]:
        return {story.url for story in self.stories}

    def add(self, count: int) -> None:
        """Publish ``count`` newer stories at the top of the list."""
        first = len(self.stories)
        new = [Story(serial, self.edition) for serial in range(first, first + count)]
        for story in new:
            page = _en_page(story) if self.edition == "en" else _ur_page(story, self._template)
            self.site.set_page(story.path, page)
        self.stories = new[::-1] + self.stories
        self._set_listing()

    def pages(self) -> list[list[Story]]:
        return [self.stories[i : i + PER_PAGE] for i in range(0, len(self.stories), PER_PAGE)]

    # --- listing pages ------------------------------------------------------------------
    def _set_homes(self) -> None:
        if self.edition == "en":
            nav = f'<nav class="main_nav"><a href="{SITE_URL}{EN_LISTING}">Economy</a></nav>'
            self.site.set_page("/en/", f"<html><body><header>{nav}</header></body></html>")
            return
        nav = (
            f'<ul class="main_menu urdu"><li><a href="{SITE_URL}{UR_LISTING}">کاروبار</a></li></ul>'
        )
        for home in ("/", "/daily/"):
            self.site.set_page(
                home, f"<html><body><div class='header_wrap'>{nav}</div></body></html>"
            )

    def _set_listing(self) -> None:
        pages = self.pages()
        if self.edition == "en":
            for number, stories in enumerate(pages, start=1):
                path = (
                    EN_LISTING
                    if number == 1
                    else EN_LISTING.replace(".html", f"-updates{number}.html")
                )
                items = "\n".join(
                    f'<div class="txt_box"><a href="{s.url}"><h4>{s.title}</h4></a>'
                    f"<p>{s.paragraphs()[0][:80]}...</p></div>"
                    for s in stories
                )
                self.site.set_page(
                    path, f"<html><body><div class='container'>{items}</div></body></html>"
                )
            return
        control = (
            '<div class="load_more_wrap"><a href="javascript:void(0)" class="load_more urdu" '
            f"onclick=\"loadMoreNews('{UR_ACT}', '{UR_TID}'); return false;\">مزید خبریں</a></div>"
        )
        first = "\n".join(self._ur_item(s) for s in pages[0])
        self.site.set_page(
            UR_LISTING,
            f'<html><body><ul class="news_list">{first}</ul>{control}</body></html>',
        )
        for batch, stories in enumerate(pages[1:], start=1):
            data = "".join(self._ur_item(s) for s in stories)
            self.site.set_page(
                f"/daily/ajax_lmore/{UR_ACT}/{UR_TID}/{batch}.json",
                json.dumps({"status": "success", "data": data}, ensure_ascii=False),
            )

    @staticmethod
    def _ur_item(story: Story) -> str:
        when = story.published
        return (
            f'<li class="item_shadow"><a href="{story.url}"><h3 class="urdu fs16">{story.title}'
            f'</h3></a><div class="item_date"><span>{when.day} {_URDU_MONTHS[when.month - 1]} '
            f"{when.year}</span> <span>{when:%H:%M}</span></div></li>"
        )
