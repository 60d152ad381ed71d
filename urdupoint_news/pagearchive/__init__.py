"""The page archive: every fetched page kept as WARC records (docs/page-archive.md).

``pages`` (the record format, the ``pages`` table, reading and writing), ``warc_files`` (reading
anyone's WARC files), ``writer`` (the extension that archives a crawl's pages), ``replay`` (stored
pages back into items), ``reparse`` and ``importing`` (the spiders behind ``urdupoint-news reparse``
and ``import``)."""
