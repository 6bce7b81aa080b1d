"""Where rate-limit counters live: the server's own database, or Redis/Valkey.

Both are a ``limits`` storage, so :mod:`consent_server.ratelimit` has one limiter API and the
counters hold across every process that shares the store. The database store is the default
(nothing more to run); ``CONSENT_RATE_LIMIT_STORAGE_URL=redis://host:6379/0`` puts them in
Redis or Valkey instead (``pip install "consent-app[redis]"``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from limits.errors import ConfigurationError
from limits.storage import Storage, storage_from_string
from sqlalchemy import Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from consent_server.clock import Clock
from consent_server.tables import RateLimitCounterRow

# Expired rows are deleted every this many increments in each process.
SWEEP_EVERY = 256

Seconds = Callable[[], float]


class DatabaseStorage(Storage):
    """Fixed-window counters in ``rate_limit_counters``, one atomic upsert per increment.

    ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` is one statement on SQLite and
    PostgreSQL alike: two processes counting the same key at once each see their own
    increment, never a lost one. A window starts at its first count and ends ``expiry``
    seconds later by the server's clock (the injected one, so tests can move time).
    """

    STORAGE_SCHEME = None  # made directly (it needs the engine), not from a URL

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__()
        self.engine = engine
        self._clock = clock
        self._increments = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def now(self) -> float:
        return self._clock().timestamp()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self.now()
        row = RateLimitCounterRow
        insert = postgresql_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        values = insert(row).values(key=key, count=amount, expires_at=now + expiry)
        expired = row.expires_at <= now
        upsert = values.on_conflict_do_update(
            index_elements=[row.key],
            set_={
                "count": case((expired, values.excluded.count), else_=row.count + amount),
                "expires_at": case((expired, values.excluded.expires_at), else_=row.expires_at),
            },
        ).returning(row.count)
        with self.engine.begin() as connection:
            count = connection.execute(upsert).scalar_one()
            self._increments += 1
            if self._increments % SWEEP_EVERY == 0:
                connection.execute(delete(row).where(expired))
        return int(count)

    def get(self, key: str) -> int:
        row = self._live(key)
        return 0 if row is None else row[0]

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return self.now() if row is None else row[1]

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(RateLimitCounterRow).where(RateLimitCounterRow.key == key))

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            removed = connection.execute(delete(RateLimitCounterRow))
        return int(removed.rowcount)

    def _live(self, key: str) -> tuple[int, float] | None:
        query = select(RateLimitCounterRow.count, RateLimitCounterRow.expires_at).where(
            RateLimitCounterRow.key == key, RateLimitCounterRow.expires_at > self.now()
        )
        with self.engine.begin() as connection:
            row = connection.execute(query).one_or_none()
        return None if row is None else (int(row[0]), float(row[1]))


class RateLimitStoreError(RuntimeError):
    """The configured store cannot be used; the message names no address or password."""


def open_storage(url: str | None, engine: Engine, clock: Clock) -> tuple[Storage, Seconds]:
    """The configured store and the clock its windows run on.

    The database store runs on the server's clock; Redis or Valkey expire keys on their own
    clock, which is the real time.
    """
    if url is None:
        database = DatabaseStorage(engine, clock)
        return database, database.now
    unusable = RateLimitStoreError(
        "CONSENT_RATE_LIMIT_STORAGE_URL must look like redis://host:port/0 (Redis or Valkey),"
        ' with the "redis" extra installed'
    )
    scheme = url.split("://", 1)[0].lower()
    if not scheme.startswith(("redis", "valkey")):  # memory:// would be per process again
        raise unusable
    try:
        storage = storage_from_string(url, key_prefix="consent")
    except ConfigurationError:
        raise unusable from None
    if not isinstance(storage, Storage):  # an async+ scheme: the limiter here is synchronous
        raise unusable
    return storage, time.time
