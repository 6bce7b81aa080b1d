"""One request cannot make the server hold much: bodies and header blocks are bounded.

In-process tests show the body limit for a declared length and for a streamed body; the
live tests drive a real ``consent-server serve`` (uvicorn) on loopback over raw sockets,
measure its peak memory while a large streamed body arrives, and check that an oversized
header block gets a problem document too.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import Message, Scope

from consent_server.settings import ServerSettings
from tests.support.ports import free_port
from tests.support.server_processes import stop

PROBLEM = "application/problem+json"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_a_declared_length_over_the_limit_is_refused_unread(server_app: FastAPI) -> None:
    reads = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal reads
        reads += 1  # bounded, so that without the limit the test fails instead of hanging
        return {"type": "http.request", "body": b"x" * 65536, "more_body": reads < 16}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/sessions",
        "raw_path": b"/v1/sessions",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(300 * 1024 * 1024).encode()),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
        "state": {},
    }
    await server_app(scope, receive, send)
    assert reads == 0, "the body was read although its declared length was too large"
    assert sent[0]["status"] == 413
    assert (b"content-type", PROBLEM.encode()) in sent[0]["headers"]
    body = json.loads(b"".join(message.get("body", b"") for message in sent[1:]))
    assert body["status"] == 413 and body["type"].endswith("/too-large")


@pytest.mark.anyio
async def test_a_streamed_body_is_cut_off_soon_after_the_limit(
    server_app: FastAPI, server_settings: ServerSettings
) -> None:
    limit = server_settings.max_request_body_bytes
    chunk = b"a" * 1024
    produced = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal produced
        while produced < 64 * 1024 * 1024:
            produced += len(chunk)
            yield chunk

    transport = httpx.ASGITransport(app=server_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        answer = await client.post(
            "/v1/sessions", content=endless(), headers={"Content-Type": "application/json"}
        )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["type"].endswith("/too-large")
    assert produced <= limit + len(chunk)


def test_a_body_within_the_limit_still_works(api: httpx.Client) -> None:
    answer = api.post("/v1/sessions", json={"username": "nobody.here", "passphrase": "x" * 500})
    assert answer.status_code == 401


# --- a real uvicorn process on loopback ---------------------------------------------


@dataclass
class LiveServer:
    port: int
    pid: int

    def peak_rss_kib(self) -> int:
        """The process's peak resident memory so far (VmHWM), in KiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise AssertionError("no VmHWM in /proc")


@pytest.fixture
def own_server(fresh_sqlite_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """A ``consent-server serve`` of its own, so its peak memory is this test's alone."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENT_")}
    env["CONSENT_DATABASE_URL"] = fresh_sqlite_url
    command = [sys.executable, "-m", "consent_server.cli", "serve", "--port", str(port)]
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).is_success:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start within 30 s"
            time.sleep(0.1)
        yield LiveServer(port, process.pid)
    finally:
        stop(process, timeout=10)
        log.close()


@dataclass
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes
    bytes_sent: int


def _readable(sock: socket.socket, wait: float) -> bool:
    return bool(select.select([sock], [], [], wait)[0])


def _read_answer(sock: socket.socket, deadline: float) -> tuple[int, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data or len(data) < _expected_length(data):
        assert time.monotonic() < deadline, "no complete answer in time"
        if not _readable(sock, 0.5):
            continue
        piece = sock.recv(65536)
        if not piece:
            break
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def _expected_length(data: bytes) -> int:
    head, _, _ = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(head) + 4 + int(value)
    return len(data)


def _send_in_pieces(port: int, head: bytes, pieces: Iterator[bytes], seconds: float) -> RawAnswer:
    """Send ``head`` and then ``pieces`` until the server answers or closes, then read it.

    Bounded in bytes (by ``pieces``) and in time (``seconds``): it stops by itself.
    """
    deadline = time.monotonic() + seconds
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        sock.sendall(head)
        try:
            for piece in pieces:
                if _readable(sock, 0.001):
                    break  # the server answered early: stop sending
                assert time.monotonic() < deadline, "sending took too long"
                sock.sendall(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed the connection: read what it said
        status, headers, body = _read_answer(sock, deadline)
    return RawAnswer(status, headers, body, sent)


def _chunks(total: int, size: int) -> Iterator[bytes]:
    payload = b"7" * size
    for _ in range(total // size):
        yield b"%x\r\n%s\r\n" % (size, payload)
    yield b"0\r\n\r\n"


@pytest.mark.e2e
def test_a_large_streamed_body_does_not_grow_the_live_servers_memory(
    own_server: LiveServer,
) -> None:
    total = 48 * 1024 * 1024  # enough to see clearly; the review sent 300 MB
    head = (
        b"POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    before = own_server.peak_rss_kib()
    answer = _send_in_pieces(own_server.port, head, _chunks(total, 16 * 1024), seconds=60)
    after = own_server.peak_rss_kib()
    growth_mib = (after - before) / 1024
    assert answer.status == 413, answer
    assert answer.headers["content-type"] == PROBLEM
    assert json.loads(answer.body)["type"].endswith("/too-large")
    assert answer.bytes_sent < total // 4, "the server went on reading long after the limit"
    assert growth_mib < 8, f"peak memory grew by {growth_mib:.1f} MiB"


@pytest.mark.e2e
def test_a_live_declared_length_over_the_limit_is_answered_at_once(
    own_server: LiveServer,
) -> None:
    head = (
        b"POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 314572800\r\n\r\n"
    )
    # No body is sent at all: without the limit the server would wait for it (timeout).
    answer = _send_in_pieces(own_server.port, head, iter(()), seconds=10)
    assert answer.status == 413
    assert answer.headers["content-type"] == PROBLEM


@pytest.mark.e2e
def test_an_oversized_header_block_gets_a_problem_document(own_server: LiveServer) -> None:
    head = b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
    padding = (b"p" * 4096 for _ in range(256))  # 1 MiB of one header, in pieces
    answer = _send_in_pieces(own_server.port, head, padding, seconds=20)
    assert answer.status == 431
    assert answer.headers["content-type"] == PROBLEM
    assert json.loads(answer.body) == {
        "type": "https://consent.invalid/problems/headers-too-large",
        "title": "The request headers are too large.",
        "status": 431,
    }


@pytest.mark.e2e
def test_an_unreadable_request_gets_a_problem_document(own_server: LiveServer) -> None:
    answer = _send_in_pieces(own_server.port, b"NOT HTTP AT ALL\r\n\r\n", iter(()), seconds=10)
    assert answer.status == 400
    assert answer.headers["content-type"] == PROBLEM
    assert json.loads(answer.body)["type"].endswith("/bad-request")
