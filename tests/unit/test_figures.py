"""Reports that differ in their figures (site/figures.py): the figures rule of near copies.

Template pairs are in tests/fixtures/dedup/ (a title line, a blank line, the body): two days'
gold rates, weather and currency reports in English, gold rates and weather in Urdu (the
second day's gold report written with Urdu digits), and the first day's gold report
republished with a closing sentence added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from urdupoint_news.archive.neardup import DEFAULT_THRESHOLD, text_signature
from urdupoint_news.site.figures import figure_value, figures, figures_differ

FIXTURES = Path(__file__).parents[1] / "fixtures"


def body(name: str, folder: str = "dedup") -> str:
    return (FIXTURES / folder / f"{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("245,000", "245000"),
        ("245000", "245000"),
        ("۲۴۵٬۰۰۰", "245000"),  # Urdu digits and thousands separator
        ("03", "3"),
        ("0", "0"),
        ("1.50", "1.5"),
        ("281.40", "281.4"),
        ("۲۸۱٫۴۰", "281.4"),  # Urdu decimal separator
        ("10.0", "10"),
    ],
)
def test_figures_are_compared_by_value(token: str, value: str) -> None:
    assert figure_value(token) == value


TEMPLATE_PAIRS = [
    ("en_gold_day1", "en_gold_day2"),
    ("en_weather_day1", "en_weather_day2"),
    ("en_currency_day1", "en_currency_day2"),
    ("ur_gold_day1", "ur_gold_day2"),
    ("ur_weather_day1", "ur_weather_day2"),
]


@pytest.mark.parametrize(("one", "other"), TEMPLATE_PAIRS)
def test_two_days_reports_of_one_template_differ_in_their_figures(one: str, other: str) -> None:
    first, second = body(one), body(other)
    # By shingles they would be near copies: the figures are what tells them apart.
    assert text_signature(first).similarity(text_signature(second)) >= DEFAULT_THRESHOLD
    assert figures_differ(figures(first), figures(second))
    assert figures_differ(figures(second), figures(first))


def test_a_republished_report_with_a_sentence_added_keeps_its_figures() -> None:
    original, again = body("en_gold_day1"), body("en_gold_day1_republished")
    assert "11 am" in again  # the added sentence brings figures of its own
    assert not figures_differ(figures(original), figures(again))


@pytest.mark.parametrize(
    "copy",
    [
        "copy_headline_changed",
        "copy_words_edited",
        "copy_closing_line_added",
        "copy_line_removed",
        "copy_several_edits",
    ],
)
def test_edited_copies_keep_their_figures(copy: str) -> None:
    original = body("family_app", "neardup")
    assert not figures_differ(figures(original), figures(body(copy, "neardup")))


def test_an_urdu_copy_typed_with_arabic_code_points_keeps_its_figures() -> None:
    original = body("urdu_original", "neardup")
    copy = body("urdu_arabic_codepoints", "neardup")
    assert not figures_differ(figures(original), figures(copy))


def test_the_same_figure_in_other_digits_is_the_same_figure() -> None:
    assert not figures_differ(
        figures("فی تولہ قیمت 246500 روپے ہو گئی"), figures("فی تولہ قیمت ۲۴۶٬۵۰۰ روپے ہو گئی")
    )


def test_a_dropped_sentence_with_figures_is_not_a_difference() -> None:
    whole = "Rs 246,500 per tola on Tuesday. Silver was sold at Rs 2,700 per tola."
    shortened = "Rs 246,500 per tola on Tuesday."
    assert not figures_differ(figures(whole), figures(shortened))


def test_a_figure_changed_in_the_same_words_is_a_difference() -> None:
    # A corrected toll or the next day's price: another report, stored as an article of its own.
    assert figures_differ(
        figures("Five people were killed and 12 injured in the blast"),
        figures("Five people were killed and 14 injured in the blast"),
    )


def test_figures_of_a_long_body_are_read_without_keeping_its_words() -> None:
    text = "The price was Rs 100 per tola. " * 50_000
    found = figures(text)
    assert sum(sum(counter.values()) for counter in found.values()) == 2 * 50_000
    assert len(found) == 2
