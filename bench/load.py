"""Load: 50 concurrent clients reading and writing preferences while logins keep running.

Usage:
    uv run python bench/load.py --database sqlite   [--clients 50 --seconds 20]
    uv run python bench/load.py --database postgres

A real `consent-server serve` process (one uvicorn worker) on loopback. Each simulated
client is a registered victim with its own session; it loops GET / PUT (70 % / 30 %) on its
own preferences, pausing --think-ms on average between requests (0 measures saturation: with
no pause, 50 clients queue and latency is simply 50 / throughput). Alongside, one login
stream logs in again and again (argon2id verify each time) so we can see that logins do not
stall other requests.
The driver is asyncio + httpx on the same 2 cores as the server, so the figures are
conservative. Everything stops after --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server_process import RunningServer, running_server  # noqa: E402

PASSPHRASE = "a long and unusual bench passphrase"  # noqa: S105 - a throwaway bench account


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def seed_codes(server: RunningServer, count: int) -> list[str]:
    """Create `count` victim records and codes directly in the server's database."""
    from consent_server import admin
    from consent_server.settings import ServerSettings

    settings = ServerSettings(
        database_url=server.env["CONSENT_DATABASE_URL"],
        data_key=server.env["CONSENT_DATA_KEY"],  # type: ignore[arg-type]
    )
    codes = []
    with admin.connect(settings) as db:
        for number in range(count):
            subject = admin.create_subject(db, settings, reference=f"LOAD-{number}")
            codes.append(admin.issue_activation_code(db, settings, subject.id))
    return codes


class Recorder:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    @contextlib.contextmanager
    def timed(self, operation: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.samples[operation].append(time.perf_counter() - start)

    def summary(self, seconds: float) -> dict[str, object]:
        result: dict[str, object] = {}
        for operation, samples in sorted(self.samples.items()):
            result[operation] = {
                "count": len(samples),
                "per_second": round(len(samples) / seconds, 1),
                "p50_ms": round(statistics.median(samples) * 1000, 1),
                "p99_ms": round(percentile(samples, 0.99) * 1000, 1),
                "max_ms": round(max(samples) * 1000, 1),
            }
        result["errors"] = dict(self.errors)
        return result


async def register_and_login(http: httpx.AsyncClient, code: str, number: int) -> tuple[str, str]:
    username = f"load-user-{number}"
    response = await http.post(
        "/v1/registrations",
        json={"activation_code": code, "username": username, "passphrase": PASSPHRASE},
    )
    response.raise_for_status()
    response = await http.post(
        "/v1/sessions", json={"username": username, "passphrase": PASSPHRASE}
    )
    response.raise_for_status()
    token = response.json()["access_token"]
    me = await http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    return token, me.json()["subjects"][0]["subject_id"]


async def client_loop(
    http: httpx.AsyncClient,
    token: str,
    subject: str,
    until: float,
    recorder: Recorder,
    think: float,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/v1/subjects/{subject}/preferences"
    version = 0
    rng = random.Random(subject)
    while time.perf_counter() < until:
        if think:  # a person between two screens: exponential pause with this mean
            await asyncio.sleep(rng.expovariate(1 / think))
        if rng.random() < 0.7:
            with recorder.timed("read"):
                response = await http.get(path, headers=headers)
            if response.status_code == 200:
                version = response.json()["version"]
            else:
                recorder.errors[f"read {response.status_code}"] += 1
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
            with recorder.timed("write"):
                response = await http.put(path, json=body, headers=write_headers)
            if response.status_code == 200:
                version = response.json()["version"]
            else:
                recorder.errors[f"write {response.status_code}"] += 1


async def login_loop(
    http: httpx.AsyncClient, username: str, until: float, recorder: Recorder, interval: float
) -> None:
    while time.perf_counter() < until:
        started = time.perf_counter()
        with recorder.timed("login"):
            response = await http.post(
                "/v1/sessions",
                json={"username": username, "passphrase": PASSPHRASE},
            )
        if response.status_code != 201:
            recorder.errors[f"login {response.status_code}"] += 1
        await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))


async def drive(
    server: RunningServer,
    clients: int,
    seconds: float,
    logins_per_second: float,
    think: float,
) -> dict[str, object]:
    codes = seed_codes(server, clients)
    limits = httpx.Limits(max_connections=clients + 5, max_keepalive_connections=clients + 5)
    async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=30) as http:
        sessions = []
        for number, code in enumerate(codes):
            sessions.append(await register_and_login(http, code, number))
        recorder = Recorder()
        until = time.perf_counter() + seconds
        tasks = [
            client_loop(http, token, subject, until, recorder, think) for token, subject in sessions
        ]
        tasks.append(login_loop(http, "load-user-0", until, recorder, 1 / logins_per_second))
        await asyncio.gather(*tasks)
    return recorder.summary(seconds)


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/load.db"
    else:
        from tests.support.pg_cluster import throwaway_cluster

        with throwaway_cluster(durable=True) as url:
            yield url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--logins-per-second", type=float, default=4)
    parser.add_argument(
        "--think-ms",
        type=float,
        default=250,
        help="mean pause of each client between requests (0: as fast as possible)",
    )
    args = parser.parse_args()
    extra = {
        "CONSENT_LOGIN_FAILURES_PER_USER": "100000",
        "CONSENT_LOGIN_ATTEMPTS_PER_CLIENT": "100000",
        "CONSENT_REGISTRATIONS_PER_CLIENT": "100000",
    }
    with database(args.database) as url, running_server(url, extra_env=extra) as server:
        result = asyncio.run(
            drive(server, args.clients, args.seconds, args.logins_per_second, args.think_ms / 1000)
        )
    summary = {"database": args.database, "clients": args.clients, "think_ms": args.think_ms}
    print(json.dumps({**summary, **result}, indent=2))


if __name__ == "__main__":
    main()
