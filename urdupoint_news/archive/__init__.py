"""Floor 2: the SQLite archive: schema and migrations, batched storage, the near-duplicate
index, and the read API the CLI and other programs query (``query``)."""
