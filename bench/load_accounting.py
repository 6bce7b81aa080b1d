"""Where the machine's CPU went during a phase of bench/load.py, and what that allows.

Every phase records the CPU seconds of each party from /proc: the server's workers (their
event loops, i.e. main threads, apart from their other threads, which run the login
stream's argon2 checks), uvicorn's supervisor, PostgreSQL's processes, the load generator
(this process, the login client and any wait sampler included), the kernel's interrupts
(loopback packets, where the kernel counts them apart from the processes), everything else
on the machine (other sessions) and the idle time, from /proc/stat. Their
sum is the cores × the phase's length.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from bench.process_cpu import (
    children,
    command_line,
    cpu_seconds,
    machine_seconds,
    main_thread_cpu_seconds,
    tree_cpu_seconds,
)

LOOPS = "server event loops"
THREADS = "server threads (argon2)"
SUPERVISOR = "uvicorn supervisor"
POSTGRES = "PostgreSQL"
GENERATOR = "load generator"
INTERRUPTS = "kernel interrupts"
ELSE = "everything else"
IDLE = "idle"
PARTIES = (LOOPS, THREADS, SUPERVISOR, POSTGRES, GENERATOR, INTERRUPTS, ELSE, IDLE)
PER_REQUEST = (LOOPS, SUPERVISOR, POSTGRES, GENERATOR, INTERRUPTS)
"""The parties whose work grows with the requests served; the others (the login stream's
argon2, other sessions) take cores whatever the throughput."""


def worker_pids(pid: int) -> list[int]:
    """The processes that serve requests: uvicorn's workers under a supervisor, or the
    server process itself when it has no worker children."""
    workers = [c for c in children(pid) if "resource_tracker" not in command_line(c)]
    return workers or [pid]


@dataclass
class CpuAccount:
    """CPU seconds per party over ``wall`` seconds of phases."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTIES, 0.0))
    wall: float = 0.0
    per_worker: list[float] = field(default_factory=list)
    """CPU seconds of each worker process (loop and threads), to see how evenly uvicorn's
    workers shared the connections."""

    def add(self, other: CpuAccount) -> None:
        for party, value in other.seconds.items():
            self.seconds[party] += value
        self.wall += other.wall
        self.per_worker = [
            mine + theirs
            for mine, theirs in itertools.zip_longest(
                self.per_worker, other.per_worker, fillvalue=0.0
            )
        ]

    def server(self) -> float:
        return self.seconds[LOOPS] + self.seconds[THREADS] + self.seconds[SUPERVISOR]

    def cores(self, party: str) -> float:
        return self.seconds[party] / self.wall if self.wall else 0.0

    def table(self, served: int) -> dict[str, dict[str, float]]:
        return {
            party: {
                "cpu_s": round(value, 2),
                "cores": round(self.cores(party), 3),
                "ms_per_request": round(value * 1000 / max(1, served), 3),
            }
            for party, value in self.seconds.items()
        }

    def line(self) -> str:
        shares = ", ".join(f"{party} {self.cores(party):.2f}" for party in PARTIES)
        workers = " + ".join(f"{value / self.wall:.2f}" for value in self.per_worker)
        return f"cores: {shares}; each worker: {workers}"


@dataclass(frozen=True)
class CpuSnapshot:
    at: float
    busy: float
    idle: float
    interrupts: float
    parties: dict[str, float]
    per_worker: list[float]

    def minus(self, before: CpuSnapshot) -> CpuAccount:
        seconds = {party: self.parties[party] - before.parties[party] for party in self.parties}
        busy = self.busy - before.busy
        seconds[INTERRUPTS] = self.interrupts - before.interrupts
        seconds[ELSE] = max(0.0, busy - sum(seconds.values()))
        seconds[IDLE] = self.idle - before.idle
        per_worker = [
            now - then for now, then in zip(self.per_worker, before.per_worker, strict=True)
        ]
        return CpuAccount(seconds, self.at - before.at, per_worker)


def cpu_snapshot(server: int, workers: list[int], postgres: int | None) -> CpuSnapshot:
    per_worker = [cpu_seconds(pid) for pid in workers]
    loops = sum(main_thread_cpu_seconds(pid) for pid in workers)
    threads = sum(per_worker) - loops
    supervisor = 0.0
    if workers != [server]:
        supervisor = cpu_seconds(server) + sum(
            tree_cpu_seconds(child) for child in children(server) if child not in workers
        )
    busy, idle, interrupts = machine_seconds()
    parties = {
        LOOPS: loops,
        THREADS: threads,
        SUPERVISOR: supervisor,
        POSTGRES: tree_cpu_seconds(postgres) if postgres else 0.0,
        GENERATOR: time.process_time(),
    }
    return CpuSnapshot(time.perf_counter(), busy, idle, interrupts, parties, per_worker)


def machine_cores() -> int:
    return len(os.sched_getaffinity(0))


def ratio_bound(
    one_rate: float, one: CpuAccount, one_served: int, several: CpuAccount, several_served: int
) -> dict[str, object]:
    """The highest throughput ratio the second server could reach on this machine if it used
    every core that the measured per-request CPU of all parties leaves, divided by the
    throughput one worker had."""
    cores = machine_cores()

    def capacity(account: CpuAccount, served: int, fixed_parties: tuple[str, ...]) -> float:
        per_request = sum(account.seconds[p] for p in PER_REQUEST) / max(1, served)
        fixed = sum(account.cores(p) for p in fixed_parties)
        return (cores - fixed) / per_request if per_request else 0.0

    return {
        "how": f"({cores} cores - argon2 cores - everything else's cores) / (CPU per request "
        "of the server's loops and supervisor + PostgreSQL + the load generator + interrupts),"
        " divided by the one worker's requests/s",
        "bound_at_several_workers_costs": round(
            capacity(several, several_served, (THREADS, ELSE)) / one_rate, 3
        ),
        "bound_at_one_worker_costs": round(
            capacity(one, one_served, (THREADS, ELSE)) / one_rate, 3
        ),
    }


class WaitSampler:
    """Samples what PostgreSQL's client backends are doing (pg_stat_activity) every
    ``interval`` seconds in a thread, while a phase runs: on CPU, or waiting for what."""

    QUERY = (
        "SELECT state, coalesce(wait_event_type || '/' || wait_event, 'on CPU')"
        " FROM pg_stat_activity WHERE backend_type = 'client backend'"
        " AND datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"
    )

    def __init__(self, database_url: str, interval: float = 0.05) -> None:
        self.url = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._counts: dict[str, int] = defaultdict(int)

    def start(self) -> None:
        self._stop.clear()
        self._counts = defaultdict(int)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> dict[str, int]:
        self._stop.set()
        if self._thread:
            self._thread.join()
        return dict(self._counts)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self._stop.wait(self.interval):
                for state, wait in connection.execute(self.QUERY).fetchall():
                    self._counts[f"{state}: {wait}"] += 1
