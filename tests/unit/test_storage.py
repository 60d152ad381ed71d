from dataclasses import replace

from urdupoint_news.archive.schema import open_database
from urdupoint_news.archive.storage import Archive
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
