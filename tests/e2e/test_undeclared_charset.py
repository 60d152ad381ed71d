"""A Windows-1252 article page that declares no charset (no header charset, no meta) is stored
as the text it is, not as mojibake; a UTF-8 page without a declaration is stored as UTF-8."""

from __future__ import annotations

import pytest

from support.crawling import ROOT, rows, run_crawl

SPORTS = "/en/sports/babar-rizwan-return-as-pakistan-announce-od-2193303.html"
SPORTS_PAGE = (ROOT / "urdupoint_news/demo/pages/en/sports_current.html").read_text("utf-8")
ADDED = "Café owner’s “naïve” plan — €5, 10½ kg, Zürich"


def undeclared(encoding: str) -> bytes:
    page = SPORTS_PAGE.replace('<meta charset="utf-8">', "")
    page = page.replace("with former captains", f"({ADDED}) with former captains", 1)
    assert "charset" not in page.lower() and ADDED in page
    return page.encode(encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_a_page_without_a_declared_charset_is_stored_as_its_text(site, tmp_path, encoding):
    site.set_page(SPORTS, undeclared(encoding), "text/html")
    db = tmp_path / "n.db"
    result = run_crawl("urdupoint_en", db, site.base_url, "categories=sports,world")
    assert result.returncode == 0, result.stderr[-2000:]
    [article] = rows(db, "articles", url=f"https://www.urdupoint.com{SPORTS}")
    assert ADDED in article["body"]
