"""Login cost: argon2id time per verify with our parameters, and logins per second on 2 cores.

Usage: uv run python bench/login_cost.py [--verifies 30] [--seconds 10]

1. In-process: `PasswordHasher()` (argon2-cffi defaults, what the server uses) hashes once and
   verifies --verifies times; median and p99 per verify.
2. Through a real `consent-server serve` process: 8 concurrent clients log in as fast as they
   can for --seconds; the server verifies at most `password_hashing_concurrency` (2) at a
   time, so this shows the ceiling for 2 cores. A GET /v1/health loop runs alongside to show
   that other requests are not stalled while logins saturate the hashing threads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx
from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.roundtrip import describe  # noqa: E402
from bench.server_process import running_server  # noqa: E402

PASSPHRASE = "login cost bench passphrase"  # noqa: S105 - throwaway account


def verify_cost(count: int) -> dict[str, object]:
    hasher = PasswordHasher()
    stored = hasher.hash(PASSPHRASE)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        hasher.verify(stored, PASSPHRASE)
        samples.append(time.perf_counter() - start)
    return {
        "parameters": {
            "time_cost": hasher.time_cost,
            "memory_cost_kib": hasher.memory_cost,
            "parallelism": hasher.parallelism,
        },
        "verify": describe(samples),
    }


async def login_throughput(base_url: str, username: str, seconds: float) -> dict[str, object]:
    logins: list[float] = []
    health: list[float] = []
    failures = 0
    until = time.perf_counter() + seconds

    async def login_loop(http: httpx.AsyncClient) -> None:
        nonlocal failures
        while time.perf_counter() < until:
            start = time.perf_counter()
            response = await http.post(
                "/v1/sessions", json={"username": username, "passphrase": PASSPHRASE}
            )
            if response.status_code == 201:
                logins.append(time.perf_counter() - start)
            else:
                failures += 1

    async def health_loop(http: httpx.AsyncClient) -> None:
        while time.perf_counter() < until:
            start = time.perf_counter()
            await http.get("/v1/health")
            health.append(time.perf_counter() - start)
            await asyncio.sleep(0.05)

    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        await asyncio.gather(*(login_loop(http) for _ in range(8)), health_loop(http))
    return {
        "logins_per_second": round(len(logins) / seconds, 1),
        "login": describe(logins),
        "health_while_logging_in": describe(health),
        "non_201": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verifies", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    result: dict[str, object] = {"argon2id": verify_cost(args.verifies)}
    limits = {
        "CONSENT_LOGIN_ATTEMPTS_PER_CLIENT": "0",
        "CONSENT_LOGIN_FAILURES_PER_USER": "0",
        "CONSENT_LOGIN_FAILURES_PER_USER_AND_CLIENT": "0",
    }
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(f"sqlite:///{folder}/login.db", extra_env=limits) as server,
    ):
        from api_client import ConsentClient

        code = server.new_victim_code("LOGIN-BENCH")
        with ConsentClient(server.base_url) as client:
            client.register(code, "login-user", PASSPHRASE)
        result["server"] = asyncio.run(
            login_throughput(server.base_url, "login-user", args.seconds)
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
