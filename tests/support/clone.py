"""The project as a fresh clone has it, copied somewhere a build can make a mess."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.crawling import ROOT

# Not in a fresh clone: the venv and caches (dot names), builds and local databases.
_NOT_IN_A_CLONE = {"build", "data"}


def copy_project(target: Path, *, skip: frozenset[str] = frozenset()) -> Path:
    """The project's source tree as a fresh clone has it, copied to ``target`` (a build there
    leaves nothing in the working tree). Top-level names in ``skip`` are left out too."""
    shutil.copytree(
        ROOT,
        target,
        ignore=lambda folder, names: [
            name
            for name in names
            if name.startswith(".")
            or name.endswith(".egg-info")
            or name == "__pycache__"
            or (Path(folder) == ROOT and name in _NOT_IN_A_CLONE | skip)
        ],
    )
    return target
