"""Real ``consent-server serve`` processes and a real Redis/Valkey server, on loopback.

For the tests of several server processes on one database (tests/server/test_workers.py).
Each process logs to a file of its own (a pipe nobody reads would fill and block it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.ports import free_port

STARTUP_SECONDS = 180


@dataclass(frozen=True)
class ServerProcess:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path


def server_env(database_url: str, data_key: str, **settings: str) -> dict[str, str]:
    """The environment of a server process: no CONSENT_* of the caller's, these instead."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENT_")}
    env |= {"CONSENT_DATABASE_URL": database_url, "CONSENT_DATA_KEY": data_key}
    return env | {f"CONSENT_{name.upper()}": value for name, value in settings.items()}


def stop(process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Ask a process to end (SIGTERM); kill it when it has not within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def serving(
    env: dict[str, str],
    log: Path,
    *args: str,
    program: tuple[str, ...] = ("-m", "consent_server.cli"),
) -> Iterator[ServerProcess]:
    """``consent-server serve`` on a free port with ``args``; healthy before it is yielded.

    ``program`` is what Python runs: the CLI, or a script that calls it (``-c``).
    """
    port = free_port()
    command = [sys.executable, *program, "serve", "--port", str(port), *args]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        # Generous: several workers importing the server stack at once on two busy cores
        # have taken over a minute; a healthy start ends the wait at once.
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"consent-server exited:\n{log.read_text(errors='replace')}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base_url}/v1/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"consent-server was not healthy within {STARTUP_SECONDS} s:\n"
                    + log.read_text(errors="replace")[-3000:]
                )
            time.sleep(0.1)
        yield ServerProcess(base_url, process, log)
    finally:
        stop(process)


def redis_tool() -> str | None:
    """``valkey-server`` or ``redis-server`` when installed (tests/run installs redis-server)."""
    return shutil.which("valkey-server") or shutil.which("redis-server")


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A Redis (or Valkey) server on a free loopback port, nothing saved; yields its URL."""
    tool = redis_tool()
    if tool is None:
        raise RuntimeError("neither valkey-server nor redis-server is installed")
    port = free_port()
    command = [tool, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    command += ["no", "--dir", str(directory)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), _connected(port):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Redis server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@contextlib.contextmanager
def _connected(port: int) -> Iterator[None]:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=1):
        yield
