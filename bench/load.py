"""Load: 50 clients reading and writing preferences while logins keep running, against
consent-server and a bare FastAPI baseline doing the same essential work, interleaved.

Usage:
    uv run python bench/load.py --database sqlite --think-ms 0      # saturation, the ratio
    uv run python bench/load.py --database sqlite --think-ms 1000   # 50 people, p99
    uv run python bench/load.py --database postgres --no-baseline
    uv run python bench/load.py --database postgres --workers 2 --no-baseline --think-ms 0
    uv run python bench/load.py --database postgres --workers 2 --no-baseline --think-ms 0 \
        --cpu-per-worker 0.2 --logins-per-second 0 --stagger-ms 10 --sample-waits

Two real server processes on loopback, each one uvicorn worker: `consent-server serve` (on
SQLite or PostgreSQL) and `bench/baseline_server.py` (bare FastAPI + sqlite3, WAL). Each
simulated client is a registered account with its own session; it loops GET / PUT (70 % /
30 %) on its own preferences, pausing --think-ms on average (exponential) between requests
(0 measures saturation). Alongside, one login stream logs in at --logins-per-second (argon2id
verify each time) against the same server.

With --workers N (PostgreSQL only) a second consent-server with N worker processes runs on
the same database and the same accounts; one worker and N workers are measured in turns and
the throughput ratio N / 1 is printed, with the bound on it that the measured CPU allows.
Every phase accounts for the machine's cores (bench/load_accounting.py): the server's event
loops and its argon2 threads, uvicorn's supervisor, PostgreSQL, this load generator, the
kernel's interrupts, everything else (other sessions) and the idle time; and counts the
clients' connections each worker holds. --cpu-per-worker puts each worker into a cgroup
with that CPU quota (bench/cpu_quota.py), so that the server and not the machine is the
limit; --stagger-ms opens the clients' connections one after another (a burst tends to land
on one worker); --sample-waits samples what PostgreSQL's backends wait for.
With --compare-source DIR a one-worker server run from another source tree (an export of an
older commit) is measured in the same turns, on the same database, and the ratio printed:
before and after on a shared machine, under the same noise.

The servers are measured in turns (--rounds rounds of --seconds each, the order alternating),
so machine noise hits both alike. The load generator (bench/raw_http.py: raw asyncio HTTP/1.1
keep-alive) costs little CPU, but it shares the two cores with the server. Besides latency
and throughput it prints the server's CPU milliseconds per request (user + system time from
/proc/<pid>/stat over the phase, logins included), the figure that survives a noisy machine,
and the throughput ratio consent-server / baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import baseline_server  # noqa: E402
from bench.cpu_quota import (  # noqa: E402
    CpuQuotas,
    QuotaUnavailable,
    cpu_quotas,
    find_controller,
)
from bench.load_accounting import (  # noqa: E402
    IDLE,
    PARTIES,
    CpuAccount,
    WaitSampler,
    cpu_snapshot,
    machine_cores,
    ratio_bound,
    worker_pids,
)
from bench.process_cpu import established_connections, postmaster_pid  # noqa: E402
from bench.raw_http import Connection  # noqa: E402
from bench.server_process import RunningServer, running_server  # noqa: E402
from tests.support.ports import free_port  # noqa: E402

PASSPHRASE = "a long and unusual bench passphrase"  # noqa: S105 - a throwaway bench account


@dataclass
class Target:
    name: str
    port: int
    pid: int
    sessions: list[tuple[str, str]]  # (access token, subject id)
    login_username: str


DATABASE_URL: list[str] = []  # the benchmark's own PostgreSQL cluster, once started


def postgres_pid() -> int | None:
    """The benchmark cluster's postmaster, if any."""
    return postmaster_pid(DATABASE_URL[0]) if DATABASE_URL else None


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0
    account: CpuAccount = field(default_factory=CpuAccount)
    waits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    connections: list[list[int]] = field(default_factory=list)
    """Per phase: the clients' connections each server worker held halfway through."""
    throttled: tuple[int, int] = (0, 0)
    """Under --cpu-per-worker: (periods the workers ran, periods their quota stopped them),
    summed over the workers."""

    @property
    def cpu(self) -> float:
        """The server's CPU seconds: its workers (loops and threads) and supervisor."""
        return self.account.server()

    @property
    def database_cpu(self) -> float:
        return self.account.seconds["PostgreSQL"]

    def add(self, other: Recorder) -> None:
        for operation, samples in other.samples.items():
            self.samples[operation].extend(samples)
        for kind, count in other.errors.items():
            self.errors[kind] += count
        for wait, count in other.waits.items():
            self.waits[wait] += count
        self.seconds += other.seconds
        self.account.add(other.account)
        self.connections.extend(other.connections)
        self.throttled = (
            self.throttled[0] + other.throttled[0],
            self.throttled[1] + other.throttled[1],
        )

    def summary(self) -> dict[str, object]:
        result: dict[str, object] = {}
        for operation, samples in sorted(self.samples.items()):
            result[operation] = {
                "count": len(samples),
                "per_second": round(len(samples) / self.seconds, 1),
                "p50_ms": round(statistics.median(samples) * 1000, 1),
                "p99_ms": round(percentile(samples, 0.99) * 1000, 1),
                "max_ms": round(max(samples) * 1000, 1),
            }
        served = self.requests()
        result["requests_per_second"] = round(served / self.seconds, 1)
        result["cpu_ms_per_request"] = round(self.cpu * 1000 / max(1, served), 2)
        if self.database_cpu:
            per_request = self.database_cpu * 1000 / max(1, served)
            result["postgres_cpu_ms_per_request"] = round(per_request, 2)
        result["cpu_accounting"] = self.account.table(served)
        result["cores_of_each_worker"] = [
            round(value / self.account.wall, 3) for value in self.account.per_worker
        ]
        result["connections_of_each_worker_per_phase"] = self.connections
        if self.waits:
            result["postgres_backends_sampled"] = self.wait_shares()
        if self.throttled[0]:
            result["share_of_periods_stopped_by_the_quota"] = round(
                self.throttled[1] / self.throttled[0], 3
            )
        result["errors"] = dict(self.errors)
        return result

    def wait_shares(self) -> dict[str, float]:
        """What PostgreSQL's backends were doing when sampled, as a share of the samples."""
        total = sum(self.waits.values())
        ordered = sorted(self.waits.items(), key=lambda item: -item[1])
        return {wait: round(count / total, 3) for wait, count in ordered}

    def requests(self) -> int:
        return sum(len(samples) for samples in self.samples.values())


async def client_loop(
    target: Target,
    token: str,
    subject: str,
    until: float,
    recorder: Recorder,
    think: float,
    delay: float = 0.0,
) -> None:
    await asyncio.sleep(delay)  # clients that arrive one after another, not all at once
    connection = Connection("127.0.0.1", target.port)
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/v1/subjects/{subject}/preferences"
    rng = random.Random(subject)
    version = -1
    try:
        while time.perf_counter() < until:
            if think:  # a person between two screens: exponential pause with this mean
                await asyncio.sleep(rng.expovariate(1 / think))
            if version < 0 or rng.random() < 0.7:
                operation = "read"
                start = time.perf_counter()
                response = await connection.request("GET", path, headers)
            else:
                body = {
                    "inform": rng.choice(["yes", "no", "undecided"]),
                    "channels": [{"kind": "email", "address": f"{subject[:8]}@example.org"}],
                }
                write_headers = {
                    **headers,
                    "If-Match": f'"{version}"',
                    "Idempotency-Key": f"{subject}-{version}-{rng.random()}",
                }
                operation = "write"
                start = time.perf_counter()
                response = await connection.request("PUT", path, write_headers, body)
            recorder.samples[operation].append(time.perf_counter() - start)
            if response.status == 200:
                version = int(response.headers["etag"].strip('"'))
            else:
                recorder.errors[f"{operation} {response.status}"] += 1
                version = -1
    finally:
        await connection.close()


async def count_connections(
    target: Target, workers: list[int], after: float, recorder: Recorder
) -> None:
    await asyncio.sleep(after)
    recorder.connections.append(established_connections(workers, target.port))


async def login_loop(target: Target, until: float, recorder: Recorder, interval: float) -> None:
    connection = Connection("127.0.0.1", target.port)
    body = {"username": target.login_username, "passphrase": PASSPHRASE}
    try:
        while time.perf_counter() < until:
            start = time.perf_counter()
            response = await connection.request("POST", "/v1/sessions", None, body)
            recorder.samples["login"].append(time.perf_counter() - start)
            if response.status != 201:
                recorder.errors[f"login {response.status}"] += 1
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - start)))
    finally:
        await connection.close()


async def phase(
    target: Target,
    seconds: float,
    think: float,
    logins_per_second: float,
    sampler: WaitSampler | None = None,
    stagger: float = 0.0,
) -> Recorder:
    recorder = Recorder()
    postgres = postgres_pid()
    workers = worker_pids(target.pid)
    before = cpu_snapshot(target.pid, workers, postgres)
    if sampler:
        sampler.start()
    started = time.perf_counter()
    until = started + seconds
    tasks = [
        client_loop(target, token, subject, until, recorder, think, number * stagger)
        for number, (token, subject) in enumerate(target.sessions)
    ]
    tasks.append(count_connections(target, workers, seconds / 2, recorder))
    if logins_per_second > 0:
        tasks.append(login_loop(target, until, recorder, 1 / logins_per_second))
    await asyncio.gather(*tasks)
    recorder.seconds = time.perf_counter() - started
    recorder.account = cpu_snapshot(target.pid, workers, postgres).minus(before)
    if sampler:
        recorder.waits = sampler.stop()
    return recorder


def seed_consent(server: RunningServer, count: int) -> list[tuple[str, str]]:
    """Records and codes straight in the database, then register and log in over HTTP."""
    import httpx

    from consent_server import admin
    from consent_server.settings import ServerSettings

    settings = ServerSettings(
        database_url=server.env["CONSENT_DATABASE_URL"],
        data_key=server.env["CONSENT_DATA_KEY"],  # type: ignore[arg-type]
    )
    with admin.connect(settings) as db:
        codes = []
        for number in range(count):
            subject = admin.create_subject(db, settings, reference=f"LOAD-{number}")
            codes.append(admin.issue_activation_code(db, settings, subject.id).code)
    sessions = []
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        for number, code in enumerate(codes):
            username = f"load-user-{number}"
            credentials = {"username": username, "passphrase": PASSPHRASE}
            http.post(
                "/v1/registrations", json={"activation_code": code, **credentials}
            ).raise_for_status()
            login = http.post("/v1/sessions", json=credentials)
            login.raise_for_status()
            token = login.json()["access_token"]
            me = http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
            sessions.append((token, me["subjects"][0]["subject_id"]))
    return sessions


@contextlib.contextmanager
def consent_database(kind: str, durable: bool = True) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/load.db"
    else:
        from tests.support.pg_cluster import throwaway_cluster

        with throwaway_cluster(durable=durable) as url:
            DATABASE_URL.append(url)
            yield url


@contextlib.contextmanager
def baseline_target(clients: int) -> Iterator[Target]:
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/baseline.db"
        accounts = baseline_server.seed(path, clients, PASSPHRASE)
        port = free_port()
        command = [sys.executable, str(ROOT / "bench" / "baseline_server.py")]
        proc = subprocess.Popen(
            [*command, "--database", path, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                    break
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the baseline server did not start")
                time.sleep(0.05)
            sessions = [(a.token, a.subject_id) for a in accounts]
            yield Target("baseline", port, proc.pid, sessions, accounts[0].username)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def limit_workers(quotas: CpuQuotas, target: Target, cores: float) -> None:
    """Each worker of ``target`` in a control group of its own (again before every phase,
    in case uvicorn replaced a worker)."""
    for number, pid in enumerate(worker_pids(target.pid)):
        quotas.limit(f"{target.name}-{number}", pid, cores)


def throttled_periods(
    quotas: CpuQuotas, target: Target, before: dict[str, tuple[int, int]]
) -> tuple[int, int]:
    """(periods run, periods the quota stopped) of ``target``'s workers since ``before``."""
    periods = stopped = 0
    for name, (ran, held) in quotas.throttled().items():
        if name.startswith(f"{target.name}-"):
            ran_before, held_before = before.get(name, (0, 0))
            periods, stopped = periods + ran - ran_before, stopped + held - held_before
    return periods, stopped


def report_phase(round_number: int, target: Target, measured: Recorder) -> None:
    """One line per phase on stderr: throughput, load and the cores each party used."""
    rate = measured.requests() / measured.seconds
    line = (
        f"round {round_number + 1} {target.name}: {rate:.0f} requests/s, "
        f"load {os.getloadavg()[0]:.1f}; {measured.account.line()}; connections of each "
        f"worker halfway: {' + '.join(map(str, measured.connections[0]))}"
    )
    periods, stopped = measured.throttled
    if periods:
        line += f"; the quota stopped the workers in {stopped} of {periods} periods"
    print(line, file=sys.stderr, flush=True)


def workers_summary(one: Recorder, several: Recorder, workers: int) -> str:
    """In words: each server's throughput and where the machine's cores went meanwhile."""

    def described(name: str, recorder: Recorder) -> str:
        account = recorder.account
        parties = ", ".join(
            f"{party} {account.cores(party):.2f}" for party in PARTIES if party != IDLE
        )
        return (
            f"{name}: {recorder.requests() / recorder.seconds:.0f} requests/s, the machine "
            f"{account.cores(IDLE) / machine_cores():.0%} idle; cores used: {parties}"
        )

    lines = [described("one worker", one), described(f"{workers} workers", several)]
    one_rate = one.requests() / one.seconds
    ratio = several.requests() / several.seconds / one_rate
    lines.append(f"ratio {ratio:.2f}")
    if not several.throttled[0]:
        bound = ratio_bound(
            one_rate, one.account, one.requests(), several.account, several.requests()
        )
        lines[-1] += (
            f"; the most the second server could reach with every core the measured CPU per "
            f"request leaves: {bound['bound_at_several_workers_costs']}x "
            f"({bound['bound_at_one_worker_costs']}x if a second worker cost no more CPU per "
            "request than one)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10, help="length of one phase")
    parser.add_argument("--rounds", type=int, default=3, help="phases per server")
    parser.add_argument("--logins-per-second", type=float, default=4)
    parser.add_argument(
        "--think-ms",
        type=float,
        default=1000,
        help="mean pause of each client between requests (0: as fast as possible)",
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--workers", type=int, default=1, help="also measure a server with this many workers"
    )
    parser.add_argument(
        "--compare-source",
        metavar="DIR",
        help="also measure a one-worker consent-server run from this source tree (an export "
        "of an older commit) on the same database and accounts, in turns with the others",
    )
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="PostgreSQL without fsync: shows how much of the time is waiting for commits",
    )
    parser.add_argument(
        "--cpu-per-worker",
        type=float,
        metavar="CORES",
        help="put each server worker process into a control group of its own allowed this "
        "many cores (cgroup cpu quota), so that the server and not the machine is the limit",
    )
    parser.add_argument(
        "--sample-waits",
        action="store_true",
        help="sample PostgreSQL's backends (pg_stat_activity, every 50 ms) during each phase: "
        "on CPU or waiting for what (locks, WAL, the client)",
    )
    parser.add_argument(
        "--stagger-ms",
        type=float,
        default=0,
        help="open the clients' connections this far apart at the start of each phase "
        "(0: all at once; uvicorn's workers share one listening socket, and one worker "
        "woken by a burst may accept every connection of it)",
    )
    args = parser.parse_args()
    if args.workers > 1 and args.database != "postgres":
        parser.error("--workers above 1 needs --database postgres")
    if args.sample_waits and args.database != "postgres":
        parser.error("--sample-waits needs --database postgres")
    if args.cpu_per_worker is not None:
        if args.cpu_per_worker <= 0:
            parser.error("--cpu-per-worker needs a positive number of cores")
        try:
            find_controller()  # refuse now, not after starting PostgreSQL and seeding
        except QuotaUnavailable as error:
            parser.exit(2, f"{error}\n")
    extra = {
        "CONSENT_LOGIN_FAILURES_PER_USER": "100000",
        "CONSENT_LOGIN_ATTEMPTS_PER_CLIENT": "100000",
        "CONSENT_REGISTRATIONS_PER_CLIENT": "100000",
    }
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(consent_database(args.database, durable=not args.no_fsync))
        server = stack.enter_context(running_server(url, extra_env=extra))
        port = int(server.base_url.rsplit(":", 1)[1])
        sessions = seed_consent(server, args.clients)
        targets = [Target("consent", port, server.pid, sessions, "load-user-0")]
        if args.workers > 1:
            shared = {**extra, "CONSENT_DATA_KEY": server.env["CONSENT_DATA_KEY"]}
            several = stack.enter_context(
                running_server(url, extra_env=shared, workers=args.workers)
            )
            several_port = int(several.base_url.rsplit(":", 1)[1])
            name = f"consent_{args.workers}_workers"
            targets.append(Target(name, several_port, several.pid, sessions, "load-user-0"))
        if args.compare_source:
            older = {**extra, "CONSENT_DATA_KEY": server.env["CONSENT_DATA_KEY"]}
            source = Path(args.compare_source).resolve()
            compared = stack.enter_context(running_server(url, extra_env=older, source=source))
            compared_port = int(compared.base_url.rsplit(":", 1)[1])
            targets.append(Target("compared", compared_port, compared.pid, sessions, "load-user-0"))
        if not args.no_baseline:
            targets.append(stack.enter_context(baseline_target(args.clients)))
        quotas = None
        if args.cpu_per_worker is not None:
            try:
                quotas = stack.enter_context(cpu_quotas(f"consent-load-{os.getpid()}"))
            except QuotaUnavailable as error:
                parser.exit(2, f"{error}\n")
        sampler = WaitSampler(url) if args.sample_waits else None
        load_before = os.getloadavg()
        totals = {target.name: Recorder() for target in targets}
        for round_number in range(args.rounds):
            order = targets if round_number % 2 == 0 else targets[::-1]
            for target in order:
                if quotas:
                    limit_workers(quotas, target, args.cpu_per_worker)
                    throttled_before = quotas.throttled()
                measured = asyncio.run(
                    phase(
                        target,
                        args.seconds,
                        args.think_ms / 1000,
                        args.logins_per_second,
                        sampler,
                        args.stagger_ms / 1000,
                    )
                )
                if quotas:
                    measured.throttled = throttled_periods(quotas, target, throttled_before)
                report_phase(round_number, target, measured)
                totals[target.name].add(measured)
        load_after = os.getloadavg()
    result: dict[str, object] = {
        "database": args.database + (" (no fsync)" if args.no_fsync else ""),
        "clients": args.clients,
        "think_ms": args.think_ms,
        "logins_per_second": args.logins_per_second,
        "seconds": args.seconds * args.rounds,
        "cpu_per_worker": args.cpu_per_worker,
        "load_average_1_5_15": {
            "before": [round(v, 2) for v in load_before],
            "after": [round(v, 2) for v in load_after],
        },
        **{name: recorder.summary() for name, recorder in totals.items()},
    }
    several_name = f"consent_{args.workers}_workers"
    if several_name in totals:
        one, several_totals = totals["consent"], totals[several_name]
        one_rate = one.requests() / one.seconds
        result["workers_ratio"] = round(
            (several_totals.requests() / several_totals.seconds) / one_rate, 3
        )
        if args.cpu_per_worker is None:
            result["workers_ratio_bound"] = ratio_bound(
                one_rate,
                one.account,
                one.requests(),
                several_totals.account,
                several_totals.requests(),
            )
    if "compared" in totals:
        ours, theirs = totals["consent"], totals["compared"]
        result["compared_ratio"] = round(
            (ours.requests() / ours.seconds) / (theirs.requests() / theirs.seconds), 3
        )
    if "baseline" in totals:
        consent, baseline = totals["consent"], totals["baseline"]
        result["throughput_ratio"] = round(
            (consent.requests() / consent.seconds) / (baseline.requests() / baseline.seconds), 3
        )
    print(json.dumps(result, indent=2))
    if several_name in totals:
        print(
            workers_summary(totals["consent"], totals[several_name], args.workers), file=sys.stderr
        )


if __name__ == "__main__":
    main()
