"""Commands run without root's power to ignore file permissions.

The tests run as root here (and as a normal user elsewhere). Root reads and writes any file
whatever its mode, so "a read-only directory" or "a lock file owned by another user" would not
stop it. As root, ``unprivileged`` runs the command after dropping CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH from the capability bounding set (``prctl(PR_CAPBSET_DROP)``) of a small
wrapper process that then executes it: the command and its children keep uid 0 (so they can
still run the Python under /root) but file permissions apply to them as to any user. As a normal
user, nothing needs to change.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OTHER_UID = 65534  # "nobody": owns nothing of ours

_DROP_AND_EXEC = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
os.execv(sys.argv[1], sys.argv[1:])
"""


def unprivileged(command: list[str]) -> list[str]:
    """``command`` run so that file permissions apply to it."""
    if os.geteuid() != 0:
        return command
    return [sys.executable, "-c", _DROP_AND_EXEC, *command]


def owned_by_someone_else(path: Path) -> None:
    """Make ``path`` unreadable and unwritable for the user running the tests."""
    if os.geteuid() == 0:
        os.chown(path, OTHER_UID, OTHER_UID)
        path.chmod(0o600)
    else:
        path.chmod(0o000)
