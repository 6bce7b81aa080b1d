"""uvicorn's h11 protocol, answering requests it cannot read with a problem document.

``consent-server serve`` bounds the header block with h11's ``max_incomplete_event_size``;
a larger one (h11's status hint: 431) and any other malformed request would otherwise get
uvicorn's plain-text 400. Imported by ``serve`` only, so the app itself needs no uvicorn.
"""

from __future__ import annotations

import json
import sys

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from consent_server.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

_PROTOCOL_PROBLEMS = {
    431: ("headers-too-large", "The request headers are too large."),
    400: ("bad-request", "The request is not valid."),
}


class ProblemH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering unreadable requests with problem+json.

    uvicorn calls ``send_400_response`` from inside its ``except h11.RemoteProtocolError``
    block, so the error (and h11's status hint: 431 for a header block over
    ``h11_max_incomplete_event_size``) is the exception being handled.
    """

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
