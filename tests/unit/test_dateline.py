import pytest

from urdupoint_news.site.dateline import split_dateline

REST = "Pakistan and Japan on Wednesday renewed their resolve."


@pytest.mark.parametrize(
    ("opening", "place", "source"),
    [
        (
            "ISLAMABAD, (UrduPoint / Pakistan Point News - 10th Sep, 2025) ",
            "ISLAMABAD",
            "UrduPoint / Pakistan Point News",
        ),
        (
            "LAHORE, (UrduPoint / Pakistan Point News / APP - 17th Mar, 2019) ",
            "LAHORE",
            "UrduPoint / Pakistan Point News / APP",
        ),
        (
            "KARACHI, (UrduPoint / Pakistan Point News / Online - 3rd Jan, 2024) ",
            "KARACHI",
            "UrduPoint / Pakistan Point News / Online",
        ),
        (
            "DERA ISMAIL KHAN, (UrduPoint / Pakistan Point News - 1st Feb, 2025) ",
            "DERA ISMAIL KHAN",
            "UrduPoint / Pakistan Point News",
        ),
        (  # no comma after the place
            "PESHAWAR (UrduPoint / Pakistan Point News - 22nd Aug, 2025) ",
            "PESHAWAR",
            "UrduPoint / Pakistan Point News",
        ),
        (  # en dash, em dash, slashes without spaces
            "QUETTA, (UrduPoint/Pakistan Point News/APP \u2013 10th Sep, 2025) ",
            "QUETTA",
            "UrduPoint / Pakistan Point News / APP",
        ),
        (
            "MULTAN, (UrduPoint / Pakistan Point News \u2014 10th September 2025) ",
            "MULTAN",
            "UrduPoint / Pakistan Point News",
        ),
        (  # legacy stories glue a colon to the text
            "SARGODHA, (UrduPoint / Pakistan Point News / APP - 17th Mar, 2019 ) :",
            "SARGODHA",
            "UrduPoint / Pakistan Point News / APP",
        ),
        (
            "NEW YORK, (UrduPoint / Pakistan Point News / AFP - Sep 10, 2025) - ",
            "NEW YORK",
            "UrduPoint / Pakistan Point News / AFP",
        ),
        (  # a dash inside the credit: the last dash before the date splits
            "MUZAFFARABAD, (UrduPoint / Pakistan Point News - Online - 10th Sep, 2025) ",
            "MUZAFFARABAD",
            "UrduPoint / Pakistan Point News - Online",
        ),
        (  # no place at all
            "(UrduPoint / Pakistan Point News - 10th Sep, 2025) ",
            None,
            "UrduPoint / Pakistan Point News",
        ),
        # --- the four forms of docs/extraction.md, as printed ---
        (
            "QUETTA, (UrduPoint / Pakistan Point News - 22nd Mar, 2021 ) :",
            "QUETTA",
            "UrduPoint / Pakistan Point News",
        ),
        (  # the date between the place and the credit
            "ISLAMABAD, Oct 1 (UrduPoint / Pakistan Point News) ",
            "ISLAMABAD",
            "UrduPoint / Pakistan Point News",
        ),
        (  # a colon after the place, the credit doubled, the dash glued to the date
            "RAWALPINDI: (UrduPoint/UrduPoint / Pakistan Point News-July 21st, 2026)",
            "RAWALPINDI",
            "UrduPoint / Pakistan Point News",
        ),
        (  # no place: the credit is the source, the dateline is null
            "(APP - UrduPoint / Pakistan Point News - 4th Jan, 2023 ) :",
            None,
            "APP - UrduPoint / Pakistan Point News",
        ),
        # --- variants of those forms ---
        (
            "ISLAMABAD, Oct 1 (UrduPoint / Pakistan Point News):",
            "ISLAMABAD",
            "UrduPoint / Pakistan Point News",
        ),
        ("LAHORE, December 18 (APP) - ", "LAHORE", "APP"),
        ("LONDON, Sept. 3, 2024 (Reuters) - ", "LONDON", "Reuters"),
        (
            "DERA ISMAIL KHAN: (UrduPoint / Pakistan Point News / APP - 3rd Feb, 2022) ",
            "DERA ISMAIL KHAN",
            "UrduPoint / Pakistan Point News / APP",
        ),
        (  # a repeated part is written once only where the repeats stand next to each other
            "SUKKUR, (UrduPoint / APP / UrduPoint - 9th Jun, 2022) ",
            "SUKKUR",
            "UrduPoint / APP / UrduPoint",
        ),
    ],
)
def test_dateline_is_split_from_the_body(opening, place, source):
    assert split_dateline(opening + REST) == (place, source, REST)


def test_dateline_alone_in_the_first_paragraph_leaves_the_second_first():
    body = "ISLAMABAD, (UrduPoint / Pakistan Point News - 10th Sep, 2025)\n\n" + REST
    assert split_dateline(body) == ("ISLAMABAD", "UrduPoint / Pakistan Point News", REST)


def test_minus_sign_after_the_dateline_stays_in_the_text():
    body = "QUETTA, (UrduPoint / Pakistan Point News - 10th Jan, 2025) -4 degrees in Quetta."
    assert split_dateline(body)[2] == "-4 degrees in Quetta."


@pytest.mark.parametrize(
    "body",
    [
        REST,
        "",
        "The minister (who spoke to APP - 2025) said nothing.",
        "Pakistan and Japan (today - 2025) agreed.",
        "Later, ISLAMABAD, (UrduPoint / Pakistan Point News - 10th Sep, 2025) was quoted.",
        "ISLAMABAD, (UrduPoint / Pakistan Point News) no date in the credit.",
        "ISLAMABAD, Marching 5 (x) is not a date.",
        "The rally, Oct 1 (a Friday) drew thousands.",
        "KARACHI, Oct 1 (2020) figures were released.",
    ],
)
def test_body_without_dateline_is_unchanged(body):
    assert split_dateline(body) == (None, None, body)
