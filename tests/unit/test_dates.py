import pytest

from urdupoint_news.site.dates import parse_date, parse_iso_date, parse_site_date


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Published September 10, 2025 | 03:10 PM", "2025-09-10T15:10:00+05:00"),
        ("Published September 10, 2025 | 12:10 AM", "2025-09-10T00:10:00+05:00"),
        ("Published September 10, 2025 | 12:05 PM", "2025-09-10T12:05:00+05:00"),
        ("  Published  Sep 10 2025 |  3:10 pm ", "2025-09-10T15:10:00+05:00"),
        ("Updated September 11, 2025 | 09:45 AM", "2025-09-11T09:45:00+05:00"),
        ("Sun 17 Mar 2019 | 05:50 PM", "2019-03-17T17:50:00+05:00"),
        ("17th Mar, 2019 | 17:50", "2019-03-17T17:50:00+05:00"),
        ("Mon 18 March 2019", "2019-03-18T00:00:00+05:00"),  # no time: midnight
        ("10th Sep, 2025", "2025-09-10T00:00:00+05:00"),
        # The two stamps of the byline row (docs/extraction.md): 2023 on, and 2020-21.
        ("Published March 23, 2024 | 04:50 PM", "2024-03-23T16:50:00+05:00"),
        ("Fri 18th December 2020 | 03:40 PM", "2020-12-18T15:40:00+05:00"),
        ("Published January 04, 2023 | 10:20 AM", "2023-01-04T10:20:00+05:00"),
        ("Mon 22nd March 2021 | 06:12 PM", "2021-03-22T18:12:00+05:00"),
        ("Thu 1st October 2020 | 11:25 PM", "2020-10-01T23:25:00+05:00"),
        ("Wed 2nd December 2020 | 12:00 AM", "2020-12-02T00:00:00+05:00"),
        ("Sat 3rd April 2021 | 12:30 PM", "2021-04-03T12:30:00+05:00"),
    ],
)
def test_site_stamp_is_pakistan_time(stamp, expected):
    assert parse_site_date(stamp) == expected
    assert parse_date(stamp) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-09-10T15:10:00+05:00", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10T15:10:27+05:00", "2025-09-10T15:10:27+05:00"),
        ("2025-09-10T15:10:00.123456+05:00", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10T15:10:00+0500", "2025-09-10T15:10:00+05:00"),
        ("2025-09-14T19:50:00+0500", "2025-09-14T19:50:00+05:00"),  # the Urdu JSON-LD form
        ("2025-09-10T15:10+05", "2025-09-10T15:10:00+05:00"),
        # Another offset keeps its instant, written at +05:00.
        ("2025-09-10T10:10:00Z", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10T10:10:00+00:00", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10T06:10:00-04:00", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10T21:40:00+00:00", "2025-09-11T02:40:00+05:00"),
        # Naive is Pakistan time.
        ("2025-09-10T15:10:00", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10 15:10", "2025-09-10T15:10:00+05:00"),
        ("2025-09-10", "2025-09-10T00:00:00+05:00"),
        # Summer 2008 Pakistan used UTC+6: the wall clock 12:00 is 11:00 on the +05:00 clock.
        ("2008-06-15T12:00:00", "2008-06-15T11:00:00+05:00"),
    ],
)
def test_iso_dates_are_written_at_plus_five(value, expected):
    assert parse_iso_date(value) == expected
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 10 Sep 2025 10:10:00 +0000", "2025-09-10T15:10:00+05:00"),
        ("Wed, 10 Sep 2025 15:10:00 +0500", "2025-09-10T15:10:00+05:00"),
        ("Wed, 10 Sep 2025 10:10:00 GMT", "2025-09-10T15:10:00+05:00"),
        ("Wed, 10 Sep 2025 10:10:00 -0000", "2025-09-10T15:10:00+05:00"),
    ],
)
def test_rss_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "yesterday",
        "6 minutes ago",
        "2025-13-40",
        "2025-02-30T10:00:00",
        "February 30, 2025 | 10:00 AM",
        "Published | 03:10 PM",
        "Smarch 10, 2025",
    ],
)
def test_unreadable_dates_are_none(value):
    assert parse_date(value) is None


def test_pakistan_time_is_defined_once_for_the_site_layer():
    from urdupoint_news.site import dates, urdu

    assert urdu.PAKISTAN is dates.PAKISTAN
    assert not hasattr(urdu, "PKT")  # urdu writes its dates through dates.to_pakistan_iso
