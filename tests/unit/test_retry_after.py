"""Reading ``Retry-After`` (crawl/downloadermiddlewares/retry_after.py): delay-seconds or an HTTP
date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from urdupoint_news.crawl.downloadermiddlewares.retry_after import retry_after_seconds

NOW = datetime(2025, 9, 10, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("Wed, 10 Sep 2025 10:02:30 GMT", 150.0),
        ("Wed, 10 Sep 2025 09:00:00 GMT", 0.0),  # already past: no wait
        ("Wednesday, 10-Sep-25 10:00:10 GMT", 10.0),  # the obsolete RFC 850 form
    ],
)
def test_retry_after_values_are_read_as_seconds_to_wait(value, seconds):
    assert retry_after_seconds(value, NOW) == seconds


@pytest.mark.parametrize("value", ["", "soon", "-5", "1.5", "10 Sep"])
def test_unreadable_retry_after_values_are_ignored(value):
    assert retry_after_seconds(value, NOW) is None
