"""The persistent near-duplicate index (urdupoint_news.archive.neardup).

Fixtures in tests/fixtures/neardup/: ``family_*`` are five agencies' separate reports on one
milestone of one project (same names, places and numbers, different reporting); ``copy_*`` are
near copies of ``family_app``; ``urdu_*`` is an Urdu story and its copy typed with Arabic code
points and joiners. Each file is a title line, a blank line, then the body.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from sqlite_utils import Database

from urdupoint_news.archive.neardup import (
    BANDS,
    DEFAULT_THRESHOLD,
    NUM_PERM,
    ROWS,
    NearDuplicateIndex,
    Signature,
    text_signature,
)
from urdupoint_news.archive.schema import migrations, open_database
from urdupoint_news.site.normalize import matching_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "neardup"
FAMILY = ["family_app", "family_online", "family_nni", "family_ppi", "family_staff"]
ORIGINAL_URL = "https://www.urdupoint.com/en/pakistan/wapda-completes-river-diversion-4100001.html"

# Jaccard of word 3-shingles against family_app, counted by hand: its body is 226 words, so 224
# shingles; an edited word swaps 3 shingles for 3 new ones; the 30-word closing line brings 29
# new ones; the removed 24-word paragraph takes 25 and the words closing the gap make 1.
NEAR_COPIES = {
    "copy_headline_changed": 1.0,  # only the title differs; the body is the same
    "copy_words_edited": 0.87,  # 5 words: 209 shared / 239
    "copy_closing_line_added": 0.89,  # 224 / 253
    "copy_line_removed": 0.88,  # 199 / 225
    # new headline, 3 words edited, the closing line added and the paragraph removed: 190 / 263
    "copy_several_edits": 0.72,
}


def body(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]


def url(name: str) -> str:
    return f"https://www.urdupoint.com/en/pakistan/{name.replace('_', '-')}.html"


def shingles(text: str) -> set[tuple[str, ...]]:
    words = matching_text(text).split()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def exact_jaccard(one: str, other: str) -> float:
    a, b = shingles(one), shingles(other)
    return len(a & b) / len(a | b)


@pytest.fixture
def db() -> Database:
    database = Database(memory=True)
    migrations.apply(database)
    return database


@pytest.fixture
def family_index(db: Database) -> NearDuplicateIndex:
    index = NearDuplicateIndex(db)
    index.add(ORIGINAL_URL, index.signature(body("family_app")))
    for name in FAMILY[1:]:
        index.add(url(name), index.signature(body(name)))
    return index


def band_rows(db: Database) -> int:
    return db.execute("SELECT count(*) FROM neardup_bands").fetchone()[0]


# --- the threshold from both sides --------------------------------------------------------


@pytest.mark.parametrize(("copy", "expected"), NEAR_COPIES.items())
def test_every_near_copy_is_found_with_its_similarity(
    family_index: NearDuplicateIndex, copy: str, expected: float
) -> None:
    assert exact_jaccard(body("family_app"), body(copy)) == pytest.approx(expected, abs=0.01)
    found = family_index.find(family_index.signature(body(copy)))
    assert found is not None
    match, similarity = found
    assert match == ORIGINAL_URL
    assert similarity >= DEFAULT_THRESHOLD
    # The MinHash estimate's standard error is about 0.04 here.
    assert similarity == pytest.approx(expected, abs=0.1)


def test_a_copy_with_only_the_headline_changed_has_similarity_one(
    family_index: NearDuplicateIndex,
) -> None:
    assert family_index.find(family_index.signature(body("copy_headline_changed"))) == (
        ORIGINAL_URL,
        1.0,
    )


@pytest.mark.parametrize("member", FAMILY)
def test_separate_reports_of_the_same_event_are_not_duplicates(db: Database, member: str) -> None:
    index = NearDuplicateIndex(db)
    others = [name for name in FAMILY if name != member]
    for name in others:
        index.add(url(name), index.signature(body(name)))
    signature = index.signature(body(member))
    assert index.find(signature) is None
    for name in others:
        # Same names, places and numbers, but hardly a shared three-word run.
        assert exact_jaccard(body(member), body(name)) < 0.05
        assert signature.similarity(index.signature(body(name))) < 0.1


def test_the_family_members_share_names_places_and_numbers() -> None:
    # The family is a hard case only if the reports really overlap in facts.
    for name in FAMILY:
        words = set(matching_text(body(name)).split())
        assert {"shyok", "ghanche", "2027"} <= words, name
        assert words & {"wapda", "640", "baloch"}, name


def _with_agreement(values: np.ndarray, agreeing: int) -> Signature:
    # Keep the banded prefix (so the pair is an LSH candidate) and change values after it.
    changed = values.copy()
    changed[agreeing:] += 1
    return Signature(changed)


@pytest.mark.parametrize(
    ("agreeing", "found"),
    [(128, True), (77, True), (76, False), (BANDS * ROWS, False)],
)
def test_find_reports_matches_at_or_above_the_threshold_only(
    db: Database, agreeing: int, found: bool
) -> None:
    # 77/128 = 0.602 is the smallest estimate at or above 0.6; 76/128 = 0.594 is below it.
    stored = Signature(np.arange(1000, 1000 + NUM_PERM, dtype=np.uint32))
    index = NearDuplicateIndex(db)
    index.add("https://example.test/a", stored)
    result = index.find(_with_agreement(stored.values, agreeing))
    if found:
        assert result == ("https://example.test/a", agreeing / NUM_PERM)
    else:
        assert result is None


def test_a_custom_threshold_is_applied_inclusively(db: Database) -> None:
    stored = Signature(np.arange(NUM_PERM, dtype=np.uint32))
    index = NearDuplicateIndex(db, threshold=0.75)
    index.add("https://example.test/a", stored)
    assert index.find(_with_agreement(stored.values, 95)) is None  # 0.742
    assert index.find(_with_agreement(stored.values, 96)) == ("https://example.test/a", 0.75)


@pytest.mark.parametrize("threshold", [0.0, -0.5, 1.5])
def test_a_threshold_outside_zero_to_one_is_refused(db: Database, threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(db, threshold=threshold)


def test_find_returns_the_most_similar_stored_body(db: Database) -> None:
    query = np.arange(NUM_PERM, dtype=np.uint32)
    index = NearDuplicateIndex(db)
    index.add("https://example.test/fair", _with_agreement(query, 90))
    index.add("https://example.test/best", _with_agreement(query, 110))
    index.add("https://example.test/good", _with_agreement(query, 100))
    assert index.find(Signature(query)) == ("https://example.test/best", 110 / 128)


def test_on_a_tie_the_body_indexed_first_wins(db: Database) -> None:
    signature = Signature(np.arange(NUM_PERM, dtype=np.uint32))
    index = NearDuplicateIndex(db)
    index.add("https://example.test/first", signature)
    index.add("https://example.test/second", signature)
    assert index.find(signature) == ("https://example.test/first", 1.0)


def test_find_can_exclude_the_article_itself(family_index: NearDuplicateIndex) -> None:
    signature = family_index.signature(body("family_app"))
    assert family_index.find(signature) == (ORIGINAL_URL, 1.0)
    assert family_index.find(signature, exclude=ORIGINAL_URL) is None


# --- Urdu -----------------------------------------------------------------------------------


def test_an_urdu_copy_with_arabic_code_points_and_joiners_matches(db: Database) -> None:
    original, copy = body("urdu_original"), body("urdu_arabic_codepoints")
    assert original != copy
    assert "\u200d" in copy and "\u0643" in copy and "\u064a" in copy and "\u0647" in copy
    index = NearDuplicateIndex(db)
    index.add(
        "https://www.urdupoint.com/daily/livenews/2025-09-10/news-4100001.html",
        index.signature(original),
    )
    assert index.find(index.signature(copy)) == (
        "https://www.urdupoint.com/daily/livenews/2025-09-10/news-4100001.html",
        1.0,
    )


# --- writes, persistence, rebuild -----------------------------------------------------------


def test_the_index_survives_closing_and_reopening_the_database(tmp_path: Path) -> None:
    path = str(tmp_path / "archive.db")
    first_run = open_database(path)
    index = NearDuplicateIndex(first_run)
    index.add(ORIGINAL_URL, index.signature(body("family_app")))
    index.add(url("family_online"), index.signature(body("family_online")))
    first_run.conn.commit()
    first_run.close()

    later_run = open_database(path)
    index = NearDuplicateIndex(later_run)
    assert not index.needs_rebuild
    found = index.find(index.signature(body("copy_several_edits")))
    assert found is not None and found[0] == ORIGINAL_URL
    assert index.find(index.signature(body("family_nni"))) is None
    later_run.close()


def test_add_leaves_committing_to_the_caller(tmp_path: Path) -> None:
    path = str(tmp_path / "archive.db")
    db = open_database(path)
    index = NearDuplicateIndex(db)
    index.add(ORIGINAL_URL, index.signature(body("family_app")))
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM neardup_signatures").fetchone() == (0,)
    db.conn.rollback()
    assert index.find(index.signature(body("family_app"))) is None
    other.close()
    db.close()


def test_remove_forgets_a_url_and_its_band_rows(family_index: NearDuplicateIndex) -> None:
    db = family_index.db
    assert band_rows(db) == BANDS * len(FAMILY)
    family_index.remove(ORIGINAL_URL)
    assert family_index.find(family_index.signature(body("copy_words_edited"))) is None
    assert band_rows(db) == BANDS * (len(FAMILY) - 1)
    assert db["neardup_signatures"].count == len(FAMILY) - 1
    family_index.remove("https://example.test/never-indexed")  # no error
    found = family_index.find(family_index.signature(body("family_ppi")))
    assert found == (url("family_ppi"), 1.0)


def test_adding_a_url_again_replaces_its_signature(db: Database) -> None:
    index = NearDuplicateIndex(db)
    index.add(ORIGINAL_URL, index.signature(body("family_staff")))
    index.add(ORIGINAL_URL, index.signature(body("family_app")))
    assert index.find(index.signature(body("family_staff"))) is None
    assert index.find(index.signature(body("family_app"))) == (ORIGINAL_URL, 1.0)
    assert db["neardup_signatures"].count == 1
    assert band_rows(db) == BANDS


def test_a_body_without_words_is_never_indexed_or_matched(db: Database) -> None:
    index = NearDuplicateIndex(db)
    empty = index.signature(" … — ")
    assert empty.empty
    index.add("https://example.test/empty", empty)
    assert db["neardup_signatures"].count == 0
    assert index.find(empty) is None


def test_a_signature_round_trips_through_its_stored_bytes() -> None:
    signature = text_signature(body("family_app"))
    blob = signature.to_bytes()
    assert len(blob) == NUM_PERM * 4
    assert Signature.from_bytes(blob).similarity(signature) == 1.0


def _store_article(db: Database, name: str, published_at: str, link: str | None = None) -> None:
    db["articles"].insert(
        {
            "url": link or url(name),
            "title": name,
            "published_at": published_at,
            "body": body(name),
        }
    )


def test_rebuild_recomputes_the_index_from_stored_articles(db: Database) -> None:
    for day, name in enumerate(FAMILY, start=1):
        _store_article(db, name, f"2025-09-0{day}T10:00:00+05:00")
    index = NearDuplicateIndex(db)
    index.add("https://example.test/deleted-article", index.signature(body("copy_words_edited")))

    assert index.rebuild() == len(FAMILY)

    found = index.find(index.signature(body("copy_words_edited")))
    assert found is not None and found[0] == url("family_app")
    assert db["neardup_signatures"].count == len(FAMILY)
    assert band_rows(db) == BANDS * len(FAMILY)


def test_rebuild_indexes_in_publication_order_so_the_earliest_story_wins_a_tie(
    db: Database,
) -> None:
    _store_article(
        db, "family_app", "2025-09-12T09:00:00+05:00", link="https://example.test/a-republished"
    )
    _store_article(
        db, "family_app", "2025-09-10T15:10:00+05:00", link="https://example.test/z-original"
    )
    index = NearDuplicateIndex(db)
    assert index.rebuild() == 2
    assert index.find(index.signature(body("family_app"))) == (
        "https://example.test/z-original",
        1.0,
    )


def test_an_index_built_with_another_scheme_asks_for_a_rebuild(db: Database) -> None:
    assert not NearDuplicateIndex(db).needs_rebuild
    db["neardup_meta"].update("scheme", {"value": "words2-minhash64-v0"})
    index = NearDuplicateIndex(db)
    assert index.needs_rebuild
    index.rebuild()
    assert not index.needs_rebuild
    assert not NearDuplicateIndex(db).needs_rebuild


# --- signing in bounded memory ----------------------------------------------------------------


def _signature_as_first_written(text: str) -> np.ndarray:
    # The method before chunking, kept verbatim: every shingle against every permutation at once
    # (a NUM_PERM x shingles matrix: 1 KB per word of the body).
    from urdupoint_news.archive.neardup import _PERM_A, _PERM_B, shingle_hashes, token_hash

    token_hashes = [token_hash(word) for word in matching_text(text).split()]
    if not token_hashes:
        return np.empty(0, dtype=np.uint32)
    shingled = shingle_hashes(np.asarray(token_hashes, dtype=np.uint64))
    hashed = np.multiply.outer(_PERM_A, shingled)
    hashed += _PERM_B[:, None]
    hashed >>= np.uint64(32)
    return hashed.min(axis=1).astype(np.uint32)


def _saved_texts() -> dict[str, str]:
    texts = {path.stem: body(path.stem) for path in sorted(FIXTURES.glob("*.txt"))}
    everything = "\n\n".join(texts.values())
    # Longer than several chunks, with a length that is not a multiple of one, and the edges.
    texts["all_fixtures_nine_times"] = "\n\n".join([everything] * 9)
    texts["one_word"] = "Islamabad"
    texts["two_words"] = "Islamabad Karachi"
    texts["three_words"] = "Islamabad, Karachi, Lahore."
    texts["punctuation_only"] = "... -- !!"
    return texts


def test_the_long_saved_text_spans_several_chunks() -> None:
    from urdupoint_news.archive.neardup import CHUNK_SHINGLES

    assert len(matching_text(_saved_texts()["all_fixtures_nine_times"]).split()) > 3 * (
        CHUNK_SHINGLES
    )


@pytest.mark.parametrize("name", sorted(_saved_texts()))
def test_signing_in_chunks_gives_the_signatures_of_the_first_method(name: str) -> None:
    text = _saved_texts()[name]
    assert np.array_equal(text_signature(text).values, _signature_as_first_written(text))


def test_a_chunk_boundary_inside_a_text_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny chunks put boundaries everywhere: shingles across them must still be counted once.
    from urdupoint_news.archive import neardup

    text = body("family_app")
    expected = _signature_as_first_written(text)
    for size in (1, 2, 3, 7, 100):
        monkeypatch.setattr(neardup, "CHUNK_SHINGLES", size)
        assert np.array_equal(text_signature(text).values, expected), size


def test_splitting_the_text_in_pieces_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from urdupoint_news.site import normalize

    text = body("urdu_original") + "\n\n" + body("family_app")
    expected = _signature_as_first_written(text)
    for size in (1, 10, 333):
        monkeypatch.setattr(normalize, "_PIECE", size)
        assert np.array_equal(text_signature(text).values, expected), size


# --- candidates for placing copies again (archive/dedup.py) ----------------------------------


def test_candidates_lists_every_match_most_similar_first(db: Database) -> None:
    query = np.arange(NUM_PERM, dtype=np.uint32)
    index = NearDuplicateIndex(db)
    index.add("https://example.test/fair", _with_agreement(query, 90))
    index.add("https://example.test/best", _with_agreement(query, 110))
    index.add("https://example.test/below", _with_agreement(query, 70))
    index.add("https://example.test/good-b", _with_agreement(query, 100))
    index.add("https://example.test/good-a", _with_agreement(query, 100))
    assert index.candidates(Signature(query)) == [
        ("https://example.test/best", 110 / 128),
        ("https://example.test/good-a", 100 / 128),  # a tie goes by URL, not by indexing order
        ("https://example.test/good-b", 100 / 128),
        ("https://example.test/fair", 90 / 128),
    ]
    best = "https://example.test/best"
    assert [url for url, _ in index.candidates(Signature(query), exclude=best)] == [
        "https://example.test/good-a",
        "https://example.test/good-b",
        "https://example.test/fair",
    ]


def test_shares_band_is_what_a_lookup_would_find() -> None:
    values = np.arange(NUM_PERM, dtype=np.uint32)
    banded = _with_agreement(values, BANDS * ROWS)  # every band the same
    unbanded = Signature(values.copy())
    unbanded.values[: BANDS * ROWS : ROWS] += 1  # one value changed in every band
    assert Signature(values).shares_band(banded)
    assert not Signature(values).shares_band(unbanded)
    assert not Signature(values).shares_band(Signature(np.empty(0, dtype=np.uint32)))


def test_signature_of_reads_back_what_was_indexed(db: Database) -> None:
    index = NearDuplicateIndex(db)
    signature = index.signature(body("family_app"))
    index.add(ORIGINAL_URL, signature)
    assert np.array_equal(index.signature_of(ORIGINAL_URL).values, signature.values)
    assert index.signature_of("https://example.test/none").empty


def test_rebuild_indexes_copies_that_keep_their_text(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "a.db"))
    common = {"published_at": "2025-09-10T10:00:00+05:00", "title": "t"}
    db["articles"].insert(
        {"url": ORIGINAL_URL, "article_id": 1, "body": body("family_app"), **common}
    )
    db["duplicates"].insert_all(
        [
            {"url": url("copy_words_edited"), "article_id": 2, "body": body("copy_words_edited"),
             "duplicate_of": ORIGINAL_URL, "kind": "near", **common},
            {"url": url("old_copy"), "article_id": 3, "body": None, "duplicate_of": ORIGINAL_URL,
             "kind": "exact", **common},
        ]
    )  # fmt: skip
    index = NearDuplicateIndex(db)
    assert index.rebuild() == 2  # the copy recorded without its text cannot be indexed
    assert [u for u, _ in index.candidates(index.signature(body("copy_words_edited")))] == [
        url("copy_words_edited"),
        ORIGINAL_URL,
    ]
    db.close()
