"""Urdu date and dateline parsing (urdupoint_news.site.urdu)."""

from __future__ import annotations

import pytest

from urdupoint_news.site.urdu import parse_urdu_datetime, split_urdu_dateline

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the stamp as the article page prints it
        ("بدھ 10 ستمبر 2025 15:13", "2025-09-10T15:13:00+05:00"),
        # Urdu (Extended Arabic-Indic) digits
        ("بدھ ۱۰ ستمبر ۲۰۲۵ ۱۵:۱۳", "2025-09-10T15:13:00+05:00"),
        # Arabic-Indic digits
        ("جمعرات ١١ ستمبر ٢٠٢٥ ٠٨:٠٥", "2025-09-11T08:05:00+05:00"),
        # Arabic code points: ه for ہ/ھ, ك for ک, ي for ی
        ("جمعه 5 اكتوبر 2024 09:00", "2024-10-05T09:00:00+05:00"),
        ("بده 10 ستمبر 2025 15:13", "2025-09-10T15:13:00+05:00"),
        ("ہفتہ 3 مئي 2025 23:59", "2025-05-03T23:59:00+05:00"),
        ("اتوار 1 جنوري 2023 00:00", "2023-01-01T00:00:00+05:00"),
        # a joiner inside a name
        (f"پیر 2 فرو{ZWNJ}ری 2026 10:30", "2026-02-02T10:30:00+05:00"),
        # every month name
        ("15 مارچ 2024 12:00", "2024-03-15T12:00:00+05:00"),
        ("15 اپریل 2024 12:00", "2024-04-15T12:00:00+05:00"),
        ("15 جون 2024 12:00", "2024-06-15T12:00:00+05:00"),
        ("15 جولائی 2024 12:00", "2024-07-15T12:00:00+05:00"),
        ("15 اگست 2024 12:00", "2024-08-15T12:00:00+05:00"),
        ("15 نومبر 2024 12:00", "2024-11-15T12:00:00+05:00"),
        ("15 دسمبر 2024 12:00", "2024-12-15T12:00:00+05:00"),
        # the dateline form: no weekday, ء after the year, no time -> midnight
        ("10 ستمبر 2025ء", "2025-09-10T00:00:00+05:00"),
        ("10 ستمبر2025ء", "2025-09-10T00:00:00+05:00"),
        # surrounding words, commas, a 12-hour clock
        ("اشاعت: منگل، 9 ستمبر، 2025 3:05 PM", "2025-09-09T15:05:00+05:00"),
        ("9 ستمبر 2025 12:10 am", "2025-09-09T00:10:00+05:00"),
        ("9 ستمبر 2025 16:42:07", "2025-09-09T16:42:07+05:00"),
        # the first p of the 2025 article page, its spans joined by spaces
        ("اتوار 14 ستمبر 2025 19:50", "2025-09-14T19:50:00+05:00"),
        ("اتوار 14 ستمبر 2025\n19:50", "2025-09-14T19:50:00+05:00"),
        # summer 2008 Pakistan was UTC+6: same instant, written at the fixed +05:00
        ("15 جولائی 2008 10:00", "2008-07-15T09:00:00+05:00"),
    ],
)
def test_parse_urdu_datetime_reads_pakistan_time(text: str, expected: str) -> None:
    assert parse_urdu_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "کوئی تاریخ نہیں",
        "10 September 2025 15:13",  # English month: not this parser's job
        "31 فروری 2025 10:00",  # no such day
        "10 ستمبرس 2025",  # month name followed by more letters
        "10 ستمبر 25",  # two-digit year
        "10 ستمبر 2025 25:00",  # no such hour
        "10 ستمبر 2025 13:05 PM",  # 13 on a 12-hour clock
        "10 منٹ پہلے",  # a relative time
    ],
)
def test_parse_urdu_datetime_rejects_what_is_not_a_date(text: str) -> None:
    assert parse_urdu_datetime(text) is None


def test_parse_urdu_datetime_does_not_check_the_weekday() -> None:
    # 10 September 2025 was a Wednesday (بدھ); a wrong weekday is a typo, not a reason to lose it.
    assert parse_urdu_datetime("اتوار 10 ستمبر 2025 15:13") == "2025-09-10T15:13:00+05:00"


@pytest.mark.parametrize(
    ("body", "dateline", "source", "rest"),
    [
        (
            "لاہور (اردو پوائنٹ اخبارتازہ ترین - اے پی پی۔ 10 ستمبر 2025ء) پنجاب حکومت نے"
            " فیصلہ کیا۔\n\nدوسرا پیراگراف۔",
            "لاہور",
            "اردو پوائنٹ اخبارتازہ ترین - اے پی پی",
            "پنجاب حکومت نے فیصلہ کیا۔\n\nدوسرا پیراگراف۔",
        ),
        # two-word place, no spaces around the date, text glued to the closing parenthesis
        (
            "اسلام آباد (اردوپوائنٹ اخبارتازہ ترین۔10 ستمبر2025ء)وفاقی کابینہ",
            "اسلام آباد",
            "اردوپوائنٹ اخبارتازہ ترین",
            "وفاقی کابینہ",
        ),
        # Urdu digits in the date
        (
            "کراچی (اردو پوائنٹ اخبارتازہ ترین - آن لائن۔ ۱۱ ستمبر ۲۰۲۵ء) شہر میں بارش",
            "کراچی",
            "اردو پوائنٹ اخبارتازہ ترین - آن لائن",
            "شہر میں بارش",
        ),
        # Arabic code points in the month name; the credit stays exactly as printed
        (
            "پشاور (اردو پوائنٹ اخبارتازہ ترين۔ 10 ستمبر 2025ء) متن",
            "پشاور",
            "اردو پوائنٹ اخبارتازہ ترين",
            "متن",
        ),
        # date first, credit second
        (
            "ملتان (10 ستمبر 2025ء، اردو پوائنٹ اخبارتازہ ترین) متن",
            "ملتان",
            "اردو پوائنٹ اخبارتازہ ترین",
            "متن",
        ),
        # only a date in the parentheses: a place but no credit
        ("کوئٹہ (۱۰ ستمبر ۲۰۲۵ء) متن", "کوئٹہ", None, "متن"),
        # the credit without a date still marks a dateline
        (
            "فیصل آباد (اردو پوائنٹ اخبارتازہ ترین) متن",
            "فیصل آباد",
            "اردو پوائنٹ اخبارتازہ ترین",
            "متن",
        ),
        # as docs/extraction.md shows it: اُردو with its vowel mark, no space before the year
        (
            "لاہور (اُردو پوائنٹ اخبارتازہ ترین - اے پی پی۔ 14 ستمبر2025ء) قومی ہاکی ٹیم",
            "لاہور",
            "اُردو پوائنٹ اخبارتازہ ترین - اے پی پی",
            "قومی ہاکی ٹیم",
        ),
        # no space before "(" either
        (
            "لاہور(اُردو پوائنٹ اخبارتازہ ترین - اے پی پی۔ 14 ستمبر2025ء) قومی ہاکی ٹیم",
            "لاہور",
            "اُردو پوائنٹ اخبارتازہ ترین - اے پی پی",
            "قومی ہاکی ٹیم",
        ),
        (
            "برلن(اُردو پوائنٹ اخبارتازہ ترین - ڈی ڈبلیو۔ 15 ستمبر 2025ء) جرمن حکومت",
            "برلن",
            "اُردو پوائنٹ اخبارتازہ ترین - ڈی ڈبلیو",
            "جرمن حکومت",
        ),
        # the dateline as its own paragraph
        (
            "لاہور (اردو پوائنٹ اخبارتازہ ترین۔ 10 ستمبر 2025ء)\n\nپہلا پیراگراف",
            "لاہور",
            "اردو پوائنٹ اخبارتازہ ترین",
            "پہلا پیراگراف",
        ),
    ],
)
def test_split_urdu_dateline_separates_place_credit_and_text(
    body: str, dateline: str, source: str | None, rest: str
) -> None:
    assert split_urdu_dateline(body) == (dateline, source, rest)


@pytest.mark.parametrize(
    "body",
    [
        # an ordinary parenthesis at the start of a sentence is not a dateline
        "عمران خان (سابق وزیراعظم) نے کہا کہ انتخابات ہوں گے۔",
        # no parenthesis at all
        "پنجاب حکومت نے فیصلہ کیا۔",
        # a sentence before the parenthesis: far from a place name
        "حکومت نے آج ایک طویل اجلاس کے بعد اعلان کیا کہ نئی پالیسی (10 ستمبر 2025ء) نافذ ہو گی۔",
        "",
    ],
)
def test_split_urdu_dateline_leaves_a_body_without_dateline_alone(body: str) -> None:
    assert split_urdu_dateline(body) == (None, None, body)
