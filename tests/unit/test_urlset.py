"""UrlSet and UrlMap answer as a set and a dict of the URLs would, keeping a digest of each."""

import random

import pytest

from urdupoint_news.site import urlset
from urdupoint_news.site.urlset import UrlMap, UrlSet, url_key

BASE = "https://www.urdupoint.com/en/pakistan/story"


def test_urlset_answers_membership_like_a_set_of_the_urls() -> None:
    urls = [f"{BASE}-{n}.html" for n in range(20_000)]
    kept = UrlSet(urls[::2])
    assert len(kept) == 10_000
    assert all(url in kept for url in urls[::2])
    assert not any(url in kept for url in urls[1::2])


def test_urlset_add_discard_update() -> None:
    kept = UrlSet()
    assert not kept
    kept.add(f"{BASE}-1.html")
    kept.add(f"{BASE}-1.html")
    kept.update([f"{BASE}-2.html", f"{BASE}-3.html"])
    assert len(kept) == 3
    kept.discard(f"{BASE}-2.html")
    kept.discard(f"{BASE}-9.html")  # never added: no error
    assert f"{BASE}-2.html" not in kept
    assert f"{BASE}-3.html" in kept
    assert 3 not in kept  # not a URL


def test_url_keys_differ_for_urls_that_differ_in_one_character() -> None:
    assert url_key(f"{BASE}-1.html") != url_key(f"{BASE}-1.htm")
    assert url_key("https://www.urdupoint.com/daily/اردو") == url_key(
        "https://www.urdupoint.com/daily/اردو"
    )


# --- the sorted array and its merges (MERGE_AT made small so that every test merges often) ---
@pytest.fixture
def merge_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urlset, "MERGE_AT", 7)


def test_urlset_keeps_its_urls_in_the_sorted_array_once_merged(merge_often: None) -> None:
    urls = [f"{BASE}-{n}.html" for n in range(100)]
    kept = UrlSet(urls)
    assert len(kept._keys) == 98 and len(kept._recent) == 2  # 14 merges of 7
    assert list(kept._keys) == sorted(url_key(url) for url in urls[:98])
    assert all(url in kept for url in urls)
    assert f"{BASE}-100.html" not in kept


def test_urlset_adding_a_url_again_after_its_merge_does_not_count_it_twice(
    merge_often: None,
) -> None:
    kept = UrlSet(f"{BASE}-{n}.html" for n in range(7))
    assert not kept._recent  # merged
    kept.add(f"{BASE}-3.html")
    kept.update([f"{BASE}-4.html", f"{BASE}-8.html", f"{BASE}-8.html"])
    assert len(kept) == 8
    assert len(kept._recent) == 1


def test_urlset_discards_before_and_after_the_merge(merge_often: None) -> None:
    kept = UrlSet(f"{BASE}-{n}.html" for n in range(10))  # 0-6 merged, 7-9 recent
    kept.discard(f"{BASE}-2.html")  # from the array
    kept.discard(f"{BASE}-8.html")  # from the recent set
    kept.discard(f"{BASE}-2.html")  # gone already: no error
    assert len(kept) == 8
    assert f"{BASE}-2.html" not in kept and f"{BASE}-8.html" not in kept
    kept.add(f"{BASE}-2.html")  # back again
    assert f"{BASE}-2.html" in kept and len(kept) == 9


def test_an_emptied_urlset_is_false(merge_often: None) -> None:
    kept = UrlSet(f"{BASE}-{n}.html" for n in range(7))
    assert kept
    for n in range(7):
        kept.discard(f"{BASE}-{n}.html")
    assert not kept and len(kept) == 0


def test_urlset_answers_as_a_set_of_the_urls_under_random_operations(merge_often: None) -> None:
    rng = random.Random(11)
    urls = [f"{BASE}-{n}.html" for n in range(300)]
    kept, reference = UrlSet(), set()
    for _ in range(5000):
        url = rng.choice(urls)
        operation = rng.random()
        if operation < 0.6:
            kept.add(url)
            reference.add(url)
        elif operation < 0.8:
            kept.discard(url)
            reference.discard(url)
        else:
            assert (url in kept) == (url in reference)
        assert len(kept) == len(reference)
    assert {url for url in urls if url in kept} == reference
    assert list(kept._keys) == sorted(kept._keys)


def test_urlmap_answers_as_a_dict_of_the_urls_under_random_operations(merge_often: None) -> None:
    rng = random.Random(12)
    urls = [f"{BASE}-{n}.html" for n in range(300)]
    kept, reference = UrlMap(), {}
    for _ in range(5000):
        url = rng.choice(urls)
        operation = rng.random()
        if operation < 0.6:
            value = rng.randrange(2**64)
            kept[url] = value
            reference[url] = value
        elif operation < 0.8:
            assert kept.pop(url) == reference.pop(url, None)
        else:
            assert kept.get(url) == reference.get(url)
            assert (url in kept) == (url in reference)
        assert len(kept) == len(reference)
    assert sorted(kept.values()) == sorted(reference.values())
    assert {url: kept.get(url) for url in urls if url in kept} == reference
    assert list(kept._keys) == sorted(kept._keys)


def test_urlmap_replaces_a_value_before_and_after_the_merge(merge_often: None) -> None:
    kept = UrlMap()
    for n in range(9):  # 0-6 merged, 7-8 recent
        kept[f"{BASE}-{n}.html"] = n
    kept[f"{BASE}-1.html"] = 100
    kept[f"{BASE}-8.html"] = 800
    assert (kept.get(f"{BASE}-1.html"), kept.get(f"{BASE}-8.html"), len(kept)) == (100, 800, 9)
    assert kept.pop(f"{BASE}-9.html") is None
    assert "not a url" not in kept and 3 not in kept


def test_url_keys_are_64_bit() -> None:
    keys = [url_key(f"{BASE}-{n}.html") for n in range(1000)]
    assert all(0 <= key < 2**64 for key in keys)
    assert max(keys) >= 2**63  # all of the range is used
