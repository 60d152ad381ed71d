"""Every setting is checked once, before a crawl does anything (crawl/settings_check.py)."""

from __future__ import annotations

import os
import re

import pytest
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from urdupoint_news import settings as project_settings
from urdupoint_news.crawl.settings_check import (
    DRIFT_SETTINGS,
    RULES,
    SettingError,
    check_settings,
    project_names,
    set_from_command_line,
)

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "urdupoint_news.settings")


def with_values(**values: str) -> Settings:
    settings = get_project_settings()
    settings.setdict(values, priority="cmdline")
    return settings


def test_every_project_setting_has_a_rule() -> None:
    # The drift thresholds are checked by crawl/verdict/drift.py, which reads them.
    assert project_names() == sorted(set(RULES) | DRIFT_SETTINGS)


def test_the_project_defaults_pass() -> None:
    check_settings(get_project_settings())


URL = "expected an http:// or https:// URL"
# Each URDUPOINT_* setting with a value of the wrong type or out of range, and the line it gets.
BAD = [
    ("URDUPOINT_BASE_URL", "localhost:8000", f"{URL}, e.g. https://www.urdupoint.com"),
    ("URDUPOINT_BASE_URL", "http://127.0.0.1:99999", f"{URL} with a valid port"),
    ("URDUPOINT_BASE_URL", "http://caf\udce9.test", f"{URL} in plain text"),
    ("URDUPOINT_DB_PATH", "", "expected a path"),
    ("URDUPOINT_DB_PATH", "a\0b", "expected a path without NUL characters"),
    ("URDUPOINT_BATCH_SIZE", "abc", "expected a whole number"),
    ("URDUPOINT_BATCH_SIZE", "0", "expected a whole number of at least 1"),
    ("URDUPOINT_BATCH_SIZE", "2.5", "expected a whole number"),
    ("URDUPOINT_BATCH_SIZE", str(10**20), f"expected a whole number from 1 to {2**63 - 1}"),
    ("URDUPOINT_MAX_REJECT_RATIO", "abc", "expected a number"),
    ("URDUPOINT_MAX_REJECT_RATIO", "1.5", "expected a number from 0 to 1"),
    ("URDUPOINT_MAX_REJECT_RATIO", "nan", "expected a finite number"),
    ("URDUPOINT_MAX_FALLBACK_RATIO", "-0.1", "expected a number from 0 to 1"),
    ("URDUPOINT_HEALTH_MIN_ARTICLES", "three", "expected a whole number"),
    ("URDUPOINT_HEALTH_MIN_ARTICLES", "-1", "expected a whole number of at least 0"),
    ("URDUPOINT_PROGRESS_INTERVAL", "often", "expected a number"),
    ("URDUPOINT_PROGRESS_INTERVAL", "inf", "expected a finite number"),
    ("URDUPOINT_MAX_LISTING_CANDIDATES", "-5", "expected a whole number of at least 0"),
    ("URDUPOINT_MAX_LISTING_PAGES", "0", "expected a whole number of at least 1"),
    ("URDUPOINT_SITEMAP_MIN_LISTED", "1.5", "expected a number from 0 to 1"),
    ("URDUPOINT_SITEMAP_MIN_LISTED", "most", "expected a number"),
    ("URDUPOINT_LOCK_ENABLED", "maybe", "expected true or false (also 1/0)"),
    ("URDUPOINT_EXIT_LINE", "yes please", "expected true or false (also 1/0)"),
    ("URDUPOINT_WARC_MAX_BYTES", "1GB", "expected a whole number"),
    ("URDUPOINT_REPARSE_WORKERS", "5000", "expected a whole number from 0 to 1024"),
    ("URDUPOINT_REPARSE_BATCH", "0", "expected a whole number of at least 1"),
    ("URDUPOINT_CONSOLE_LOG_LEVEL", "LOUD", "expected a log level: DEBUG, INFO, WARNING, ERROR, "
     "CRITICAL (any case)"),
    ("URDUPOINT_MAX_UNREADABLE_RATIO", "2", "expected a number from 0 to 1"),
    ("URDUPOINT_CATEGORIES_ANY_EDITION", "both", "expected true or false (also 1/0)"),
    ("URDUPOINT_FETCH_ATTEMPTS", "0", "expected a whole number of at least 1"),
    ("URDUPOINT_FETCH_ATTEMPTS", "many", "expected a whole number"),
    ("URDUPOINT_RETRY_AFTER_MAX", "-1", "expected a number of at least 0"),
    ("URDUPOINT_CONTACT", "newsdesk", "expected an email address or an http(s) URL"),
    ("URDUPOINT_CONTACT", "me@example.com", "expected an address that reaches a person, not a "
     "placeholder"),
    ("URDUPOINT_CHECK_ENABLED", "maybe", "expected true or false (also 1/0)"),
    ("URDUPOINT_CHECK_MIN_ARTICLES", "0", "expected a whole number of at least 1"),
    ("URDUPOINT_CHECK_MAX_DISAGREEMENT", "lots", "expected a number"),
    ("URDUPOINT_CHECK_BODY_MIN_SHARE", "1.5", "expected a number from 0 to 1"),
    ("URDUPOINT_CHECK_MAX_BODY_MISSES", "-0.1", "expected a number from 0 to 1"),
]  # fmt: skip


def test_every_project_setting_is_tried_with_a_bad_value() -> None:
    tried = {name for name, _, _ in BAD}
    # A text setting that may be empty and a list take anything Scrapy can read.
    assert tried | {"URDUPOINT_WARC_DIR", "URDUPOINT_EXTRA_LAYOUTS"} | DRIFT_SETTINGS == set(
        project_names()
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("URDUPOINT_DRIFT_MAX_DROP", "a lot"), ("URDUPOINT_DRIFT_ENABLED", "sometimes")],
)
def test_the_drift_thresholds_are_checked_by_their_own_rules(name: str, value: str) -> None:
    with pytest.raises(SettingError, match=f"^{name} must be "):
        check_settings(with_values(**{name: value}))
    check_settings(with_values(URDUPOINT_DRIFT_ENABLED="yes"))  # drift's own words for true


@pytest.mark.parametrize(("name", "value", "problem"), BAD)
def test_a_bad_value_is_one_line_naming_setting_value_and_expectation(
    name: str, value: str, problem: str
) -> None:
    with pytest.raises(SettingError) as caught:
        check_settings(with_values(**{name: value}))
    assert str(caught.value) == f"invalid setting {name}={value!r}: {problem}"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("URDUPOINT_BATCH_SIZE", "200"),
        ("URDUPOINT_MAX_REJECT_RATIO", "0"),
        ("URDUPOINT_MAX_REJECT_RATIO", "1"),
        ("URDUPOINT_PROGRESS_INTERVAL", "0.5"),
        ("URDUPOINT_LOCK_ENABLED", "False"),
        ("URDUPOINT_LOCK_ENABLED", "0"),
        ("URDUPOINT_BASE_URL", "http://127.0.0.1:8765"),
        ("URDUPOINT_WARC_DIR", ""),
        ("URDUPOINT_EXTRA_LAYOUTS", "tests.support.layouts.Layout,other.Layout"),
        ("URDUPOINT_DB_PATH", "/srv/caf\udce9.db"),  # a file name may be any bytes
    ],
)
def test_good_values_pass(name: str, value: str) -> None:
    check_settings(with_values(**{name: value}))


def test_an_unknown_project_setting_is_refused_with_the_likely_name() -> None:
    with pytest.raises(SettingError) as caught:
        check_settings(with_values(URDUPOINT_MAX_REJECTS_RATIO="0.2"))
    assert str(caught.value) == (
        "unknown setting URDUPOINT_MAX_REJECTS_RATIO (did you mean URDUPOINT_MAX_REJECT_RATIO?)"
    )
    with pytest.raises(SettingError, match=r"^unknown setting URDUPOINT_COLOUR$"):
        check_settings(with_values(URDUPOINT_COLOUR="blue"))


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("DOWNLOAD_DELAY", "soon", "expected a number"),
        ("CONCURRENT_REQUESTS", "many", "expected a whole number"),
        ("DOWNLOAD_MAXSIZE", "8MB", "expected a whole number"),
        ("ROBOTSTXT_OBEY", "perhaps", "expected true or false (also 1/0)"),
    ],
)
def test_scrapys_own_typed_settings_given_on_the_command_line_are_checked(
    name: str, value: str, problem: str
) -> None:
    message = f"invalid setting {name}='{value}': {problem}"
    with pytest.raises(SettingError, match=f"^{re.escape(message)}$"):
        check_settings(with_values(**{name: value}))


def test_scrapy_settings_without_a_typed_default_are_left_to_scrapy() -> None:
    check_settings(with_values(LOG_FILE="crawl.log", USER_AGENT="x", LOG_LEVEL="DEBUG"))


# Scrapy's settings that can stall a crawl, end it as if the site were unreachable, or crash it
# with a traceback: checked whatever set them (issue 21).
STALLING = [
    ("CONCURRENT_REQUESTS_PER_DOMAIN", "-5", "expected a whole number of at least 1"),
    ("CONCURRENT_REQUESTS", "-1", "expected a whole number of at least 1"),
    ("CONCURRENT_REQUESTS", "0", "expected a whole number of at least 1"),
    ("CLOSESPIDER_TIMEOUT", "-1", "expected a number of at least 0"),
    ("DOWNLOAD_TIMEOUT", "0", "expected a number of at least 0.001"),
    ("LOG_LEVEL", "loud", "expected a log level: DEBUG, INFO, WARNING, ERROR, CRITICAL (any case)"),
    ("LOG_FILE", "/no/such/dir/crawl.log", "its directory /no/such/dir does not exist"),
    ("DOWNLOAD_HANDLERS", "notadict", 'expected a dict (JSON on the command line, e.g. '
     '{"https": null})'),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value", "problem"), STALLING)
def test_scrapy_settings_that_stall_or_crash_a_crawl_are_one_line(
    name: str, value: str, problem: str
) -> None:
    with pytest.raises(SettingError) as caught:
        settings = get_project_settings()
        set_from_command_line(settings, [(name, value)])
        check_settings(settings)
    assert str(caught.value) == f"invalid setting {name}={value!r}: {problem}"


def test_a_log_level_in_any_case_passes() -> None:
    check_settings(with_values(LOG_LEVEL="debug"))
    check_settings(with_values(LOG_LEVEL="Warning"))


def test_a_setting_another_module_adds_is_checked_by_its_default() -> None:
    # Settings added later without a rule of their own are still checked by type.
    class Module:
        pass

    module = Module()
    vars(module).update(
        {name: getattr(project_settings, name) for name in project_names()},
        URDUPOINT_NEW_LIMIT=10,
        URDUPOINT_NEW_SWITCH=True,
    )
    settings = with_values(URDUPOINT_NEW_LIMIT="lots")
    with pytest.raises(SettingError, match="URDUPOINT_NEW_LIMIT='lots': expected a number"):
        check_settings(settings, module)  # type: ignore[arg-type]
    with pytest.raises(SettingError, match="URDUPOINT_NEW_SWITCH='on': expected true or false"):
        check_settings(with_values(URDUPOINT_NEW_SWITCH="on"), module)  # type: ignore[arg-type]
