"""Leave out the interpreter's last garbage collections when a command-line process ends.

A process that imported Scrapy, Twisted, numpy and sqlite-utils holds about 100,000 objects that the
cyclic garbage collector tracks; at exit CPython tears the modules down and collects them again,
which costs up to half a second of CPU (``benchmarks/process_cost.py``: a ``scrapy crawl`` of the
sample site spent 0.35-0.6 s after its spider closed, 0.05 s without those collections;
``urdupoint-news crawl`` refusing a bad setting 0.2-0.35 s) -- a fifth of a short run, paid by every
scheduled crawl and by every crawl in the tests. ``gc.freeze()`` as the last exit step moves every
object out of the collector's reach, so those collections have nothing to scan.

This is safe because nothing is left for them to do: the archive's connections, the WARC files and
the feed exports are closed by the run itself (``spider_closed``), log files by ``logging.shutdown``
(an ``atexit`` handler, which still runs), and the standard streams are flushed by the interpreter
whatever the collector does. Objects freed by reference counting are still freed; only objects in
reference cycles still alive at exit are left to the OS.
"""

from __future__ import annotations

import atexit
import gc


def skip_final_collection() -> None:
    """Freeze the collector at exit (an ``atexit`` handler; the others run as before: freezing
    stops no code, it only takes objects out of the collector's generations)."""
    atexit.register(gc.freeze)
