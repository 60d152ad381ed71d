"""Every field of every article from two independent sources, checked against each other, and a
run that knows from its own pages whether it got the stories: start here (with crawl/verdict/)
to answer "why was this run degraded?".

- ``sources``: where each field can be read besides the layout parser (JSON-LD, the printed date
  row, the URL, the sitemap's day, breadcrumbs, the listing, ``og:title``, share buttons...);
- ``generic``: a main-text extractor that knows no site selector, the second source of bodies;
- ``rules``: when two values of a field agree (same minute, same slug, folded titles...) and how
  much of one body the other holds;
- ``check``: ``check_article``, called once per article page where it becomes an item;
- ``run``: the run's counts per edition, layout and field, the thresholds
  (``URDUPOINT_CHECK_*``) and the findings that make a run ``degraded``;
- ``pipeline``: ``FieldCheckPipeline``, which counts each page's checks, records disagreements
  with the article (``disagreements``) and, at the end, the run's counts (``run_checks``).

docs/extraction.md ("Cross-checks") and docs/crawling.md ("Self-checks") describe them.
"""

from urdupoint_news.crawl.checks.check import Disagreement, FieldChecks, check_article

__all__ = ["Disagreement", "FieldChecks", "check_article"]
