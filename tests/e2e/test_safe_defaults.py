"""A crawl listens on no port (no telnet console, no RemoteControl HTTP server) and tells the site
who runs it (``URDUPOINT_CONTACT`` in the User-Agent)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from support.crawling import ROOT, crawl_command
from support.gated_mirror import GatedMirror
from urdupoint_news import __version__

LISTEN = "0A"  # the state of a listening socket in /proc/net/tcp


def listening_sockets(pid: int) -> set[str]:
    """The local addresses (hex, as /proc shows them) that process ``pid`` listens on."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except FileNotFoundError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == LISTEN and inode in inodes:
                found.add(f"{table} {local}")
    return found


def listening_mid_crawl(db: Path, **settings: str) -> tuple[set[str], int]:
    """What a ``scrapy crawl`` listens on while it runs (held at robots.txt), and its exit
    status once let go."""
    with GatedMirror() as site:
        command = crawl_command(
            "urdupoint_en", db, site.base_url, "categories=business", **settings
        )
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            assert site.asked.wait(timeout=180), "the crawl never asked for robots.txt"
            listening = listening_sockets(process.pid)
        finally:
            site.gate.set()
            status = process.wait(timeout=300)
    return listening, status


def test_a_crawl_listens_on_no_port_and_its_user_agent_names_the_contact(tmp_path):
    contact = "newsdesk@archive-team.pk"
    listening, status = listening_mid_crawl(tmp_path / "n.db", URDUPOINT_CONTACT=contact)
    assert listening == set()
    assert status == 0
    # What the site was sent: the request records of the page archive.
    agents = set()
    for warc in (tmp_path / "n.warc").glob("*.warc.gz"):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    agents.add(record.http_headers.get_header("User-Agent"))
    assert agents == {f"urdupoint-news/{__version__} (news archive crawler; +{contact})"}


def test_the_listener_check_sees_scrapy_s_servers_when_they_are_turned_on(tmp_path):
    listening, status = listening_mid_crawl(
        tmp_path / "n.db", REMOTE_CONTROL_ENABLED="True", TELNETCONSOLE_ENABLED="True"
    )
    assert len(listening) == 2, listening  # the HTTP server and the telnet console
    assert status == 0
