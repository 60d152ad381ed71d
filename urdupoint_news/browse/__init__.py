"""``urdupoint-news serve``: Datasette on any archive, with the project's metadata and plugin.

The metadata (``metadata.json`` here: descriptions of every table and column, hidden internal
tables, canned queries) names its database ``urdupoint``; Datasette names a database after its
file, so ``datasette_for`` puts the file's own name there instead, whatever the file is called.
The plugin (``plugins/urdupoint.py``) adds the SQL functions the canned search uses and the chart
of stories per day and section. Datasette is an optional extra: nothing here imports it before
it is asked for.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
METADATA = HERE / "metadata.json"
PLUGINS_DIR = HERE / "plugins"
TEMPLATE_NAME = "urdupoint"
INSTALL_HINT = "urdupoint-news serve needs Datasette: pip install -e '.[datasette]'"


def datasette_installed() -> bool:
    return importlib.util.find_spec("datasette") is not None


def metadata_for(path: str | Path) -> dict[str, Any]:
    """The project's Datasette metadata with its database keyed by ``path``'s name as
    Datasette gives it (the file name without its extension)."""
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    database = metadata["databases"].pop(TEMPLATE_NAME)
    metadata["databases"][Path(path).stem] = copy.deepcopy(database)
    return metadata


def datasette_for(path: str | Path) -> Any:
    """A Datasette instance serving the archive at ``path`` read-only with the metadata and
    the plugin (its ``client`` answers requests without a server, for tests)."""
    from datasette.app import Datasette

    return Datasette(
        [str(path)],
        metadata=metadata_for(path),
        plugins_dir=str(PLUGINS_DIR),
        settings={"sql_time_limit_ms": 5000},
    )
