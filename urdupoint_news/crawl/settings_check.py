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

import contextlib
import difflib
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
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
    "URDUPOINT_CATEGORIES_ANY_EDITION": Rule("bool"),
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
    "URDUPOINT_MAX_UNREADABLE_RATIO": Rule("float", 0, 1),
    # The cross-checks' thresholds (crawl/checks/run.py).
    "URDUPOINT_CHECK_ENABLED": Rule("bool"),
    "URDUPOINT_CHECK_MIN_ARTICLES": Rule("int", 1),
    "URDUPOINT_CHECK_MAX_DISAGREEMENT": Rule("float", 0, 1),
    "URDUPOINT_CHECK_BODY_MIN_SHARE": Rule("float", 0, 1),
    "URDUPOINT_CHECK_MAX_BODY_MISSES": Rule("float", 0, 1),
}

# Scrapy's own settings that the project reads, or that can stall or mislead a crawl, checked
# whatever set them (a negative CONCURRENT_REQUESTS_PER_DOMAIN hangs a crawl for ever, a negative
# CLOSESPIDER_TIMEOUT ends it at once as if the site were unreachable, a lower-case LOG_LEVEL or
# a LOG_FILE in a missing directory were tracebacks). Timeouts must be above 0: 0 would give up
# on every request.
TIMEOUT_FLOOR = 0.001
SCRAPY_RULES: dict[str, Rule] = {
    "CONCURRENT_REQUESTS": Rule("int", 1),
    "CONCURRENT_REQUESTS_PER_DOMAIN": Rule("int", 1),
    "CONCURRENT_REQUESTS_PER_IP": Rule("int", 0),
    "CONCURRENT_ITEMS": Rule("int", 1),
    "DOWNLOAD_TIMEOUT": Rule("float", TIMEOUT_FLOOR),
    "DNS_TIMEOUT": Rule("float", TIMEOUT_FLOOR),
    "DOWNLOAD_DELAY": Rule("float", 0),
    "DOWNLOAD_MAXSIZE": Rule("int", 0),
    "DOWNLOAD_WARNSIZE": Rule("int", 0),
    "CLOSESPIDER_TIMEOUT": Rule("float", 0),
    "CLOSESPIDER_TIMEOUT_NO_ITEM": Rule("float", 0),
    "CLOSESPIDER_ITEMCOUNT": Rule("int", 0),
    "CLOSESPIDER_PAGECOUNT": Rule("int", 0),
    "CLOSESPIDER_ERRORCOUNT": Rule("int", 0),
    "AUTOTHROTTLE_START_DELAY": Rule("float", 0),
    "AUTOTHROTTLE_MAX_DELAY": Rule("float", 0),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": Rule("float", TIMEOUT_FLOOR),
    "RETRY_TIMES": Rule("int", 0),
    "REDIRECT_MAX_TIMES": Rule("int", 0),
    "LOG_LEVEL": Rule("level"),
    "LOG_FILE": Rule("log_file"),
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
    if name in SCRAPY_RULES:
        return SCRAPY_RULES[name]
    return _inferred(getattr(module, name, getattr(default_settings, name, None)))


def _inferred(default: Any) -> Rule | None:
    if isinstance(default, dict):  # component dicts: DOWNLOAD_HANDLERS, ITEM_PIPELINES...
        return Rule("dict")
    if isinstance(default, bool):
        return Rule("bool")
    if isinstance(default, int):
        # Scrapy reads some settings with an integer default as floats (DOWNLOAD_TIMEOUT).
        return Rule("float", None, LARGEST)
    if isinstance(default, float):
        return Rule("float")
    return None


def set_from_command_line(settings: BaseSettings, pairs: list[tuple[str, str]]) -> None:
    """Apply ``-s NAME=VALUE`` pairs; raises ``SettingError`` for a value Scrapy cannot take
    (a text for a dict setting such as DOWNLOAD_HANDLERS: Scrapy's own message was "Invalid -s
    value", or a traceback)."""
    for name, value in pairs:
        try:
            settings.set(name, value, priority="cmdline")
        except (TypeError, ValueError):
            raise SettingError(
                f"invalid setting {name}={_shown(value)}: expected a dict (JSON on the command "
                'line, e.g. {"https": null})'
            ) from None


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
    for name, rule in sorted(SCRAPY_RULES.items()):
        if name in settings.attributes:
            _check(settings, name, rule)
    command_line = SETTINGS_PRIORITIES["cmdline"]
    for name in sorted(settings.attributes):
        if name in known or name in SCRAPY_RULES:
            continue
        if (settings.getpriority(name) or 0) < command_line:
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
    if rule.kind == "dict":
        try:
            settings.getdict(name)
        except (TypeError, ValueError):
            return 'expected a dict (JSON on the command line, e.g. {"https": null})'
        return None
    if rule.kind == "optional_path" and value in (None, ""):
        return None
    if rule.kind == "level":
        # Any case: Scrapy is handed the upper-case name (crawl/commands/crawl.py).
        if value in (None, "") or isinstance(value, int) or str(value).upper() in LEVELS:
            return None
        return f"expected a log level: {', '.join(LEVELS)} (any case)"
    if rule.kind == "log_file":
        return log_file_problem(str(value)) if value not in (None, "") else None
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


def log_file_problem(path: str) -> str | None:
    """Why a log file cannot be appended to (its directory is missing or not writable, it is a
    directory, or it is read-only), or None. Checked before the first request: Scrapy would open
    it only when the crawl starts, with a traceback."""
    if "\0" in path:
        return "expected a path without NUL characters"
    target = os.path.abspath(path)
    parent = os.path.dirname(target)
    if os.path.isdir(target):
        return "it is a directory; give a file"
    if not os.path.isdir(parent):
        return f"its directory {parent} does not exist"
    if os.path.exists(target):
        if not os.access(target, os.W_OK):
            return "the file is not writable"
    elif not os.access(parent, os.W_OK):
        return f"its directory {parent} is not writable"
    return None


def directory_problem(path: str | os.PathLike[str]) -> str | None:
    """Why files cannot be written in the directory ``path``, or None. Probed for real (root
    passes every permission check, and ``/proc`` refuses ``mkdir`` whatever the mode says): the
    missing directories are made, a file is written, and what the probe made is removed again,
    so a refused run leaves nothing behind."""
    target = Path(os.path.abspath(os.fspath(path)))
    made: list[Path] = []
    missing = target
    while not missing.exists() and missing != missing.parent:
        made.append(missing)
        missing = missing.parent
    try:
        for directory in reversed(made):
            directory.mkdir()
        with tempfile.TemporaryFile(dir=target):
            pass
    except OSError as error:
        return f"cannot write in {target}: {error.strerror or error}"
    finally:
        for directory in made:
            with contextlib.suppress(OSError):
                directory.rmdir()
    return None


def check_directories(settings: BaseSettings, *, writes_pages: bool = True) -> None:
    """A page archive directory given with ``URDUPOINT_WARC_DIR``, writable before the first
    request (found out after 15 pages otherwise); raises ``SettingError``. The default one sits
    beside the database, whose own check (archive/access.py) covers its directory, with a line
    about the database."""
    from urdupoint_news.pagearchive.location import warc_directory

    if not writes_pages or not str(settings.get("URDUPOINT_WARC_DIR") or "").strip():
        return
    directory = warc_directory(settings)
    problem = directory_problem(directory) if directory is not None else None
    if problem:
        raise SettingError(f"the page archive (URDUPOINT_WARC_DIR) {problem}")


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
