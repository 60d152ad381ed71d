"""On/off words are read one way everywhere (urdupoint_news/switches.py)."""

import pytest

from urdupoint_news.crawl.spider import SpiderArgumentError, parse_arguments
from urdupoint_news.site.sections import is_category_name, section_slug
from urdupoint_news.switches import parse_switch


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("yes", True), (" ON ", True), ("1", True), (False, False), ("off", False),
     ("No", False), ("0", False), ("", None), ("maybe", None), ("2", None)],
)  # fmt: skip
def test_a_switch_reads_the_usual_words_in_any_case(value, expected):
    assert parse_switch(value) is expected


def test_an_empty_switch_takes_the_default_it_is_given():
    assert parse_switch("  ", empty=False) is False


def test_refresh_reads_the_same_words_and_refuses_others_in_one_line():
    assert parse_arguments(refresh="Yes")["refresh"] is True
    assert parse_arguments(refresh="")["refresh"] is False
    with pytest.raises(SpiderArgumentError, match="refresh must be true or false, got 'maybe'"):
        parse_arguments(refresh="maybe")


def test_a_section_name_has_one_slug_and_a_category_name_is_checked_once():
    assert section_slug("Sports News") == "sports-news"
    assert section_slug("  ") is None
    assert is_category_name("crime") and not is_category_name("../etc")
