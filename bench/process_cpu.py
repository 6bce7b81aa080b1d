"""CPU time of processes from /proc: our servers' and PostgreSQL's, for the benchmarks."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (threads included)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()  # fields from the third on (state, ppid, ...)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants (uvicorn's workers, PostgreSQL's
    backends)."""
    total = cpu_seconds(pid)
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += tree_cpu_seconds(int(child))
    return total


def postmaster_pid(database_url: str) -> int | None:
    """The postmaster of the cluster at ``database_url``'s port (its backends are its
    children), if it runs on this machine."""
    port = database_url.rsplit(":", 1)[1].split("/", 1)[0]
    wanted = f"-p {port} "
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if command.split(" ", 1)[0].endswith("/postgres") and wanted in command + " ":
                return int(entry.name)
    return None
