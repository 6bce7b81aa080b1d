"""``consent-server serve``'s HTTP protocol sends each answer's head and body in one write.

uvicorn's h11 protocol writes the status line and headers as soon as the app starts its
answer and the body as a second write; ``consent_server.http_protocol`` joins them, without
ever reordering, delaying past the event loop's current round, or losing bytes. The
protocol is driven here on a transport that records every write, as the event loop's
socket transport would receive them.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from starlette.types import Receive, Scope, Send
from uvicorn.server import ServerState

from consent_server.http_protocol import CoalescingTransport, ProblemH11Protocol

BODY = b'{"inform":"yes"}'


class RecordingTransport(asyncio.Transport):
    """What a socket transport would be asked to send, one entry per write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def answer_in_two_messages(scope: Scope, receive: Receive, send: Send) -> None:
    """Like every Starlette ``Response``: the head, then the body."""
    assert scope["type"] == "http"
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})


async def served(*requests: bytes) -> RecordingTransport:
    """``requests`` sent one after another on one keep-alive connection."""
    config = uvicorn.Config(answer_in_two_messages, http=ProblemH11Protocol, lifespan="off")
    protocol = ProblemH11Protocol(config, ServerState(), {}, asyncio.get_running_loop())
    transport = RecordingTransport()
    protocol.connection_made(transport)
    for request in requests:
        protocol.data_received(request)
        for _ in range(100):  # bounded: without an answer the test fails, not hangs
            await asyncio.sleep(0)
            if protocol.cycle.response_complete:
                break
        await asyncio.sleep(0)  # anything still held back goes out in this round
    protocol.connection_lost(None)
    return transport


def responses(data: bytes) -> list[tuple[int, bytes]]:
    """The answers in ``data``, as a client on the connection reads them."""
    client = h11.Connection(h11.CLIENT)
    client.receive_data(data)
    found: list[tuple[int, bytes]] = []
    while client.trailing_data[0] or not found:
        client.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
        client.send(h11.EndOfMessage())
        status, body = 0, b""
        while not isinstance(event := client.next_event(), h11.EndOfMessage):
            assert event is not h11.NEED_DATA, "an answer was cut short"
            if isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                body += event.data
        found.append((status, body))
        client.start_next_cycle()
    return found


GET = b"GET /v1/subjects/x/preferences HTTP/1.1\r\nHost: x\r\n\r\n"


def test_an_answer_leaves_in_one_write() -> None:
    transport = asyncio.run(served(GET))
    assert len(transport.writes) == 1, transport.writes
    assert responses(transport.writes[0]) == [(200, BODY)]


def test_answers_on_one_connection_stay_whole_and_in_order() -> None:
    transport = asyncio.run(served(GET, GET, GET))
    assert len(transport.writes) == 3
    assert responses(b"".join(transport.writes)) == [(200, BODY)] * 3


def test_a_write_with_nothing_after_it_goes_out_in_the_same_round_of_the_loop() -> None:
    async def one_write() -> list[list[bytes]]:
        inner = RecordingTransport()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"head")
        seen = [list(inner.writes)]
        await asyncio.sleep(0)
        seen.append(list(inner.writes))
        transport.write(b"one")
        transport.write(b"two")
        transport.write(b"three")
        seen.append(list(inner.writes))
        await asyncio.sleep(0)
        seen.append(list(inner.writes))
        return seen

    held, sent, joined, after = asyncio.run(one_write())
    assert held == []
    assert sent == [b"head"]
    assert joined == [b"head", b"onetwo"]
    assert after == [b"head", b"onetwo", b"three"]


def test_closing_sends_what_is_held_first() -> None:
    async def write_and_close() -> RecordingTransport:
        inner = RecordingTransport()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())
        transport.write(b"last words")
        transport.close()
        assert inner.closed
        return inner

    assert asyncio.run(write_and_close()).writes == [b"last words"]
