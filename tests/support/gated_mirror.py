"""The sample site with its robots.txt answer held back: a crawl waits there, mid-run, until the
test lets it go. Every crawl asks for robots.txt first, after its crawler is built (the database
lock is taken then) and its engine has started."""

from __future__ import annotations

import threading

from urdupoint_news.demo.mirror import SiteMirror

ROBOTS = "/robots.txt"


class GatedMirror(SiteMirror):
    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()  # set: robots.txt is answered
        self.asked = threading.Event()  # set once a crawl asked for robots.txt

    def respond(
        self, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes, str, dict[str, str]]:
        if path == ROBOTS:
            self.asked.set()
            self.gate.wait(timeout=300)
        return super().respond(path, form)
