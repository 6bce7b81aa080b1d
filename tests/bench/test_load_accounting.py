"""The load benchmark's CPU accounting: who used the cores, and the bound it allows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import load_accounting
from bench.load_accounting import (
    ELSE,
    GENERATOR,
    IDLE,
    INTERRUPTS,
    LOOPS,
    POSTGRES,
    SUPERVISOR,
    THREADS,
    CpuAccount,
    CpuSnapshot,
    cpu_snapshot,
    ratio_bound,
    worker_pids,
)
from bench.process_cpu import established_connections

BURN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"


def spawn(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code])


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """A process with two children, like uvicorn's supervisor and workers: once the file
    ``go`` exists one burns 0.4 s of CPU in its main thread, the other 0.4 s in a second
    thread; each then writes ``done-<n>`` and sleeps."""

    def child(number: int, in_thread: bool) -> str:
        burn = BURN.format(seconds=0.4)
        if in_thread:
            burn = f"import threading\nt = threading.Thread(target=exec, args=({burn!r},))\n"
            burn += "t.start(); t.join()\n"
        return (
            "import pathlib, time\n"
            f"folder = pathlib.Path({str(tmp_path)!r})\n"
            "while not (folder / 'go').exists(): time.sleep(0.01)\n"
            f"{burn}(folder / 'done-{number}').touch()\ntime.sleep(60)\n"
        )

    code = (
        "import subprocess, sys, time\n"
        f"a = subprocess.Popen([sys.executable, '-c', {child(0, False)!r}])\n"
        f"b = subprocess.Popen([sys.executable, '-c', {child(1, True)!r}])\n"
        "time.sleep(60)\n"
    )
    process = spawn(code)
    try:
        yield process, tmp_path
    finally:
        for pid in worker_pids(process.pid):
            subprocess.run(["kill", str(pid)], check=False)
        process.kill()
        process.wait()


def both_children(process: subprocess.Popen[bytes]) -> list[int]:
    deadline = time.monotonic() + 30
    while len(worker_pids(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return worker_pids(process.pid)


def test_the_workers_are_the_children_and_a_lone_process_is_its_own_worker(
    supervisor: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, _ = supervisor
    workers = both_children(process)
    assert len(workers) == 2 and process.pid not in workers
    lone = spawn("import time; time.sleep(60)")
    try:
        assert worker_pids(lone.pid) == [lone.pid]
    finally:
        lone.kill()
        lone.wait()


def test_cpu_of_an_event_loop_and_of_its_threads_is_told_apart(
    supervisor: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, folder = supervisor
    workers = both_children(process)
    time.sleep(0.5)  # both started and waiting for the file
    before = cpu_snapshot(process.pid, workers, None)
    (folder / "go").touch()
    deadline = time.monotonic() + 60  # a busy machine may give each little of a core
    while not all((folder / f"done-{n}").exists() for n in (0, 1)):
        assert time.monotonic() < deadline, "the children did not finish burning"
        time.sleep(0.05)
    account = cpu_snapshot(process.pid, workers, None).minus(before)
    assert account.seconds[LOOPS] == pytest.approx(0.4, abs=0.15)
    assert account.seconds[THREADS] == pytest.approx(0.4, abs=0.15)
    assert account.seconds[SUPERVISOR] < 0.1
    assert account.per_worker == [pytest.approx(0.4, abs=0.15)] * 2
    assert account.seconds[POSTGRES] == 0.0
    assert account.wall > 0.4


def snapshot(
    at: float, busy: float, idle: float, interrupts: float, **parties: float
) -> CpuSnapshot:
    names = {"loops": LOOPS, "threads": THREADS, "postgres": POSTGRES, "generator": GENERATOR}
    values = dict.fromkeys((LOOPS, THREADS, SUPERVISOR, POSTGRES, GENERATOR), 0.0)
    values |= {names[name]: value for name, value in parties.items()}
    return CpuSnapshot(at, busy, idle, interrupts, values, [values[LOOPS] + values[THREADS]])


def test_what_no_party_used_is_everything_else_and_idle_comes_from_the_machine() -> None:
    before = snapshot(100, busy=50, idle=20, interrupts=1, loops=5, threads=1, postgres=2)
    after = snapshot(
        110, busy=66, idle=24, interrupts=2, loops=11, threads=2, postgres=5, generator=1
    )
    account = after.minus(before)
    assert account.wall == 10
    assert account.seconds[LOOPS] == 6 and account.seconds[THREADS] == 1
    assert account.seconds[POSTGRES] == 3 and account.seconds[GENERATOR] == 1
    assert account.seconds[INTERRUPTS] == 1
    assert account.seconds[ELSE] == 16 - 6 - 1 - 3 - 1 - 1
    assert account.seconds[IDLE] == 4
    assert account.per_worker == [7]
    assert account.cores(LOOPS) == pytest.approx(0.6)


def test_the_bound_is_the_cores_left_over_the_cpu_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(load_accounting, "machine_cores", lambda: 2)
    one = CpuAccount(dict.fromkeys(load_accounting.PARTIES, 0.0), wall=10)
    one.seconds |= {LOOPS: 4.0, POSTGRES: 1.0, GENERATOR: 1.0, THREADS: 2.0, ELSE: 1.0}
    several = CpuAccount(dict.fromkeys(load_accounting.PARTIES, 0.0), wall=10)
    several.seconds |= {LOOPS: 6.0, POSTGRES: 1.5, GENERATOR: 1.5, THREADS: 3.0, ELSE: 2.0}
    # one worker: 2,000 requests in 10 s (200/s); two: 2,500 requests in 10 s
    bound = ratio_bound(200, one, 2000, several, 2500)
    # two workers: 9 s of CPU per 2,500 requests = 3.6 ms; argon2 0.3 cores, others 0.2:
    # (2 - 0.5) / 3.6 ms = 416.7 requests/s, against 200
    assert bound["bound_at_several_workers_costs"] == pytest.approx(2.083, abs=0.001)
    # one worker's costs: 3 ms per request; argon2 0.2, others 0.1: 1.7 / 3 ms = 566.7
    assert bound["bound_at_one_worker_costs"] == pytest.approx(2.833, abs=0.001)


def test_the_connections_a_process_accepted_on_a_port_are_counted() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        accepted = [server.accept()[0] for _ in range(2)]  # the third waits in the backlog
        try:
            assert established_connections([os.getpid()], port) == [2]
            accepted.pop().close()
            assert established_connections([os.getpid()], port) == [1]
        finally:
            for connection in clients + accepted:
                connection.close()
