import pytest

from urdupoint_news.site.urls import (
    SITE_URL,
    article_id,
    canonical_url,
    edition,
    en_listing,
    en_listing_url,
    is_en_article,
    is_ur_article,
    same_site,
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


UR_STORY = f"{BASE}/daily/livenews/2025-09-14/news-4518790.html"


@pytest.mark.parametrize(
    ("url", "ident"),
    [
        (UR_STORY, 4518790),
        (f"{BASE}/daily/livenews/2025-09-15/news-4519321-dw.html", 4519321),  # agency copy
        (f"{BASE}/daily/livenews/2011-01-02/news-6012.html", 6012),
        (f"{BASE}/pakistan/news/faisalabad/important-news/live-news-2987654.html", 2987654),
        (f"{BASE}/pakistan/news/dera-ghazi-khan/national-news/live-news-3012345.html", 3012345),
        ("http://127.0.0.1:8080/daily/livenews/2025-09-15/news-4519321-dw.html", 4519321),
    ],
)
def test_urdu_article_url_forms_are_articles_with_their_ids(url, ident):
    base = "http://127.0.0.1:8080" if "127.0.0.1" in url else BASE
    assert is_ur_article(url, base)
    assert not is_en_article(url, base)
    assert article_id(url) == ident
    assert edition(url) == "ur"


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/daily/column/javed-chaudhry/12345/sach-ki-talash.html",  # a column
        f"{BASE}/daily/column/12345.html",
        f"{BASE}/kids/detail/moral-stories/the-honest-woodcutter-12345.html",  # kids' pages
        f"{BASE}/kids/section/poems-5.html",
        f"{BASE}/daily/livenews/2025-09-14/news-4518790-xy.html",  # only -dw is a copy suffix
        f"{BASE}/daily/livenews/2025-09-14/news-4518790.html.gz",
        f"{BASE}/pakistan/news/faisalabad/other-news/live-news-2987654.html",
        f"{BASE}/pakistan/news/faisalabad/important-news.html",  # a district listing
        f"{BASE}/pakistan/news/faisalabad.html",
        f"{BASE}/sports/news.html",
        f"{BASE}/daily/live/agriculture.html",
        f"{BASE}/tag/hockey.html",
        "https://example.com/daily/livenews/2025-09-14/news-4518790.html",  # another site
    ],
)
def test_urdu_pages_that_are_not_stories_are_not_articles(url):
    assert not is_ur_article(url, BASE)
    assert not is_en_article(url, BASE)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        # dot segments
        (f"{BASE}/./en/pakistan/../pakistan/x-2193266.html", f"{BASE}/en/pakistan/x-2193266.html"),
        # percent-encoded unreserved characters are decoded; other escapes upper-cased
        (f"{BASE}/en/pakistan/a%2Db-2193266.html", f"{BASE}/en/pakistan/a-b-2193266.html"),
        (f"{BASE}/en/pakistan/a%7eb-2193266.html", f"{BASE}/en/pakistan/a~b-2193266.html"),
        (f"{BASE}/daily/tag/%d9%86.html", f"{BASE}/daily/tag/%D9%86.html"),
        # default ports, scheme and host case
        ("https://www.urdupoint.com:443/daily/", f"{BASE}/daily/"),
        ("HTTPS://WWW.UrduPoint.COM/en/", f"{BASE}/en/"),
        # the site identity: http:// and the bare domain are https://www
        (
            "http://www.urdupoint.com/en/pakistan/x-2193266.html",
            f"{BASE}/en/pakistan/x-2193266.html",
        ),
        ("http://urdupoint.com:80/daily/livenews/2025-09-14/news-4518790.html", UR_STORY),
        ("https://urdupoint.com/daily/livenews/2025-09-14/news-4518790.html?x=1#top", UR_STORY),
        ("https://user:pw@urdupoint.com/daily/", f"{BASE}/daily/"),
        (f"{BASE}", f"{BASE}/"),
        # other hosts keep their scheme, host and port (a local mirror), minus a default port
        ("http://127.0.0.1:8080/en/x-2193266.html?p=2", "http://127.0.0.1:8080/en/x-2193266.html"),
        ("http://127.0.0.1:80/en/x-2193266.html", "http://127.0.0.1/en/x-2193266.html"),
        ("http://www.urdupoint.com:8080/en/", "http://www.urdupoint.com:8080/en/"),
        # links that are not pages come back without raising
        ("mailto:news@urdupoint.com", "mailto:news@urdupoint.com"),
        ("http://host:port/x", "http://host:port/x"),
    ],
)
def test_canonical_url_is_one_spelling_per_page(given, canonical):
    assert canonical_url(given) == canonical
    assert canonical_url(canonical) == canonical  # idempotent


def test_relative_links_are_resolved_before_canonicalising():
    base = "http://urdupoint.com/daily/live/pakistan.html"
    assert canonical_url("../livenews/2025-09-14/news-4518790.html", base=base) == UR_STORY
    assert canonical_url("  /en/  ", base=base) == f"{BASE}/en/"


@pytest.mark.parametrize(
    ("url", "other", "same"),
    [
        ("http://urdupoint.com/en/", SITE_URL, True),
        ("https://www.urdupoint.com:443/daily/", SITE_URL, True),
        ("http://127.0.0.1:8080/en/", "http://127.0.0.1:8080", True),
        ("http://127.0.0.1:8081/en/", "http://127.0.0.1:8080", False),
        ("https://urdupoint.com.evil.example/en/", SITE_URL, False),
    ],
)
def test_same_site_compares_canonical_hosts(url, other, same):
    assert same_site(url, other) is same


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (STORY, "en"),
        (UR_STORY, "ur"),
        (f"{BASE}/pakistan/news/lahore/national-news/live-news-3000001.html", "ur"),
        (f"{BASE}/daily/column/x/1/y.html", "ur"),
        ("https://example.com/whatever", None),
    ],
)
def test_edition_of_a_url(url, name):
    assert edition(url) == name
