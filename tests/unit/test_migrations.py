"""A new archive applies the migrations in the order of their numbers (archive/schema.py)."""

from urdupoint_news.archive.schema import open_database


def test_a_new_archive_applies_the_migrations_in_their_numbered_order(tmp_path):
    db = open_database(str(tmp_path / "new.db"))
    names = [row["name"] for row in db.query("select name from _sqlite_migrations order by id")]
    assert names == sorted(names)
    assert names[:2] == ["m001_initial", "m002_near_duplicate_index"]
