"""Load: 50 clients reading and writing preferences while logins keep running, against
consent-server and a bare FastAPI baseline doing the same essential work, interleaved.

Usage:
    uv run python bench/load.py --database sqlite --think-ms 0      # saturation, the ratio
    uv run python bench/load.py --database sqlite --think-ms 1000   # 50 people, p99
    uv run python bench/load.py --database postgres --no-baseline
    uv run python bench/load.py --database postgres --workers 2 --no-baseline --think-ms 0

Two real server processes on loopback, each one uvicorn worker: `consent-server serve` (on
SQLite or PostgreSQL) and `bench/baseline_server.py` (bare FastAPI + sqlite3, WAL). Each
simulated client is a registered account with its own session; it loops GET / PUT (70 % /
30 %) on its own preferences, pausing --think-ms on average (exponential) between requests
(0 measures saturation). Alongside, one login stream logs in at --logins-per-second (argon2id
verify each time) against the same server.

With --workers N (PostgreSQL only) a second consent-server with N worker processes runs on
the same database and the same accounts; one worker and N workers are measured in turns and
the throughput ratio N / 1 is printed (CPU counted over each server's whole process tree).
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
from bench.process_cpu import postmaster_pid, tree_cpu_seconds  # noqa: E402
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
    cpu: float = 0.0
    database_cpu: float = 0.0

    def add(self, other: Recorder) -> None:
        for operation, samples in other.samples.items():
            self.samples[operation].extend(samples)
        for kind, count in other.errors.items():
            self.errors[kind] += count
        self.seconds += other.seconds
        self.cpu += other.cpu
        self.database_cpu += other.database_cpu

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
        result["errors"] = dict(self.errors)
        return result

    def requests(self) -> int:
        return sum(len(samples) for samples in self.samples.values())


async def client_loop(
    target: Target, token: str, subject: str, until: float, recorder: Recorder, think: float
) -> None:
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


async def phase(target: Target, seconds: float, think: float, logins_per_second: float) -> Recorder:
    recorder = Recorder()
    postgres = postgres_pid()
    database_before = tree_cpu_seconds(postgres) if postgres else 0.0
    cpu_before, started = tree_cpu_seconds(target.pid), time.perf_counter()
    until = started + seconds
    tasks = [
        client_loop(target, token, subject, until, recorder, think)
        for token, subject in target.sessions
    ]
    if logins_per_second > 0:
        tasks.append(login_loop(target, until, recorder, 1 / logins_per_second))
    await asyncio.gather(*tasks)
    recorder.seconds = time.perf_counter() - started
    recorder.cpu = tree_cpu_seconds(target.pid) - cpu_before
    if postgres:
        recorder.database_cpu = tree_cpu_seconds(postgres) - database_before
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
    args = parser.parse_args()
    if args.workers > 1 and args.database != "postgres":
        parser.error("--workers above 1 needs --database postgres")
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
        totals = {target.name: Recorder() for target in targets}
        for round_number in range(args.rounds):
            order = targets if round_number % 2 == 0 else targets[::-1]
            for target in order:
                measured = asyncio.run(
                    phase(target, args.seconds, args.think_ms / 1000, args.logins_per_second)
                )
                totals[target.name].add(measured)
    result: dict[str, object] = {
        "database": args.database + (" (no fsync)" if args.no_fsync else ""),
        "clients": args.clients,
        "think_ms": args.think_ms,
        "logins_per_second": args.logins_per_second,
        "seconds": args.seconds * args.rounds,
        **{name: recorder.summary() for name, recorder in totals.items()},
    }
    several_name = f"consent_{args.workers}_workers"
    if several_name in totals:
        one, several_totals = totals["consent"], totals[several_name]
        result["workers_ratio"] = round(
            (several_totals.requests() / several_totals.seconds) / (one.requests() / one.seconds),
            3,
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


if __name__ == "__main__":
    main()
