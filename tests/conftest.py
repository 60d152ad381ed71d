"""Shared fixtures. Tests under ``tests/e2e`` run real crawls and are marked ``e2e``
(``make test-fast`` leaves them out); helpers live in ``tests/support``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from urdupoint_news.demo.mirror import SiteMirror

E2E_DIR = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def site() -> Iterator[SiteMirror]:
    with SiteMirror() as mirror:
        yield mirror
