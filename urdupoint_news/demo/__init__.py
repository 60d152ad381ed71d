"""The sample site (package data) and a local mirror that serves it over HTTP on 127.0.0.1.

``make demo`` (``python -m urdupoint_news.demo``) crawls it; the tests crawl it too.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
# Saved article pages (the layouts' reference pages, also served by the sample site).
SAVED_PAGES = HERE / "pages"
# The sample site: one tree per edition, served together.
SAMPLE_ROOTS = (HERE / "site", HERE / "site_ur")
