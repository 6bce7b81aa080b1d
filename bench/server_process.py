"""A real `consent-server serve` process on a free loopback port, for the benchmarks."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from consent_server.crypto import generate_data_key
from tests.support.ports import free_port
from tests.support.server_processes import stop

_SERVE = (sys.executable, "-m", "consent_server.cli", "serve")


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
    workers: int = 1,
    source: Path | None = None,
) -> Iterator[RunningServer]:
    """``consent-server serve`` with ``workers`` processes; ``extra_env`` may set
    CONSENT_DATA_KEY so that two servers share one database.

    ``source``: run the server (and its migration) from that source tree, an export of
    another commit, instead of this one. It becomes the processes' working directory as
    well as their ``PYTHONPATH``: ``python -m`` puts the working directory first on the
    import path, so from this repository's root PYTHONPATH alone would import this
    tree's ``consent_server`` again.
    """
    env = {
        **os.environ,
        "CONSENT_DATABASE_URL": database_url,
        "CONSENT_DATA_KEY": generate_data_key(),
        **(extra_env or {}),
    }
    if source is not None:
        env["PYTHONPATH"] = str(source)
    subprocess.run(
        [sys.executable, "-m", "consent_server.cli", "migrate"],
        env=env,
        cwd=source,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [*_SERVE, "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=source,
        stdout=log,
        stderr=subprocess.STDOUT,
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
            if time.monotonic() > deadline + 150 * (workers > 1) or proc.poll() is not None:
                log.seek(0)
                output = log.read().decode(errors="replace")[-3000:]
                raise RuntimeError(f"consent-server did not start:\n{output}")
            time.sleep(0.05)
        yield RunningServer(base_url, env, proc.pid)
    finally:
        stop(proc, timeout=10)
        log.close()
