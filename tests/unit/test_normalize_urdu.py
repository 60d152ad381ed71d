"""Matching normalisation on whole Urdu stories: a republished copy hashes like its original."""

from __future__ import annotations

import pytest

from urdupoint_news.demo import SAMPLE_ROOTS
from urdupoint_news.demo.mirror import SiteMirror
from urdupoint_news.extraction.base import Page
from urdupoint_news.extraction.ur_current import UrCurrent
from urdupoint_news.site.items import ArticleItem
from urdupoint_news.site.normalize import content_hash, matching_text

ZWNJ = "\u200c"
SITE = SAMPLE_ROOTS[1]
ORIGINAL = "/daily/livenews/2025-09-10/news-4512345.html"
REPUBLISHED = "/daily/livenews/2025-09-12/news-4514155.html"

STORY = (
    "پنجاب حکومت نے صوبے بھر میں ایک ہزار نئے سرکاری اسکول کھولنے کا اعلان کیا ہے۔\n\n"
    "صوبائی وزیر تعلیم نے کہا کہ منصوبے کے پہلے مرحلے پر ۲۵ ارب روپے خرچ ہوں گے۔"
)
# The same story as an Arabic keyboard types it: ي for ی, ك for ک, ه for both ہ and ھ, Arabic-Indic
# digits, a non-joiner inside two words; the Urdu full stop ۔ is kept. Written by hand.
ARABIC_COPY = (
    "پنجاب حكومت نے صوبے بهر ميں ايك هزار نئے سر\u200cكاري اس\u200cكول كهولنے كا اعلان كيا هے۔\n\n"
    "صوبائي وزير تعليم نے كها كه منصوبے كے پهلے مرحلے پر ٢٥ ارب روپے خرچ هوں گے۔"
)


# The pages as the sample site serves them (files, or saved pages through its manifest).
MIRROR = SiteMirror((SITE,))


def _extract(path: str) -> ArticleItem:
    html = MIRROR.lookup(path)[0].decode("utf-8")
    return UrCurrent(Page(html, f"http://127.0.0.1:8000{path}")).extract()


def test_arabic_keyboard_copy_of_a_story_has_the_same_hash() -> None:
    assert ARABIC_COPY != STORY
    assert content_hash(ARABIC_COPY) == content_hash(STORY)


@pytest.mark.parametrize(
    "changed",
    [
        STORY.replace("ایک ہزار", "دو ہزار"),  # one word
        STORY.replace("۲۵", "۲۶"),  # one figure
        STORY.split("\n\n")[0],  # a paragraph missing
    ],
)
def test_a_changed_story_hashes_differently(changed: str) -> None:
    assert content_hash(changed) != content_hash(STORY)


@pytest.mark.parametrize(
    ("published", "copied"),
    [
        ("لاہور", "لاهور"),
        ("دیہی", "ديهي"),
        ("بھرتی", "بهرتي"),
        ("گھنٹے", "گهنٹے"),
        ("کیے", "كيے"),  # ے has no Arabic twin and stays
        (f"اخبارتازہ{ZWNJ}ترین", "اخبارتازہترین"),
        ("۱۵ ستمبر", "15 ستمبر"),
    ],
)
def test_urdu_words_match_their_arabic_keyboard_spelling(published: str, copied: str) -> None:
    assert matching_text(published) == matching_text(copied)


def test_republished_page_is_an_exact_copy_after_normalisation_only() -> None:
    original, copy = _extract(ORIGINAL), _extract(REPUBLISHED)
    assert original.body and copy.body
    # Displayed text stays as each page published it ...
    assert copy.body != original.body
    assert "\u0643" in copy.body and "\u0643" not in original.body
    assert ZWNJ in copy.body
    # ... but both hash alike, under different URLs and ids.
    assert content_hash(copy.body) == content_hash(original.body)
    assert (copy.url, copy.article_id) != (original.url, original.article_id)


def test_other_site_stories_do_not_share_a_hash() -> None:
    files = {f"/{p.relative_to(SITE)}" for p in SITE.glob("daily/livenews/*/*.html")}
    files |= {f"/{p.relative_to(SITE)}" for p in SITE.glob("pakistan/news/*/*/live-news-*.html")}
    paths = sorted(files | set(MIRROR.manifest))
    hashes = {path: content_hash(_extract(path).body or "") for path in paths}
    assert len(paths) == 13
    assert len(set(hashes.values())) == 12
    assert hashes[ORIGINAL] == hashes[REPUBLISHED]
