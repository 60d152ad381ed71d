import pytest

from urdupoint_news.site.sections import category_slug, listing_page

SITE = "https://www.urdupoint.com"


@pytest.mark.parametrize(
    ("path", "slug", "page"),
    [  # every listing scheme of docs/site-schemes.md, and today's guess for the Urdu sections
        ("/en/news/agriculture.html", "agriculture", 1),
        ("/en/news/agriculture-updates2.html", "agriculture", 2),
        ("/en/news/pakistan/crime.html", "crime", 1),
        ("/en/news/pakistan/crime-updates1.html", "crime", 1),
        ("/en/news/pakistan/crime-updates373.html", "crime", 373),
        ("/sports/news.html", "sports", 1),
        ("/showbiz/news.html", "showbiz", 1),
        ("/weird/", "weird", 1),
        ("/daily/live/agriculture.html", "agriculture", 1),
        ("/technology/news/1.html", "technology", 1),
        ("/technology/news/75.html", "technology", 75),
        ("/daily/pakistan.html", "pakistan", 1),
        ("/daily/pakistan-page2.html", "pakistan", 2),
        ("/en/news/Sports.html", "sports", 1),
    ],
)
def test_every_listing_scheme_gives_a_stable_slug_and_page(path, slug, page):
    assert category_slug(SITE + path) == slug
    assert listing_page(SITE + path) == page


@pytest.mark.parametrize("path", ["/", "/en/", "/daily/", "/en/news/", "/daily/news/2.html"])
def test_urls_naming_no_section_have_no_slug(path):
    assert category_slug(SITE + path) is None


def test_a_segment_that_is_not_a_slug_gives_none():
    assert category_slug(SITE + "/en/news/%D8%A7%D8%B1%D8%AF%D9%88.html") is None
