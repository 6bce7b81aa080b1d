"""Pages a SQLite engine's commits write, counted from the growth of its write-ahead log.

Every page a commit changes is appended to the ``-wal`` file as one frame (the page and a
24-byte header). Inside :func:`counting`, automatic checkpoints are off on the pool's
connection (SQLite's engine here has one, which the app's requests use), so nothing resets
the file while it is counted; they are on again after it, as before. It starts from an
emptied log: after a checkpoint SQLite writes the log again from its start, over frames
already there, and the file would not grow.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

FRAME_HEADER_BYTES = 24


@dataclass
class Frames:
    written: float = 0.0


@contextlib.contextmanager
def counting(engine: Engine) -> Iterator[Frames]:
    """The WAL frames written inside the block (``.written`` once it has ended)."""
    database = engine.url.database
    assert database is not None, "a SQLite file"
    wal = Path(f"{database}-wal")
    every = int(_pragma(engine, "wal_autocheckpoint"))
    _pragma(engine, "wal_autocheckpoint=0")
    _pragma(engine, "wal_checkpoint(TRUNCATE)")
    frame = int(_pragma(engine, "page_size")) + FRAME_HEADER_BYTES
    found = Frames()
    before = wal.stat().st_size
    try:
        yield found
        found.written = (wal.stat().st_size - before) / frame
    finally:
        _pragma(engine, f"wal_autocheckpoint={every}")


def _pragma(engine: Engine, pragma: str) -> Any:
    """On the pool's driver connection, outside any transaction (a checkpoint needs that)."""
    connection = engine.raw_connection()
    try:
        row = connection.driver_connection.execute(f"PRAGMA {pragma}").fetchone()  # type: ignore[union-attr]
        return row[0] if row else None
    finally:
        connection.close()
