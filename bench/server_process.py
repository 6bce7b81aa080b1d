"""A real `consent-server serve` process on a free loopback port, for the benchmarks."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from consent_server.crypto import generate_data_key
from tests.support.ports import free_port


@dataclass(frozen=True)
class RunningServer:
    base_url: str
    env: dict[str, str]
    pid: int = 0
    """The server process (for its CPU time in /proc/<pid>/stat)."""

    def admin(self, *args: str, stdin: str | None = None) -> str:
        """Run a `consent-server` admin command against this server's database."""
        done = subprocess.run(
            [sys.executable, "-m", "consent_server.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
            timeout=120,
        )
        return done.stdout.strip()

    def new_victim_code(self, reference: str) -> str:
        subject_id = self.admin("create-subject", stdin=f"{reference}\n\n").split()[-1]
        return self.admin("issue-code", "--subject", subject_id, "--role", "victim").split()[-1]


@contextlib.contextmanager
def running_server(
    database_url: str,
    *,
    extra_env: dict[str, str] | None = None,
    workers_env: dict[str, str] | None = None,
) -> Iterator[RunningServer]:
    env = {
        **os.environ,
        "CONSENT_DATABASE_URL": database_url,
        "CONSENT_DATA_KEY": generate_data_key(),
        **(extra_env or {}),
    }
    subprocess.run(
        [sys.executable, "-m", "consent_server.cli", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "consent_server.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a large database on a busy machine starts slowly
        while True:
            try:
                if httpx.get(f"{base_url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("consent-server did not start")
            time.sleep(0.05)
        yield RunningServer(base_url, env, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
