"""The encoding of a page that declares none: UTF-8 when its bytes are UTF-8, else Windows-1252.

Scrapy decodes a page by its BOM, the ``Content-Type`` charset or the page's own ``<meta>``
declaration; with none of them it guesses from the bytes (charset-normalizer), and on a short
English page with a few curly quotes or accented letters the guess is often a wrong code page
(cp1250: "naïve" read as "naďve"). Browsers do not guess there: the HTML standard's fallback for
an English page that declares nothing is windows-1252, and UTF-8 when the bytes are valid UTF-8.
This middleware gives such a response that encoding explicitly (``TextResponse(encoding=...)``,
Scrapy's own way to fix a response's encoding), so the pipelines never see mojibake. Urdu pages
cannot be Windows-1252 (it has no Arabic letters): the site serves them as UTF-8.

It sits after HttpCompressionMiddleware (590), so it reads the unpacked body; the page archive's
replay applies the same rule to stored pages (``pagearchive/replay.py``).
"""

from __future__ import annotations

from scrapy.http import HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# What browsers assume for an English page that declares nothing (WHATWG HTML, "encoding
# sniffing": the locale's default, windows-1252 for English).
FALLBACK_ENCODING = "cp1252"


def declares_encoding(response: HtmlResponse) -> bool:
    """Does the page say how it is encoded (BOM, HTTP header or ``<meta>``)?"""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    return bool(
        read_bom(response.body)[0]
        or http_content_type_encoding(content_type)
        or html_body_declared_encoding(response.body)
    )


def with_fallback_encoding(response: Response) -> Response:
    """``response`` decoded as UTF-8 or Windows-1252 when it declares no encoding."""
    if not isinstance(response, HtmlResponse) or declares_encoding(response):
        return response
    try:
        response.body.decode("utf-8")
    except UnicodeDecodeError:
        return response.replace(encoding=FALLBACK_ENCODING)
    return response  # valid UTF-8: Scrapy reads it as UTF-8 before it would guess


class FallbackEncodingMiddleware:
    """Downloader middleware: ``with_fallback_encoding`` for every response."""

    def process_response(self, request: object, response: Response) -> Response:
        return with_fallback_encoding(response)
