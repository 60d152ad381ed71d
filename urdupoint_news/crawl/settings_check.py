"""Every setting checked once, before a crawl fetches or writes anything.

Scrapy reads a setting when a component first needs it, so a bad ``-s`` value used to surface
as a traceback in the middle of a run (``URDUPOINT_BATCH_SIZE=abc`` once the first item reached
the store) or at its very end (``URDUPOINT_MAX_REJECT_RATIO=abc``: a full crawl, then a run row
left ``running``). ``check_settings`` reads them all up front, with the getters the components
use, and raises ``SettingError`` with one line naming the setting, the value and what is
expected. It runs when a spider of the project is made (``UrduPointSpider.from_crawler``, so for
``scrapy crawl``, Scrapyd and scripts alike) and in ``urdupoint-news crawl`` before it takes the
lock.

Checked: every ``URDUPOINT_*`` setting (type and range, by ``RULES``; the drift thresholds by
``crawl/verdict/drift.py``, which reads them; a setting of the project without a rule by the type
of its
default), an unknown ``URDUPOINT_*`` name (a typo would otherwise be ignored silently), and
Scrapy's own true/false and numeric settings given on the command line (by the type of their
default).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings, default_settings

from urdupoint_news import settings as project_settings
from urdupoint_news.archive.schema import SQLITE_MAX_INTEGER
from urdupoint_news.crawl.addons.identity import contact_problem
from urdupoint_news.crawl.verdict import drift
from urdupoint_news.errors import UserFacingError

PREFIX = "URDUPOINT_"
# SQLite integers (and so anything counted or stored) stop here.
LARGEST = SQLITE_MAX_INTEGER


class SettingError(UserFacingError, ValueError):
    """A setting whose value cannot be used; the message names it."""


@dataclass(frozen=True)
class Rule:
    """What a setting holds: ``kind`` is bool, int, float, text, url, path, optional_path, list
    contact (crawl/addons/identity.py: empty, an email address or an http(s) URL) or level (empty
    or a
    logging level's name); numbers lie in [minimum, maximum]."""

    kind: str
    minimum: float | None = None
    maximum: float | None = None


RULES: dict[str, Rule] = {
    "URDUPOINT_BASE_URL": Rule("url"),
    "URDUPOINT_DB_PATH": Rule("path"),
    "URDUPOINT_BATCH_SIZE": Rule("int", 1),
    "URDUPOINT_MAX_REJECT_RATIO": Rule("float", 0, 1),
    "URDUPOINT_MAX_FALLBACK_RATIO": Rule("float", 0, 1),
    "URDUPOINT_HEALTH_MIN_ARTICLES": Rule("int", 0),
    "URDUPOINT_PROGRESS_INTERVAL": Rule("float", 0),
    "URDUPOINT_MAX_LISTING_CANDIDATES": Rule("int", 0),
    "URDUPOINT_MAX_LISTING_PAGES": Rule("int", 1),
    "URDUPOINT_SITEMAP_MIN_LISTED": Rule("float", 0, 1),
    "URDUPOINT_LOCK_ENABLED": Rule("bool"),
    "URDUPOINT_EXIT_LINE": Rule("bool"),
    "URDUPOINT_WARC_DIR": Rule("optional_path"),
    "URDUPOINT_WARC_MAX_BYTES": Rule("int", 1),
    "URDUPOINT_REPARSE_WORKERS": Rule("int", 0, 1024),
    "URDUPOINT_REPARSE_BATCH": Rule("int", 1),
    "URDUPOINT_EXTRA_LAYOUTS": Rule("list"),
    "URDUPOINT_FETCH_ATTEMPTS": Rule("int", 1),
    "URDUPOINT_RETRY_AFTER_MAX": Rule("float", 0),
    "URDUPOINT_CONTACT": Rule("contact"),
    "URDUPOINT_CONSOLE_LOG_LEVEL": Rule("level"),
    # The cross-checks' thresholds (crawl/checks/run.py).
    "URDUPOINT_CHECK_ENABLED": Rule("bool"),
    "URDUPOINT_CHECK_MIN_ARTICLES": Rule("int", 1),
    "URDUPOINT_CHECK_MAX_DISAGREEMENT": Rule("float", 0, 1),
    "URDUPOINT_CHECK_BODY_MIN_SHARE": Rule("float", 0, 1),
    "URDUPOINT_CHECK_MAX_BODY_MISSES": Rule("float", 0, 1),
}

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


# Checked by crawl/verdict/drift.py (Thresholds.from_settings), which reads them.
DRIFT_SETTINGS = frozenset(drift.Thresholds.SETTINGS.values())


def project_names(module: ModuleType = project_settings) -> list[str]:
    """The ``URDUPOINT_*`` settings the project defines."""
    return sorted(name for name in vars(module) if name.startswith(PREFIX))


def rule_for(name: str, module: ModuleType = project_settings) -> Rule | None:
    """The rule of a setting: its own, else one inferred from its default (None: anything)."""
    if name in RULES:
        return RULES[name]
    return _inferred(getattr(module, name, getattr(default_settings, name, None)))


def _inferred(default: Any) -> Rule | None:
    if isinstance(default, bool):
        return Rule("bool")
    if isinstance(default, int):
        # Scrapy reads some settings with an integer default as floats (DOWNLOAD_TIMEOUT).
        return Rule("float", None, LARGEST)
    if isinstance(default, float):
        return Rule("float")
    return None


def check_settings(settings: BaseSettings, module: ModuleType = project_settings) -> None:
    """Raise ``SettingError`` for the first setting that cannot be used."""
    known = set(project_names(module)) | set(RULES)
    for name in sorted(settings.attributes):
        if name.startswith(PREFIX) and name not in known:
            # Compared without the prefix every name shares, so only a real likeness counts.
            suffixes = sorted(known_name.removeprefix(PREFIX) for known_name in known)
            close = difflib.get_close_matches(name.removeprefix(PREFIX), suffixes, n=1)
            hint = f" (did you mean {PREFIX}{close[0]}?)" if close else ""
            raise SettingError(f"unknown setting {name}{hint}")
    for name in sorted(known - DRIFT_SETTINGS):
        rule = rule_for(name, module)
        if rule is not None and name in settings.attributes:
            _check(settings, name, rule)
    # The drift thresholds are read, and their values checked, by their own module.
    try:
        drift.Thresholds.from_settings(settings)
    except drift.DriftSettingError as error:
        raise SettingError(str(error)) from None
    command_line = SETTINGS_PRIORITIES["cmdline"]
    for name in sorted(settings.attributes):
        if name in known or (settings.getpriority(name) or 0) < command_line:
            continue
        rule = rule_for(name, module)
        if rule is not None:
            _check(settings, name, rule)


def _check(settings: BaseSettings, name: str, rule: Rule) -> None:
    value = settings.get(name)
    problem = _problem(settings, name, rule)
    if problem:
        raise SettingError(f"invalid setting {name}={_shown(value)}: {problem}")


def _shown(value: Any) -> str:
    # repr() escapes what a terminal could not show (bytes that were not UTF-8 on the command
    # line arrive as lone surrogates).
    return repr(value) if isinstance(value, str) else repr(str(value))


def _problem(settings: BaseSettings, name: str, rule: Rule) -> str | None:
    """What is wrong with the setting's value for ``rule``, or None."""
    value = settings.get(name)
    if rule.kind == "bool":
        try:
            settings.getbool(name)
        except ValueError:
            return "expected true or false (also 1/0)"
        return None
    if rule.kind in ("int", "float"):
        return _number_problem(settings, name, rule)
    if rule.kind == "list":
        try:
            settings.getlist(name)
        except (TypeError, ValueError):
            return "expected a comma-separated list"
        return None
    if rule.kind == "optional_path" and value in (None, ""):
        return None
    if rule.kind == "level":
        if value in (None, "") or str(value).upper() in LEVELS:
            return None
        return f"expected a log level: {', '.join(LEVELS)}"
    if rule.kind == "contact":
        text = str(value or "").strip()
        return contact_problem(text) if text else None
    what = "a URL" if rule.kind == "url" else "a path"
    if not isinstance(value, str) or not value.strip():
        return f"expected {what}"
    if "\0" in value:
        return f"expected {what} without NUL characters"
    if rule.kind == "url":
        return _url_problem(value)
    return None


def _number_problem(settings: BaseSettings, name: str, rule: Rule) -> str | None:
    whole = rule.kind == "int"
    try:
        number = settings.getint(name) if whole else settings.getfloat(name)
    except (TypeError, ValueError, OverflowError):
        return "expected a whole number" if whole else "expected a number"
    if not math.isfinite(number):
        return "expected a finite number"
    low, high = rule.minimum, LARGEST if rule.maximum is None else rule.maximum
    kind = "a whole number" if whole else "a number"
    if low is not None and number < low:
        if rule.maximum is not None:
            return f"expected {kind} from {_plain(low)} to {_plain(high)}"
        return f"expected {kind} of at least {_plain(low)}"
    if number > high:
        if low is not None:
            return f"expected {kind} from {_plain(low)} to {_plain(high)}"
        return f"expected {kind} of at most {_plain(high)}"
    return None


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _url_problem(value: str) -> str | None:
    if not value.isprintable() or not value.isascii() and not _utf8(value):
        return "expected an http:// or https:// URL in plain text"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number in range)
    except ValueError:
        return "expected an http:// or https:// URL with a valid port"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "expected an http:// or https:// URL, e.g. https://www.urdupoint.com"
    return None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8 on the command line
        return False
    return True
