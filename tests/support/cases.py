"""Extraction cases, the Fundus way: each case's page, expected JSON and meta side by side.

    tests/cases/<edition>/<layout>/<layout>_<YYYY_MM_DD>_<what>.json   meta + expected item
    tests/cases/<edition>/<layout>/<same name>.html                    the page

``<layout>`` is the ``extractor`` the page must get; the date is the day the page's markup was
fetched or, for a page we built from evidence, the day of the markup it reproduces
(docs/extraction.md, "Extraction cases"). A page the sample site also serves lives once, in the
demo's package data (``urdupoint_news/demo/pages/``, installed with the package so that ``make
demo`` works from any install); its case names it with ``meta.page = "demo:<edition>/<file>"``
and has no ``.html`` beside it.

The JSON: ``{"meta": {"url", "fetched", "markup"[, "page"]}, "expected": {item fields}}``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from urdupoint_news.demo import SAVED_PAGES

CASES = Path(__file__).resolve().parents[1] / "cases"
EDITIONS = ("en", "ur")
DEMO_PREFIX = "demo:"
NAME = re.compile(r"^(?P<layout>[a-z]+_[a-z]+|fallback)_(?P<date>\d{4}_\d{2}_\d{2})_[a-z0-9_]+$")
COMPUTED_LATER = frozenset({"word_count", "content_hash"})  # filled by the clean pipeline


@dataclass(frozen=True)
class Case:
    json_path: Path

    @property
    def name(self) -> str:
        return self.json_path.stem

    @property
    def edition(self) -> str:
        return self.json_path.parent.parent.name

    @property
    def layout(self) -> str:
        return self.json_path.parent.name

    @cached_property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.json_path.read_text(encoding="utf-8"))
        return data

    @property
    def meta(self) -> dict[str, str]:
        meta: dict[str, str] = self.data["meta"]
        return meta

    @property
    def url(self) -> str:
        return self.meta["url"]

    @property
    def expected(self) -> dict[str, Any]:
        expected: dict[str, Any] = self.data["expected"]
        return expected

    @property
    def page_path(self) -> Path:
        """The page: beside the JSON, or in the demo's package data when ``meta.page`` says so."""
        pointer = self.meta.get("page")
        if pointer:
            return SAVED_PAGES / pointer.removeprefix(DEMO_PREFIX)
        return self.json_path.with_suffix(".html")

    @cached_property
    def html(self) -> str:
        return self.page_path.read_text(encoding="utf-8")


def all_cases(edition: str | None = None) -> list[Case]:
    editions = [edition] if edition else list(EDITIONS)
    return [
        Case(path)
        for ed in editions
        for path in sorted((CASES / ed).glob("*/*.json"), key=lambda path: path.stem)
    ]


def case(name: str) -> Case:
    for found in all_cases():
        if found.name == name:
            return found
    raise KeyError(name)
