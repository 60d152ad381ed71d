"""A real Scrapyd on 127.0.0.1 for the tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Generous: listspiders.json and the like run a Scrapy process before they answer, which takes
# seconds on a busy machine.
HTTP_TIMEOUT = 60


class Scrapyd:
    """``scrapyd`` in its own directory (config, eggs, logs, queues), on a free loopback port.

    Jobs run with Scrapyd's environment (``env``) and in its directory, as on a server.
    """

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log = root / "scrapyd.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, attempts: int = 3) -> Scrapyd:
        for _ in range(attempts):  # another process may take the port between probe and bind
            self.port = free_port()
            (self.root / "scrapyd.conf").write_text(
                "[scrapyd]\n"
                "bind_address = 127.0.0.1\n"
                f"http_port = {self.port}\n"
                "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\n"
                "poll_interval = 0.2\nmax_proc = 4\n"
            )
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "scrapyd"],
                    cwd=self.root,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            if self._wait_ready():
                return self
            self.stop()
        raise RuntimeError(f"Scrapyd did not start:\n{self.log.read_text()[-3000:]}")

    def _wait_ready(self, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return True
            except OSError:
                time.sleep(0.2)
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    # --- the HTTP API -----------------------------------------------------------------
    def get(self, endpoint: str, **params: str) -> dict:
        query = f"?{urlencode(params)}" if params else ""
        with urlopen(f"{self.url}/{endpoint}{query}", timeout=HTTP_TIMEOUT) as answer:
            return json.load(answer)

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict:
        data = urlencode(fields).encode()
        with urlopen(f"{self.url}/{endpoint}", data=data, timeout=HTTP_TIMEOUT) as answer:
            return json.load(answer)

    def schedule(self, project: str, spider: str, *, settings: dict[str, str], **args: str) -> str:
        """A job's id; settings go as ``setting=NAME=VALUE`` fields, spider arguments as fields
        of their own (Scrapyd's schedule.json)."""
        fields = [("project", project), ("spider", spider)]
        fields += [("setting", f"{name}={value}") for name, value in settings.items()]
        fields += list(args.items())
        answer = self.post("schedule.json", fields)
        assert answer["status"] == "ok", answer
        return answer["jobid"]

    def wait_finished(self, job: str, timeout: float = 240) -> dict:
        """The job's listjobs.json entry once it has finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for entry in self.get("listjobs.json")["finished"]:
                if entry["id"] == job:
                    return entry
            time.sleep(0.2)
        raise AssertionError(f"job {job} did not finish in {timeout}s:\n{self.tail()}")

    def job_log(self, entry: dict) -> str:
        """A finished job's Scrapy log, read through Scrapyd's own ``log_url``."""
        with urlopen(f"{self.url}{entry['log_url']}", timeout=HTTP_TIMEOUT) as answer:
            return answer.read().decode("utf-8")

    def tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


def deploy_environment() -> dict[str, str]:
    """The environment a server gives Scrapyd: this interpreter's, without anything that would
    tell a job where the project is (the egg's entry point must)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY", "URDUPOINT_"))}
