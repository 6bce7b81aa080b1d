"""CPU time of processes from /proc: our servers' and PostgreSQL's, for the benchmarks."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_seconds(stat_file: str) -> float:
    """User + system CPU time in a /proc ``stat`` file (a process's or one thread's)."""
    stat = Path(stat_file).read_text()
    fields = stat.rsplit(")", 1)[1].split()  # fields from the third on (state, ppid, ...)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (threads included)."""
    return _stat_seconds(f"/proc/{pid}/stat")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants (uvicorn's workers, PostgreSQL's
    backends)."""
    return cpu_seconds(pid) + sum(tree_cpu_seconds(child) for child in children(pid))


def postmaster_pid(database_url: str) -> int | None:
    """The postmaster of the cluster at ``database_url``'s port (its backends are its
    children), if it runs on this machine."""
    port = database_url.rsplit(":", 1)[1].split("/", 1)[0]
    wanted = f"-p {port} "
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        command = command_line(int(entry.name))
        if command.split(" ", 1)[0].endswith("/postgres") and wanted in command + " ":
            return int(entry.name)
    return None


def children(pid: int) -> list[int]:
    """The direct children of a process (of its main thread; Python starts them there)."""
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    return ""


def main_thread_cpu_seconds(pid: int) -> float:
    """CPU time of a process's main thread only (a server's event loop; the rest of the
    process is its worker threads, argon2 here)."""
    return _stat_seconds(f"/proc/{pid}/task/{pid}/stat")


def machine_seconds() -> tuple[float, float, float]:
    """(busy, idle, interrupts) CPU seconds of the whole machine so far, all cores summed,
    from /proc/stat; waiting for I/O counts as idle, steal as busy (not ours to use).
    Interrupts (hard and soft, e.g. loopback packets) are part of busy and, where the kernel
    accounts them apart, of no process's time."""
    with Path("/proc/stat").open() as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is inside user already)
    idle = values[3] + values[4]
    busy = sum(values[:8]) - idle
    return busy / CLOCK_TICKS, idle / CLOCK_TICKS, (values[5] + values[6]) / CLOCK_TICKS


def established_connections(pids: list[int], port: int) -> list[int]:
    """How many established TCP connections to local ``port`` each process holds (from
    /proc/<pid>/fd and /proc/net/tcp): how uvicorn's workers shared the clients."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), Path(table).open() as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                    inodes.add(fields[9])
    counts = []
    for pid in pids:
        held = 0
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    held += target.startswith("socket:[") and target[8:-1] in inodes
        counts.append(held)
    return counts
