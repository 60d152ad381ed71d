"""How a finished run is judged: start here to answer "why was this run degraded?".

- ``status``: ``RunStatus`` (ok, degraded, failed; exit statuses 0, 3, 1) and ``Verdict``, the
  status with its reasons, read by every entry point and printed as one line;
- ``judge``: the one function that decides a run's verdict from its stats;
- ``health``: what makes a run failed (blocked, unreachable, navigation gone, nothing stored);
- ``drift``: what makes it degraded against earlier runs (field coverage below the norm);
- ``findings``: ``add_problem`` / ``add_finding``, for components that find a problem (failed) or
  a reason for doubt (degraded) while the run goes.

The stats it reads are named in crawl/statkeys.py.
"""

from urdupoint_news.crawl.verdict.findings import add_finding, add_problem
from urdupoint_news.crawl.verdict.status import RunStatus, Verdict

__all__ = ["RunStatus", "Verdict", "add_finding", "add_problem"]
