"""Round trips to PostgreSQL, counted from libpq's own trace of what the driver sends.

A statement sent with parameters is a Parse / Bind / Describe / Execute group closed by a
Sync, and the driver waits for the answers before it sends anything else; a statement
without parameters (``BEGIN``, ``COMMIT``, a pre-ping's ``SELECT 1``) is one simple Query
message. Each Sync or Query the client sends is therefore one wait for the server. The
count is taken on every connection the engine opens while it is watched (the pool is
emptied first, so none escapes), pings and transaction control included.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psycopg import pq
from sqlalchemy import Engine, event


@dataclass
class RoundTrips:
    """What the traced connections sent: one entry per wait for the server."""

    _traces: list[Path] = field(default_factory=list)
    _offsets: dict[Path, int] = field(default_factory=dict)

    def _lines(self) -> list[str]:
        found: list[str] = []
        for trace in self._traces:
            found += trace.read_text(errors="replace")[self._offsets.get(trace, 0) :].splitlines()
        return found

    def sent(self) -> list[str]:
        """One entry per wait since the last :meth:`restart`: a simple Query's SQL, or for
        a statement with parameters its SQL (when parsed) or prepared name, then ``Sync``."""
        waits: list[str] = []
        group: list[str] = []
        for line in self._lines():
            parts = line.split("\t")
            if len(parts) < 3 or parts[0] != "F":
                continue
            kind, detail = parts[2], "\t".join(parts[3:]).strip()
            if kind == "Query":
                waits.append(detail.strip('"'))
            elif kind == "Parse":
                group.append(detail.split('"')[3])  # its SQL
            elif kind == "Bind" and not group:
                group.append("prepared " + detail.split('"')[3])  # a prepared statement
            elif kind == "Sync":
                waits.append(" + ".join([*group, "Sync"]))
                group = []
        return waits

    def count(self) -> int:
        return len(self.sent())

    def connections(self) -> int:
        """How many connections were opened (and traced) so far."""
        return len(self._traces)

    def restart(self) -> None:
        """Count from here on."""
        for trace in self._traces:
            self._offsets[trace] = trace.stat().st_size


@contextlib.contextmanager
def counting_round_trips(engine: Engine) -> Iterator[RoundTrips]:
    """Trace every connection ``engine`` opens from now on (its pool is emptied first)."""
    counted = RoundTrips()
    folder = Path(tempfile.mkdtemp(prefix="pg-trace-"))
    streams: list[tuple[pq.abc.PGconn, int]] = []

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        path = folder / f"{len(counted._traces)}.trace"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        connection: pq.abc.PGconn = dbapi_connection.pgconn
        connection.trace(descriptor)
        connection.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        counted._traces.append(path)
        streams.append((connection, descriptor))

    engine.dispose()
    event.listen(engine, "connect", on_connect)
    try:
        yield counted
    finally:
        event.remove(engine, "connect", on_connect)
        for connection, descriptor in streams:
            # libpq writes through a stream on this descriptor: stop it before closing it.
            if connection.status == pq.ConnStatus.OK:
                connection.untrace()
            os.close(descriptor)
        engine.dispose()
        for path in counted._traces:
            path.unlink(missing_ok=True)
        folder.rmdir()
