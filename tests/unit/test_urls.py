import pytest

from urdupoint_news.site.urls import (
    article_id,
    canonical_url,
    en_listing,
    en_listing_url,
    is_en_article,
    is_ur_article,
)

BASE = "https://www.urdupoint.com"
STORY = f"{BASE}/en/pakistan/saudi-interior-ministry-showcases-ai-no-h-2193266.html"


@pytest.mark.parametrize(
    "link",
    [
        STORY,
        STORY + "?utm_source=twitter",
        STORY + "#comments",
        STORY + "?a=1&b=2#top",
        "/en/pakistan/saudi-interior-ministry-showcases-ai-no-h-2193266.html?ref=home",
        "HTTPS://WWW.URDUPOINT.COM/en/pakistan/saudi-interior-ministry-showcases-ai-no-h-2193266.html",
    ],
)
def test_links_with_query_fragment_or_relative_form_are_the_same_article(link):
    assert canonical_url(link, base=f"{BASE}/en/news/business.html") == STORY


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/en/business/pakistan-japan-renew-resolve-to-enhance-bil-2193301.html",
        f"{BASE}/en/sports/babar-azam-leads-pakistan-2193310.html",
        "http://127.0.0.1:8080/en/world/un-chief-calls-for-ceasefire-2193320.html",
    ],
)
def test_article_urls_are_recognised(url):
    base = "http://127.0.0.1:8080" if "127.0.0.1" in url else BASE
    assert is_en_article(url, base)


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/en/team/muhammad-irfan-1234.html",  # author page that looks like a story
        f"{BASE}/en/videos/pm-addresses-nation-12345.html",
        f"{BASE}/en/tag/cpec-2193301.html",
        f"{BASE}/en/news/business.html",
        f"{BASE}/en/news/business-updates2.html",
        f"{BASE}/en/about-us.html",
        f"{BASE}/en/",
        "https://www.example.com/en/business/some-story-2193301.html",  # other host
        "https://urdupoint.com.evil.example/en/business/some-story-2193301.html",
        f"{BASE}/daily/livenews/2025-09-10/news-4512345.html",  # the Urdu edition
    ],
)
def test_non_article_urls_are_never_articles(url):
    assert not is_en_article(url, BASE)


def test_article_id_is_the_numeric_suffix():
    assert article_id(STORY) == 2193266
    assert article_id(f"{BASE}/daily/livenews/2025-09-10/news-4512345.html") == 4512345
    assert article_id(f"{BASE}/en/news/business.html") is None


def test_urdu_article_urls():
    assert is_ur_article(f"{BASE}/daily/livenews/2025-09-10/news-4512345.html", BASE)
    assert not is_ur_article(f"{BASE}/daily/livenews/news-4512345.html", BASE)
    assert not is_ur_article(STORY, BASE)


def test_listing_pages_and_their_numbers():
    assert en_listing(f"{BASE}/en/news/business.html", BASE) == ("business", 1)
    assert en_listing(f"{BASE}/en/news/business-updates3.html", BASE) == ("business", 3)
    assert en_listing(STORY, BASE) is None
    assert en_listing_url(BASE, "sports", 2) == f"{BASE}/en/news/sports-updates2.html"
    assert en_listing_url(BASE, "sports") == f"{BASE}/en/news/sports.html"
