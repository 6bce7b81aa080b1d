"""Pooled PostgreSQL connections are checked before use only after they sat idle.

Why: SQLAlchemy's ``pool_pre_ping`` sends a statement to the server on *every* checkout,
one round trip more per request (a GET of preferences made six, a PUT eleven). Under load a
connection comes back to the pool and goes out again within milliseconds, so there is
nothing to check; a connection that sat idle may have been closed underneath us (the
server restarted, an idle timeout, the network), and that one is pinged, as before.

A connection found dead is replaced before the request gets it, and every connection that
was in the pool before it is replaced on its next checkout (what ``pool_pre_ping`` does).
One that breaks while in use, or within the idle time, fails its statement as it always
could; that also has the pool replace the rest.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event, exc

# Longer than the gap between two uses of a pooled connection under any load worth
# saving a round trip for; far shorter than the idle time anything closes connections at.
PING_AFTER_IDLE_SECONDS = 2.0
_RETURNED_AT = "consent.returned_at"


def ping_after_idle(engine: Engine) -> None:
    """Check a connection at checkout only if it has been idle for a while."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # A new connection has no time of return (nor has one the pool replaced: its
        # ``info`` is emptied with it); it was just opened, so it needs no check.
        returned: float | None = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                # The pool replaces this one, and every other it held from before now.
                raise exc.InvalidatePoolError from error
            raise
