"""uvicorn's h11 protocol, answering requests it cannot read with a problem document, and
sending each answer's head and body in one write.

``consent-server serve`` bounds the header block with h11's ``max_incomplete_event_size``;
a larger one (h11's status hint: 431) and any other malformed request would otherwise get
uvicorn's plain-text 400. Imported by ``serve`` only, so the app itself needs no uvicorn.

uvicorn writes a response's status line and headers to the socket as soon as the app sends
``http.response.start``, and the body as a second write: two ``send`` system calls and two
TCP segments for every answer (the socket has ``TCP_NODELAY``). Under load those writes
were about a tenth of the server's CPU (docs/benchmarks.md section 3), so the protocol's
transport (:class:`CoalescingTransport`) holds a write back until the next write or the end
of the event loop's current round, whichever comes first, and sends the two together.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from consent_server.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

_PROTOCOL_PROBLEMS = {
    431: ("headers-too-large", "The request headers are too large."),
    400: ("bad-request", "The request is not valid."),
}


class CoalescingTransport(asyncio.Transport):
    """A transport that joins a write with the one after it.

    A write is held back (never reordered) until the next write, which then goes out
    together with it, or until the callbacks already due in this round of the event loop
    have run (``call_soon``), when it goes out alone. Closing, ending the stream or handing
    the transport to another protocol sends what is held first; everything else is the
    wrapped transport's.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None
        self._flush_due = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        held = self._held
        if held is None:
            self._held = bytes(data)
            if not self._flush_due:
                self._flush_due = True
                self._loop.call_soon(self._flush_soon)
            return
        self._held = None
        self._transport.write(held + data)

    def writelines(self, list_of_data: Any) -> None:
        self.write(b"".join(list_of_data))

    def flush(self) -> None:
        """Send what is held back, now."""
        held, self._held = self._held, None
        if held is not None:
            self._transport.write(held)

    def _flush_soon(self) -> None:
        self._flush_due = False
        self.flush()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self.flush()
        self._transport.set_protocol(protocol)

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        held = len(self._held) if self._held is not None else 0
        return self._transport.get_write_buffer_size() + held

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._transport.get_write_buffer_limits()

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()


class ProblemH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering unreadable requests with problem+json, on a
    :class:`CoalescingTransport`.

    uvicorn calls ``send_400_response`` from inside its ``except h11.RemoteProtocolError``
    block, so the error (and h11's status hint: 431 for a header block over
    ``h11_max_incomplete_event_size``) is the exception being handled.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(CoalescingTransport(transport, self.loop))

    def send_400_response(self, msg: str) -> None:
        error = sys.exception()
        hint = error.error_status_hint if isinstance(error, h11.RemoteProtocolError) else 400
        status = hint if hint in _PROTOCOL_PROBLEMS else 400
        name, title = _PROTOCOL_PROBLEMS[status]
        body = json.dumps({"type": PROBLEM_BASE + name, "title": title, "status": status}).encode()
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
