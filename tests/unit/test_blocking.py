"""Recognising a bot-protection challenge (crawl/downloadermiddlewares/blocking.py); the stop
itself is end to end."""

import pytest
from scrapy.http import HtmlResponse

from urdupoint_news.crawl.downloadermiddlewares.blocking import challenge
from urdupoint_news.demo.mirror import CHALLENGE_PAGE

URL = "https://www.urdupoint.com/en/"
PAGE = b"<html><head><title>Pakistan Point News</title></head><body>news</body></html>"


def response(status: int, body: bytes, **headers: str) -> HtmlResponse:
    return HtmlResponse(URL, status=status, body=body, headers=headers)


@pytest.mark.parametrize(
    ("status", "body", "headers", "reason"),
    [
        (403, CHALLENGE_PAGE, {"cf-mitigated": "challenge"}, "HTTP 403, cf-mitigated: challenge"),
        (503, PAGE, {"cf-mitigated": "Challenge"}, "HTTP 503, cf-mitigated: challenge"),
        (503, CHALLENGE_PAGE, {}, 'HTTP 503, a "Just a moment..." page'),
        (403, CHALLENGE_PAGE, {}, 'HTTP 403, a "Just a moment..." page'),
        (200, PAGE, {"cf-mitigated": "challenge"}, "HTTP 200, cf-mitigated: challenge"),
    ],
)
def test_a_challenge_is_recognised_by_header_or_page(status, body, headers, reason):
    assert challenge(response(status, body, **headers)) == reason


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, PAGE),
        (403, b"<html><body>Forbidden</body></html>"),
        (503, PAGE),
        (404, b""),
        (200, CHALLENGE_PAGE),  # the title on a page served as a page
    ],
)
def test_other_answers_are_not_challenges(status, body):
    assert challenge(response(status, body)) is None


def test_an_article_that_mentions_the_words_is_not_a_challenge():
    body = b"<html><head><title>Wait</title></head><body><p>Just a moment...</p></body></html>"
    assert challenge(response(200, body)) is None
