"""The client talks plain http only to loopback and never follows a redirect
(docs/threat-model.md, "The network").

tests/client covers the rules with scripted transports; here real sockets prove that a
redirect carries neither the bearer token nor the passphrase anywhere.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api_client import ConsentClient
from api_client.errors import InsecureTransportError, RedirectRefusedError
from api_client.tokens import TokenPair


class _RecordingServer(ThreadingHTTPServer):
    """Answers every request with ``answer`` (status, headers) and records what it got."""

    def __init__(self, answer: tuple[int, dict[str, str]]) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.answer = answer
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []


class _Recorder(BaseHTTPRequestHandler):
    server: _RecordingServer

    def _handle(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, dict(self.headers), body))
        status, headers = self.server.answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, *_args: object) -> None:
        pass


StartServer = Callable[[int, dict[str, str]], _RecordingServer]
"""``start_server(status, headers)``: a loopback server that answers every request so."""


@pytest.fixture
def start_server() -> Iterator[StartServer]:
    servers: list[_RecordingServer] = []

    def start(status: int, headers: dict[str, str]) -> _RecordingServer:
        server = _RecordingServer((status, headers))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_carries_neither_token_nor_passphrase_anywhere(
    start_server: StartServer, status: int
) -> None:
    elsewhere = start_server(200, {})
    redirecting = start_server(status, {"Location": f"{_url(elsewhere)}/v1/me"})
    with ConsentClient(_url(redirecting), max_retries=0) as client:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
        client.set_tokens(
            TokenPair("access-token-" + "a" * 40, "refresh-" + "b" * 40, later, later)
        )
        with pytest.raises(RedirectRefusedError):
            client.me()
        with pytest.raises(RedirectRefusedError):
            client.login("someone", "the secret passphrase")
    assert len(redirecting.seen) == 2
    assert elsewhere.seen == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "http://192.168.1.10:8000",
        "http://10.0.0.1",
        "http://localhost.example.org",
        "http://127.0.0.1.nip.io",
        "http://[::ffff:192.0.2.1]",
    ],
)
def test_plain_http_to_anything_but_loopback_is_refused_before_connecting(url: str) -> None:
    with pytest.raises(InsecureTransportError):
        ConsentClient(url)
