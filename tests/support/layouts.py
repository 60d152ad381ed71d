"""A test-only parser change, registered with ``-s URDUPOINT_EXTRA_LAYOUTS=support.layouts.
EnCurrentNextRules`` (tests/support on PYTHONPATH) to show what ``reparse`` does with new rules.

Two rule changes a real fix could bring to the current English layout:
- a page without a printed stamp is dated by its dateline ("(... - 10th Sep, 2025)"), at
  midnight Pakistan time: the page rejected for having no date becomes an article;
- the body no longer repeats the summary as its first paragraph: the seed story changes.
"""

from __future__ import annotations

import re
from datetime import datetime

from urdupoint_news.extraction.en_current import EnCurrent

DATELINE_DAY = re.compile(r"\(UrduPoint / Pakistan Point News - (\d{1,2})\w\w (\w{3}), (\d{4})\)")


class EnCurrentNextRules(EnCurrent):
    name = "en_current"

    def published_at(self) -> str | None:
        found = super().published_at()
        if found:
            return found
        match = DATELINE_DAY.search(self.page.sel.css("div.detail_txt").xpath("string()").get())
        if not match:
            return None
        day = datetime.strptime(" ".join(match.groups()), "%d %b %Y")
        return day.strftime("%Y-%m-%dT00:00:00+05:00")

    def dateline_and_source(self) -> tuple[str | None, str | None, str | None]:
        dateline, source, body = super().dateline_and_source()
        summary = self.summary()
        if body and summary:
            first, _, rest = body.partition("\n\n")
            if first == summary and rest:
                body = rest
        return dateline, source, body
