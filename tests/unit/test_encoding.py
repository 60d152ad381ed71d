"""A page that declares no encoding is read as UTF-8 or else Windows-1252
(crawl/downloadermiddlewares/encoding.py)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, TextResponse

from urdupoint_news.crawl.downloadermiddlewares.encoding import with_fallback_encoding

TEXT = "Café owner’s “naïve” plan — €5, 10½ kg"
PAGE = "<html><head>{meta}<title>Prices</title></head><body><p>{text}</p></body></html>"


def response(body: bytes, content_type: str = "text/html") -> HtmlResponse:
    return HtmlResponse(
        "https://www.urdupoint.com/en/business/x-1.html",
        body=body,
        headers={"Content-Type": content_type},
    )


def test_scrapy_alone_guesses_a_wrong_code_page_for_this_page() -> None:
    # Why the middleware exists: without it these bytes come out as mojibake.
    page = response(PAGE.format(meta="", text=TEXT).encode("cp1252"))
    assert TEXT not in page.text


def test_a_windows_1252_page_without_a_declared_charset_is_read_as_windows_1252() -> None:
    page = with_fallback_encoding(response(PAGE.format(meta="", text=TEXT).encode("cp1252")))
    assert page.encoding == "cp1252"
    assert TEXT in page.text


def test_a_utf8_page_without_a_declared_charset_stays_utf8() -> None:
    urdu = "اسلام آباد میں سونے کی قیمت"
    page = with_fallback_encoding(response(PAGE.format(meta="", text=TEXT + urdu).encode()))
    assert TEXT + urdu in page.text


@pytest.mark.parametrize(
    ("meta", "content_type", "encoding"),
    [
        ("", "text/html; charset=iso-8859-2", "iso8859-2"),
        ('<meta charset="iso-8859-2">', "text/html", "iso8859-2"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
            "text/html",
            "koi8-r",
        ),
    ],
)
def test_a_declared_charset_is_left_to_scrapy(meta: str, content_type: str, encoding: str) -> None:
    body = PAGE.format(meta=meta, text="plain text").encode("ascii")
    original = response(body, content_type)
    assert with_fallback_encoding(original) is original
    assert original.encoding == encoding


def test_a_page_with_a_bom_is_left_to_scrapy() -> None:
    original = response("\ufeff".encode() + PAGE.format(meta="", text=TEXT).encode())
    assert with_fallback_encoding(original) is original
    assert TEXT in original.text


def test_other_responses_are_left_alone() -> None:
    plain = TextResponse("https://www.urdupoint.com/robots.txt", body=TEXT.encode("cp1252"))
    assert with_fallback_encoding(plain) is plain
