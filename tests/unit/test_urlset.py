"""UrlSet answers membership as a set of the URLs would, keeping a digest of each."""

from urdupoint_news.site.urlset import UrlSet, url_key

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
