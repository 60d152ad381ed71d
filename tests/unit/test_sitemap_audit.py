"""The sitemap audit (crawl/verdict/sitemap_audit.py), a pure function."""

from urdupoint_news.crawl.verdict.sitemap_audit import DayStories, audit

S = "https://www.urdupoint.com/daily/livenews/2025-09-13/news-{}.html"
STORIES = tuple(S.format(n) for n in range(1, 11))


def day(listed: int, categories: dict | None = None) -> DayStories:
    return DayStories("2025-09-13", STORIES, frozenset(STORIES[:listed]), categories or {})


def test_listings_that_found_enough_keep_the_run_ok():
    result = audit(day(9), min_listed=0.9)
    assert result.finding is None
    assert result.note == "listings found 9 of the 10 stories of the 2025-09-13 daily sitemap (90%)"


def test_too_few_found_is_a_finding_naming_the_sections_only_the_sitemap_had():
    categories = {STORIES[7]: "weird", STORIES[8]: "weird", STORIES[9]: None}
    result = audit(day(7, categories), min_listed=0.9)
    assert result.finding == (
        "listings found 7 of the 10 stories of the 2025-09-13 daily sitemap (70%, below 90%); "
        f"listings seem to be missing for: weird (2), no section (1) (e.g. {STORIES[7]})"
    )


def test_the_threshold_decides():
    assert audit(day(7), min_listed=0.7).finding is None
    assert audit(day(7), min_listed=0.71).finding is not None
    assert audit(day(0), min_listed=0).finding is None


def test_no_sitemap_or_no_story_of_the_edition_is_a_note():
    assert audit(None, min_listed=0.9).finding is None
    empty = DayStories("2025-09-13", (), frozenset())
    result = audit(empty, min_listed=0.9)
    assert result.finding is None
    assert result.note == "the daily sitemap of 2025-09-13 lists no story of this edition"


def test_walks_cut_short_are_not_judged():
    result = audit(day(1), min_listed=0.9, cut_short={"max_pages", "since"})
    assert result.finding is None
    assert result.note.endswith("not judged: walks cut short (max_pages, since)")
