"""Each pipeline on its own and in order, with a real crawler object and a real SQLite file."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem

from support.pipelines import Chain
from urdupoint_news.archive.neardup import DEFAULT_THRESHOLD, text_signature
from urdupoint_news.archive.schema import open_database
from urdupoint_news.crawl.extensions.storage import storage_of
from urdupoint_news.crawl.pipelines import CleanPipeline
from urdupoint_news.site.items import (
    Article,
    ArticleItem,
    FetchFailure,
    RedirectedArticleItem,
    RejectItem,
)

BASE = "https://www.urdupoint.com/en/business"
BODY = (
    "Pakistan and Japan on Wednesday renewed their resolve to enhance bilateral cooperation in "
    "trade, investment, energy and information technology.\n\nThe understanding was reached at a "
    "meeting between the Federal Minister for Economic Affairs and the Ambassador of Japan, who "
    "discussed the ongoing projects financed by the Japan International Cooperation Agency."
)


def article(n: int, published: str = "2025-09-10T15:10:00+05:00", body: str = BODY, **fields):
    values = {
        "url": f"{BASE}/story-{n}.html",
        "article_id": n,
        "edition": "en",
        "category": "business",
        "title": f"Story {n}",
        "published_at": published,
        "body": body,
        "extractor": "en_current",
    }
    return ArticleItem(**{**values, **fields})


@pytest.fixture
def chain(tmp_path):
    return Chain(tmp_path / "news.db")


def test_clean_normalises_text_and_derives_count_and_hash():
    item = article(
        1, body="  Caf\u0065\u0301 &amp; tea \n\n\n  in   Lahore  ", title="A\u00a0 title "
    )
    item.category = "Business"
    cleaned = CleanPipeline().process_item(item)
    assert cleaned.body == "Caf\u00e9 & tea\n\nin Lahore"
    assert cleaned.title == "A title"
    assert cleaned.category == "business"
    assert cleaned.word_count == 5
    assert len(cleaned.content_hash) == 64


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ("title", "missing_title"),
        ("published_at", "missing_published_at"),
        ("body", "missing_body"),
    ],
)
def test_page_without_required_field_goes_to_rejects(chain, missing, reason):
    outcome = chain.feed(replace(article(1), **{missing: None}))
    assert outcome.startswith("dropped: rejected")
    db = chain.close()
    [row] = db["rejects"].rows
    assert (row["url"], row["reason"]) == (f"{BASE}/story-1.html", reason)
    assert db["articles"].count == 0
    assert chain.stat("rejects") == 1


@pytest.mark.parametrize("published", ["10 September 2025", "2025-09-10T15:10:00"])
def test_date_that_is_not_an_aware_iso_time_is_rejected(chain, published):
    assert chain.feed(article(1, published=published)).startswith("dropped: rejected")
    [row] = chain.close()["rejects"].rows
    assert row["reason"] == "bad_published_at"


def test_validation_turns_a_complete_draft_into_an_article(chain):
    draft = CleanPipeline().process_item(article(1, summary=None))
    validated = chain.stages[1].process_item(draft)
    assert isinstance(validated, Article)
    assert (validated.url, validated.article_id, validated.word_count) == (
        draft.url,
        1,
        draft.word_count,
    )
    assert validated.summary is None


def test_an_incomplete_draft_never_becomes_an_article():
    draft = CleanPipeline().process_item(article(1))
    with pytest.raises(ValueError, match="no article_id"):
        Article.from_draft(replace(draft, article_id=None))
    with pytest.raises(ValueError, match="no word_count, content_hash"):
        Article.from_draft(article(1))  # not cleaned: no hash or word count yet


def test_reject_items_from_the_spider_are_recorded(chain):
    chain.feed(RejectItem(f"{BASE}/story-9.html", "not_html", "content type application/pdf"))
    [row] = chain.close()["rejects"].rows
    assert (row["reason"], row["detail"]) == ("not_html", "content type application/pdf")


def test_exact_copy_at_another_url_is_recorded_not_stored(chain):
    assert chain.feed(article(1)) == "stored"
    assert chain.feed(article(2, published="2025-09-10T16:00:00+05:00")).startswith(
        "dropped: exact duplicate"
    )
    db = chain.close()
    assert [row["url"] for row in db["articles"].rows] == [f"{BASE}/story-1.html"]
    [dup] = db["duplicates"].rows
    assert (dup["url"], dup["duplicate_of"], dup["kind"], dup["similarity"]) == (
        f"{BASE}/story-2.html",
        f"{BASE}/story-1.html",
        "exact",
        1.0,
    )


def test_earlier_original_arriving_after_its_copy_takes_the_row(chain):
    chain.feed(article(5, published="2025-09-10T18:00:00+05:00"))  # the copy, fetched first
    assert chain.feed(article(7, published="2025-09-10T15:10:00+05:00")) == "stored"
    db = chain.close()
    assert [row["url"] for row in db["articles"].rows] == [f"{BASE}/story-7.html"]
    [dup] = db["duplicates"].rows
    assert (dup["url"], dup["duplicate_of"]) == (f"{BASE}/story-5.html", f"{BASE}/story-7.html")


def test_tie_on_publication_time_goes_to_the_lower_article_id(chain):
    chain.feed(article(9))
    chain.feed(article(8))
    db = chain.close()
    assert [row["article_id"] for row in db["articles"].rows] == [8]
    assert [row["article_id"] for row in db["duplicates"].rows] == [9]


def test_publication_order_compares_instants_not_strings(chain):
    # 11:00 UTC is 16:00 in Pakistan: after 15:10+05:00, although the string sorts first.
    chain.feed(article(2, published="2025-09-10T15:10:00+05:00"))
    chain.feed(article(1, published="2025-09-10T11:00:00+00:00"))
    db = chain.close()
    assert [row["article_id"] for row in db["articles"].rows] == [2]


def test_near_copy_with_edited_words_is_recorded_as_near(chain):
    chain.feed(article(1))
    edited = BODY.replace("on Wednesday", "on Wednesday morning") + " Both sides agreed to meet."
    assert chain.feed(article(2, published="2025-09-10T17:00:00+05:00", body=edited)).startswith(
        "dropped: near duplicate"
    )
    [dup] = chain.close()["duplicates"].rows
    assert dup["kind"] == "near"
    assert 0.5 < dup["similarity"] < 1.0


def test_refetch_of_same_url_is_an_update_not_a_duplicate(chain):
    chain.feed(article(1))
    assert chain.feed(article(1)) == "stored"
    assert chain.stat("articles_unchanged") == 1
    assert chain.close()["duplicates"].count == 0


def test_earlier_original_arriving_after_its_near_copy_takes_the_row(chain):
    edited = BODY.replace("on Wednesday", "on Wednesday morning") + " Both sides agreed to meet."
    chain.feed(article(2, published="2025-09-10T17:00:00+05:00", body=edited))  # copy first
    assert chain.feed(article(1)) == "stored"
    db = chain.close()
    assert [row["article_id"] for row in db["articles"].rows] == [1]
    [dup] = db["duplicates"].rows
    assert (dup["article_id"], dup["duplicate_of"], dup["kind"]) == (
        2,
        f"{BASE}/story-1.html",
        "near",
    )
    assert chain.stat("articles_new") == 1  # the demoted copy no longer counts as new


def test_a_demoted_copy_is_never_the_original_of_a_later_copy(chain):
    edited = BODY.replace("on Wednesday", "on Wednesday morning") + " Both sides agreed to meet."
    chain.feed(article(2, published="2025-09-10T17:00:00+05:00", body=edited))
    chain.feed(article(1))
    third = BODY.replace("trade, investment", "trade and investment") + " Talks go on."
    assert chain.feed(article(3, published="2025-09-11T09:00:00+05:00", body=third)).startswith(
        f"dropped: near duplicate of {BASE}/story-1.html"
    )


def test_a_near_copy_keeps_its_own_text_and_fields(chain):
    edited = BODY.replace("on Wednesday", "on Wednesday morning") + " Both sides agreed to meet."
    chain.feed(article(1, author="Muhammad Irfan"))
    copy = article(
        2, published="2025-09-10T17:00:00+05:00", body=edited, author="APP", summary="Resolve."
    )
    assert chain.feed(copy).startswith("dropped: near duplicate")
    [dup] = chain.close()["duplicates"].rows
    assert dup["body"] == edited  # the words it does not share with the original included
    assert (dup["title"], dup["author"], dup["summary"], dup["category"], dup["edition"]) == (
        "Story 2",
        "APP",
        "Resolve.",
        "business",
        "en",
    )
    assert dup["word_count"] == len(edited.split())
    assert dup["extractor"] == "en_current"
    assert dup["first_seen_at"] == dup["last_seen_at"] is not None


def test_a_demoted_article_keeps_its_text_in_duplicates(chain):
    edited = BODY.replace("on Wednesday", "on Wednesday morning") + " Both sides agreed to meet."
    chain.feed(article(2, published="2025-09-10T17:00:00+05:00", body=edited, author="APP"))
    chain.feed(article(1))
    [dup] = chain.close()["duplicates"].rows
    assert (dup["url"], dup["body"], dup["author"]) == (f"{BASE}/story-2.html", edited, "APP")


def test_reports_that_differ_only_in_their_figures_are_both_articles(chain):
    template = (
        "The price of 24 karat gold {verb} by Rs {change} per tola and was sold at Rs {price} "
        "against its sale at Rs {before} on the last trading day, the All Sindh Sarafa Jewellers "
        "Association reported. Jewellers in the main bullion markets of Karachi, Lahore and "
        "Peshawar said that the demand for gold ornaments remained moderate as the wedding "
        "season had not yet begun, while small investors bought gold bars as a hedge against "
        "the falling value of the rupee."
    )
    monday = template.format(verb="increased", change="1,500", price="246,500", before="245,000")
    tuesday = template.format(verb="increased", change="1,200", price="247,700", before="246,500")
    # By their words alone, Tuesday's report is a near copy of Monday's.
    assert text_signature(monday).similarity(text_signature(tuesday)) >= DEFAULT_THRESHOLD
    assert chain.feed(article(1, published="2025-09-08T14:00:00+05:00", body=monday)) == "stored"
    assert chain.feed(article(2, published="2025-09-09T14:00:00+05:00", body=tuesday)) == "stored"
    assert chain.close()["duplicates"].count == 0


def test_the_run_coverage_counts_what_it_stored_new_or_updated(chain):
    other = (
        "The State Bank of Pakistan kept its policy rate unchanged at eleven percent on Monday, "
        "citing easing inflation and a stable external account.\n\nThe governor said the "
        "monetary policy committee would meet again in six weeks to review the outlook."
    )
    chain.feed(article(1, author="Muhammad Irfan", dateline="ISLAMABAD"))
    chain.feed(article(2, published="2025-09-10T18:00:00+05:00", body=other))  # a copy, first
    chain.feed(article(3, published="2025-09-09T15:10:00+05:00", body=other))  # demotes 2
    chain.feed(article(1, author="Muhammad Irfan", dateline="ISLAMABAD"))  # unchanged
    chain.feed(article(1, author="Muhammad Irfan", title="Story 1, updated"))  # updated
    chain.feed(article(4, extractor="fallback", title=None))  # rejected
    [en] = storage_of(chain.crawler).coverage.result()
    # stories 1 (as updated) and 3; 2 was stored, then demoted by its earlier original
    assert chain.stat("articles_updated") == 1 and chain.close()["duplicates"].count == 1
    assert (en.articles, en.total.present["author"], en.total.present["dateline"]) == (2, 1, 0)
    assert list(en.layouts) == ["en_current"]


# --- counts, links followed, pages not fetched, a database that refuses writes -----------------
def test_counts_reach_the_run_stats_only_with_their_commit(tmp_path):
    chain = Chain(tmp_path / "news.db")
    chain.stages[3].archive.batch_size = 3
    assert chain.feed(article(1)) == "stored"
    assert chain.feed(article(2, body="Rain is forecast for Lahore and Islamabad.")) == "stored"
    assert chain.stat("articles_new") == 0  # written, not committed yet
    assert chain.feed(article(3, body="A different story altogether, about cricket.")) == "stored"
    assert chain.stat("articles_new") == 3


def test_a_reject_after_a_redirect_is_recorded_under_the_link_followed(chain):
    followed = "https://www.urdupoint.com/en/business/old-link-7.html"
    draft = RedirectedArticleItem.of(replace(article(1), published_at=None), followed)
    assert chain.feed(draft).startswith(f"dropped: rejected {followed}: missing_published_at")
    [row] = chain.close()["rejects"].rows
    assert row["url"] == followed


def test_a_page_not_fetched_is_remembered_for_later_runs_not_counted_as_a_reject(chain):
    failure = FetchFailure(f"{BASE}/story-1.html", "HTTP 503, found on business")
    assert chain.feed(failure) == (
        f"dropped: not fetched {BASE}/story-1.html: HTTP 503, found on business; the next run "
        "asks again"
    )
    [row] = chain.close()["rejects"].rows
    assert (row["reason"], row["attempts"]) == ("fetch_failed", 1)
    assert (chain.stat("fetch_failures"), chain.stat("rejects")) == (1, 0)


def test_a_refused_write_stops_the_run_once_and_drops_items_quietly(chain):
    assert chain.feed(article(1)) == "stored"
    chain.stages[3].archive.db.execute("pragma query_only = 1")
    dropped = []
    for n in (2, 3):
        item = article(n, body=f"Story number {n} with words of its own.")
        with pytest.raises(DropItem) as raised:
            for stage in chain.stages:
                item = stage.process_item(item)
        dropped.append(raised.value)
    assert [exc.log_level for exc in dropped] == ["DEBUG", "DEBUG"]  # no line per item
    stats = chain.crawler.stats
    problems = stats.get_value("urdupoint/found_problems")
    assert len(problems) == 1 and problems[0].startswith("could not write the database")
    assert problems[0].endswith("attempt to write a readonly database")
    assert chain.stat("articles_new") == 1  # the first one, committed; none of the others
    chain.stages[3].close_spider()
    assert open_database(str(chain.db_path))["articles"].count == 1
