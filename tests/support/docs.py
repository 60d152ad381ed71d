"""The docs' command blocks, found and run as a reader would run them (tests/e2e/test_docs*.py).

A block is a fenced block of README.md or docs/*.md:

- ```` ```sh ```` blocks are scripts: every line runs, in order, in one shell (``set -e``), and
  the block must exit 0;
- blocks whose lines start with ``$ `` are transcripts: each command runs and the lines shown
  under it must appear in its output, in order (``...`` in a line stands for any text, a line
  ``...`` alone for any lines).

An HTML comment on the line before a block changes that, with a reason a reader can check:
``<!-- docs-test: skip REASON -->`` (a block that needs the real site, a running Scrapyd,
systemd...) and ``<!-- docs-test: exit N -->`` (a script whose documented outcome is exit
status N). The test keeps the skips few.

Commands run as after ``make`` with ``.venv/bin`` on the PATH (``. .venv/bin/activate``), in a
copy of a sandbox project whose ``data/urdupoint.db`` is a crawl of the sample site, with
``URDUPOINT_BASE_URL`` pointing every command at the sample site (served by the test). Only what
cannot be the same offline is rewritten, in ``substituted``: the mirror's address, and the
machine paths the examples use (``/srv/``, ``/opt/urdupoint-news``, ``/path/to/clone``,
``/tmp/``), which are mapped into the sandbox. The crawl commands are given the fast settings of
every test crawl (no politeness delay, tests/support/crawling.py) after the reader's own.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from support.crawling import ROOT

DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
MARKER = re.compile(r"<!--\s*docs-test:\s*(skip|exit)\s+(.*?)\s*-->\s*$")
SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}
# The settings a test crawl uses instead of the polite ones (a local site, no delay).
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "RETRY_TIMES=1"]
CRAWLING_COMMANDS = {"crawl", "reparse", "import", "doctor"}


@dataclass
class Block:
    doc: str  # README.md, docs/crawling.md
    line: int  # of the opening fence
    language: str
    text: str
    skip: str | None = None
    exit_status: int = 0
    transcript: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.doc}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The runnable blocks of one document: sh scripts and ``$`` transcripts."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        language, body = match[1], match[2]
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        block = Block(str(path.relative_to(ROOT)), line, language, body)
        transcript = _transcript(body)
        if transcript:
            block.transcript = transcript
        elif language not in SHELL_LANGUAGES:
            continue  # output, configuration, a layout: nothing to run
        if marker := MARKER.search(before):
            if marker[1] == "skip":
                block.skip = marker[2]
            else:
                block.exit_status = int(marker[2].split()[0])
        found.append(block)
    return found


def all_blocks() -> list[Block]:
    return [block for path in DOC_FILES for block in blocks(path)]


def _transcript(body: str) -> list[tuple[str, list[str]]]:
    lines = body.splitlines()
    if not lines or not lines[0].startswith("$ "):
        return []
    steps: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    # A command continued on the next lines with a backslash.
    joined = []
    for command, output in steps:
        while command.endswith("\\") and output:
            command = command[:-1] + " " + output.pop(0).strip()
        joined.append((command, output))
    return joined


# --- the sandbox ------------------------------------------------------------------------------


def wrapper(real: str, subcommand_at: int) -> str:
    """A script standing for ``.venv/bin/NAME``: the real program, with the fast settings added
    after the reader's own to the commands that crawl."""
    settings = " ".join(f"-s {setting}" for setting in FAST)
    return f"""#!/bin/sh
case "${subcommand_at}" in
  {"|".join(sorted(CRAWLING_COMMANDS))}) exec "{real}" "$@" {settings} ;;
esac
exec "{real}" "$@"
"""


def make_sandbox(root: Path) -> Path:
    """A project directory as ``make`` leaves it: ``.venv/bin`` (links to this checkout's
    programs, wrappers for the two that crawl), the Makefile, scrapy.cfg, ``data/``."""
    root.mkdir(parents=True)
    venv_bin = Path(sys.executable).parent
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for program in venv_bin.iterdir():
        target = bin_dir / program.name
        if program.name in ("urdupoint-news", "scrapy"):
            target.write_text(wrapper(str(program), 1))
            target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        else:
            target.symlink_to(program)
    for name in ("pyvenv.cfg", "lib", "lib64", "include"):  # the installed packages
        if (venv_bin.parent / name).exists():
            (root / ".venv" / name).symlink_to(venv_bin.parent / name)
    for name in ("Makefile", "scrapy.cfg", "setup.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("pyproject.toml", "datasette", "benchmarks"):
        (root / name).symlink_to(ROOT / name)
    (root / "data").mkdir()
    # Make's rule for .venv compares its time with pyproject.toml's: it is up to date.
    os.utime(root / ".venv")
    return root


def copy_sandbox(sandbox: Path, target: Path) -> Path:
    shutil.copytree(sandbox, target, symlinks=True)
    os.utime(target / ".venv")
    return target


def environment(sandbox: Path, base_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("URDUPOINT_", "SCRAPY_", "PYTEST_", "COV_"))
    }
    env["PATH"] = f"{sandbox / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(sandbox / ".venv")
    env["URDUPOINT_BASE_URL"] = base_url
    env["PYTHONWARNINGS"] = "ignore"
    return env


MIRROR_ADDRESS = re.compile(r"http://(127\.0\.0\.1|localhost):(8000|\d{5})\b")
MACHINE_PATHS = {
    "/path/to/clone": "",
    "/opt/urdupoint-news": "",
    "/srv/": "/srv/",
    "/tmp/": "/tmp/",
}


def substituted(command: str, sandbox: Path, base_url: str) -> str:
    """The command as it runs offline: a mirror address is the test's sample site, machine
    paths are inside the sandbox."""
    command = MIRROR_ADDRESS.sub(base_url, command)
    paths = "|".join(re.escape(path) for path in MACHINE_PATHS)
    return re.sub(
        rf"(?<![\w/.])({paths})", lambda found: f"{sandbox}{MACHINE_PATHS[found[1]]}", command
    )


def run(command: str, sandbox: Path, base_url: str) -> subprocess.CompletedProcess[str]:
    for directory in ("srv", "tmp"):
        (sandbox / directory).mkdir(exist_ok=True)
    return subprocess.run(
        ["sh", "-ec", substituted(command, sandbox, base_url)],
        cwd=sandbox,
        env=environment(sandbox, base_url),
        capture_output=True,
        text=True,
        errors="backslashreplace",
        stdin=subprocess.DEVNULL,
        timeout=240,
        check=False,
    )


# --- output -----------------------------------------------------------------------------------


def _line_pattern(shown: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in shown.strip().split("...")]
    return re.compile(r"\s*" + ".*".join(parts) + r"\s*")


def missing_lines(shown: list[str], output: str) -> list[str]:
    """The lines shown in a doc that the output lacks: each must match a later output line
    (``...`` stands for any text), in order."""
    lines = output.splitlines()
    position, missing = 0, []
    for shown_line in shown:
        if shown_line.strip() in ("", "..."):
            continue
        pattern = _line_pattern(shown_line)
        for index in range(position, len(lines)):
            if pattern.fullmatch(lines[index]):
                position = index + 1
                break
        else:
            missing.append(shown_line)
    return missing
