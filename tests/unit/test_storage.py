from dataclasses import replace
from functools import partial

import pytest

from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.storage import Archive, ListingHistory, StorageError
from urdupoint_news.site.items import Article
from urdupoint_news.site.normalize import content_hash

BODY = (
    "Pakistan and Japan agreed on Wednesday to deepen trade.\n\nThe talks were held in Islamabad."
)
ITEM = Article(
    url="https://www.urdupoint.com/en/business/pakistan-japan-2193301.html",
    article_id=2193301,
    edition="en",
    category="business",
    title="Pakistan, Japan Renew Resolve",
    published_at="2025-09-10T15:10:00+05:00",
    body=BODY,
    word_count=16,
    content_hash=content_hash(BODY),
    extractor="en_current",
)


def test_new_article_is_stored_with_seen_times(tmp_path):
    archive = Archive(tmp_path / "a.db")
    assert archive.store(ITEM, seen_at="2025-09-10T10:15:00+00:00") == "new"
    archive.close()
    row = open_database(str(tmp_path / "a.db"))["articles"].get(ITEM.url)
    assert row["title"] == ITEM.title
    assert row["first_seen_at"] == row["last_seen_at"] == "2025-09-10T10:15:00+00:00"


def test_unchanged_refetch_only_moves_last_seen(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.store(ITEM, seen_at="2025-09-10T10:15:00+00:00")
    assert archive.store(ITEM, seen_at="2025-09-11T08:00:00+00:00") == "unchanged"
    row = archive.article(ITEM.url)
    assert (row["first_seen_at"], row["last_seen_at"]) == (
        "2025-09-10T10:15:00+00:00",
        "2025-09-11T08:00:00+00:00",
    )
    assert archive.db["article_versions"].count == 0


def test_changed_body_keeps_previous_version(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.store(ITEM, seen_at="2025-09-10T10:15:00+00:00")
    new_body = BODY + "\n\nA correction was added."
    corrected = replace(ITEM, body=new_body, content_hash=content_hash(new_body))
    assert archive.store(corrected, seen_at="2025-09-11T08:00:00+00:00") == "updated"
    row = archive.article(ITEM.url)
    assert row["body"] == new_body
    assert row["modified_at"] == "2025-09-11T08:00:00+00:00"
    assert row["content_hash"] == corrected.content_hash
    [version] = archive.db["article_versions"].rows
    assert version["body"] == BODY
    assert version["content_hash"] == ITEM.content_hash
    assert version["fetched_at"] == "2025-09-10T10:15:00+00:00"
    # the full-text index follows the update
    hits = archive.db.execute(
        "select rowid from articles_fts where articles_fts match 'correction'"
    ).fetchall()
    assert len(hits) == 1


def test_writes_are_committed_in_batches_not_per_item(tmp_path):
    path = tmp_path / "a.db"
    archive = Archive(path, batch_size=3)
    reader = open_database(str(path))
    for n in range(2):
        archive.store(replace(ITEM, url=f"{ITEM.url}?{n}", article_id=n), seen_at="t")
        archive.item_done()
    assert reader["articles"].count == 0  # the open batch is invisible to other connections
    archive.store(replace(ITEM, url=f"{ITEM.url}?3", article_id=3), seen_at="t")
    archive.item_done()
    assert reader["articles"].count == 3


def test_demoting_an_article_repoints_its_copies(tmp_path):
    archive = Archive(tmp_path / "a.db")
    copy = replace(ITEM, url="https://www.urdupoint.com/en/business/copy-2193400.html")
    archive.store(copy, seen_at="t1")
    third = replace(ITEM, url="https://www.urdupoint.com/en/business/third-2193401.html")
    archive.record_duplicate(
        third, duplicate_of=copy.url, kind="exact", similarity=1.0, seen_at="t1"
    )
    archive.store(ITEM, seen_at="t2")
    archive.demote(copy.url, duplicate_of=ITEM.url, kind="exact", similarity=1.0, seen_at="t2")
    assert archive.article(copy.url) is None
    rows = {row["url"]: row["duplicate_of"] for row in archive.db["duplicates"].rows}
    assert rows == {copy.url: ITEM.url, third.url: ITEM.url}


def test_storing_an_article_clears_its_earlier_reject(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.record_reject(ITEM.url, "missing_published_at", "no date", seen_at="t1")
    archive.store(ITEM, seen_at="t2")
    assert archive.db["rejects"].count == 0


def test_database_uses_wal_and_indexes(tmp_path):
    archive = Archive(tmp_path / "a.db")
    assert archive.db.journal_mode == "wal"
    indexed = {tuple(index.columns) for index in archive.db["articles"].indexes}
    assert ("published_at",) in indexed
    assert ("category", "published_at") in indexed


def test_listings_are_remembered_per_edition_and_seen_again(tmp_path):
    archive = Archive(tmp_path / "a.db")
    crime = "https://www.urdupoint.com/en/news/pakistan/crime.html"
    parent = "https://www.urdupoint.com/en/news/pakistan.html"
    archive.remember_listing(
        crime,
        edition="en",
        category="crime",
        parent_url=parent,
        seen_at="2025-09-10T10:00:00+00:00",
    )
    archive.remember_listing(
        "https://www.urdupoint.com/sports/news.html",
        edition="ur",
        category="sports",
        parent_url=None,
        seen_at="2025-09-10T10:00:00+00:00",
    )
    archive.listing_paged(crime, "built")
    archive.remember_listing(
        crime,
        edition="en",
        category="crime",
        parent_url=parent,
        seen_at="2025-09-11T10:00:00+00:00",
    )
    archive.close()
    assert Archive(tmp_path / "a.db").listings("en") == {"crime": crime}
    row = open_database(str(tmp_path / "a.db"))["listings"].get(crime)
    assert (row["parent_url"], row["pagination"]) == (parent, "built")
    assert (row["first_seen_at"], row["last_seen_at"]) == (
        "2025-09-10T10:00:00+00:00",
        "2025-09-11T10:00:00+00:00",
    )


# --- copies moving between articles and duplicates (m007: they keep their text) ---------------


def _copy_setup(tmp_path):
    archive = Archive(tmp_path / "n.db")
    first = Article(
        url="https://www.urdupoint.com/en/business/a-1.html", article_id=1, edition="en",
        category="business", title="A", published_at="2025-09-10T10:00:00+05:00",
        body="Body of A.", word_count=3, content_hash="h1", extractor="en_current",
        author="Muhammad Irfan",
    )  # fmt: skip
    archive.store(first, seen_at="2025-09-10T05:00:00+00:00")
    return archive, first


def test_demote_then_promote_keeps_every_field(tmp_path):
    archive, first = _copy_setup(tmp_path)
    before = archive.article(first.url)
    archive.demote(first.url, duplicate_of="https://x/0.html", kind="near", similarity=0.812345,
                   seen_at="2025-09-11T00:00:00+00:00")  # fmt: skip
    dup = archive.stored_duplicate(first.url)
    assert archive.article(first.url) is None
    assert {k: dup[k] for k in before} == before
    assert (dup["duplicate_of"], dup["kind"], dup["similarity"]) == (
        "https://x/0.html",
        "near",
        0.8123,
    )
    archive.promote(first.url)
    assert archive.article(first.url) == before
    assert archive.stored_duplicate(first.url) is None
    archive.close()


def test_repoint_changes_the_original_of_a_copy(tmp_path):
    archive, first = _copy_setup(tmp_path)
    archive.demote(first.url, duplicate_of="https://x/0.html", kind="near", similarity=0.7,
                   seen_at="2025-09-11T00:00:00+00:00")  # fmt: skip
    archive.repoint(first.url, duplicate_of="https://x/2.html", kind="exact", similarity=1.0)
    dup = archive.stored_duplicate(first.url)
    assert (dup["duplicate_of"], dup["kind"], dup["similarity"]) == (
        "https://x/2.html",
        "exact",
        1.0,
    )
    assert archive.urls_with_hash("h1") == [first.url]
    archive.close()


def test_a_corrected_byline_with_the_same_text_updates_the_row_without_a_version(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.store(ITEM, seen_at="2025-09-10T10:15:00+00:00")
    corrected = replace(ITEM, author="Muhammad Irfan", extractor="en_current_v2")
    assert archive.store(corrected, seen_at="2025-09-11T08:00:00+00:00") == "updated"
    archive.close()
    db = open_database(str(tmp_path / "a.db"))
    row = db["articles"].get(ITEM.url)
    assert (row["author"], row["extractor"]) == ("Muhammad Irfan", "en_current_v2")
    assert row["last_seen_at"] == "2025-09-11T08:00:00+00:00"
    assert db["article_versions"].count == 0  # the text did not change


def test_a_field_the_page_no_longer_gives_is_kept_not_erased(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.store(replace(ITEM, author="Muhammad Irfan"), seen_at="t1")
    assert archive.store(replace(ITEM, author=None), seen_at="t2") == "unchanged"
    archive.close()
    assert open_database(str(tmp_path / "a.db"))["articles"].get(ITEM.url)["author"] == (
        "Muhammad Irfan"
    )


# --- resumable history ----------------------------------------------------------------------
LISTING = "https://www.urdupoint.com/en/news/economy.html"
STORY = "https://www.urdupoint.com/en/business/economy-report-7-3100007.html"


def test_a_listing_remembers_how_far_its_history_was_walked(tmp_path):
    archive = Archive(tmp_path / "a.db")
    assert archive.listing_history(LISTING) == ListingHistory(None, None)  # not known yet
    archive.remember_listing(
        LISTING, edition="en", category="economy", parent_url=None, seen_at="t"
    )
    archive.walked_to(LISTING, STORY)
    assert archive.listing_history(LISTING) == ListingHistory(None, STORY)
    archive.history_completed(LISTING, at="2025-09-10T10:00:00+00:00")
    assert archive.listing_history(LISTING) == ListingHistory("2025-09-10T10:00:00+00:00", None)
    archive.walked_to(LISTING, STORY)  # a later walk, unfinished: the completion stays
    archive.close()
    assert Archive(tmp_path / "a.db").listing_history(LISTING) == ListingHistory(
        "2025-09-10T10:00:00+00:00", STORY
    )


# --- pages that could not be fetched ------------------------------------------------------------
def test_a_page_that_could_not_be_fetched_is_asked_again_until_the_last_attempt(tmp_path):
    archive = Archive(tmp_path / "a.db")
    failed = partial(archive.record_fetch_failure, STORY, seen_at="t", max_attempts=3)
    assert failed("HTTP 500, found on economy") == ("fetch_failed", 1)
    assert not archive.is_known(STORY)  # later runs ask for it again
    assert archive.fetch_failures() == [STORY]
    assert failed("HTTP 503, found on economy") == ("fetch_failed", 2)
    assert failed("Connection refused, found on economy") == ("gave_up", 3)
    assert archive.is_known(STORY) and archive.fetch_failures() == []
    [row] = archive.db["rejects"].rows
    assert (row["reason"], row["attempts"]) == ("gave_up", 3)
    assert row["detail"] == "Connection refused, found on economy (3 runs of 3)"


def test_a_page_fetched_at_last_leaves_the_rejects(tmp_path):
    archive = Archive(tmp_path / "a.db")
    archive.record_fetch_failure(ITEM.url, "HTTP 500", seen_at="t", max_attempts=3)
    archive.store(ITEM, seen_at="t2")
    copy = replace(ITEM, url=STORY, article_id=3100007)
    archive.record_fetch_failure(copy.url, "HTTP 500", seen_at="t", max_attempts=3)
    archive.record_duplicate(copy, duplicate_of=ITEM.url, kind="exact", similarity=1.0, seen_at="t")
    assert archive.db["rejects"].count == 0


# --- a database that refuses writes -------------------------------------------------------------
def test_the_first_refused_write_rolls_back_and_every_later_write_is_refused(tmp_path):
    archive = Archive(tmp_path / "a.db", batch_size=10)
    committed: list[dict[str, int]] = []
    archive.after_commit.append(lambda counts: committed.append(dict(counts)))
    archive.store(ITEM, seen_at="t")
    archive.count("urdupoint/articles_new")
    archive.item_done()
    archive.commit()
    assert committed == [{"urdupoint/articles_new": 1}]

    second = replace(ITEM, url=STORY, article_id=3100007)
    archive.store(second, seen_at="t")
    archive.count("urdupoint/articles_new")
    archive.db.execute("pragma query_only = 1")  # from now on SQLite refuses every write
    with pytest.raises(StorageError, match="could not write the database .*a.db: attempt to write"):
        archive.record_reject(STORY + "?x", "not_html", "x", seen_at="t")
    with pytest.raises(StorageError):  # refused at once, without asking SQLite again
        archive.commit()
    assert committed == [{"urdupoint/articles_new": 1}]  # the rolled-back article never counted
    assert archive.article(second.url) is None
    archive.close()  # closes without trying to commit again
    assert open_database(str(tmp_path / "a.db"))["articles"].count == 1
