"""Engine and session factory for SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, ClassVar

from sqlalchemy import Connection, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect, ExceptionContext
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from consent_server.stale_connections import ping_after_idle


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: use settings.now()")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stored: dt.datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=dt.UTC)
        return stored.astimezone(dt.UTC)


# Named constraints, so later migrations (SQLite batch mode) can find and change them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every ``Mapped[dt.datetime]`` column is a UTCDateTime: one policy, no column forgets it.
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime()}


def _prepare_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL, and write-intent transactions from the start.

    Every request writes (at least an access-log row), so transactions begin IMMEDIATE:
    concurrent writers then queue on ``busy_timeout`` instead of failing when a read
    transaction tries to upgrade to a write.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Straight on the driver's connection: one BEGIN per request, and SQLAlchemy's
        # statement machinery (exec_driver_sql) cost more than the statement itself.
        connection.connection.driver_connection.execute("BEGIN IMMEDIATE")


class _HideRowValues(logging.Filter):
    """SQLAlchemy's DEBUG log prints every result row whole (passphrase hashes, free text
    staff wrote); keep the line, drop the values."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "Row %r":
            record.args = ("(values hidden)",)
        return True


_row_filter = _HideRowValues()


VALUES_HIDDEN = "(values hidden)"


def hide_values(error: BaseException, *copies: BaseException) -> None:
    """Take the row's values out of a driver error's text, in place.

    PostgreSQL explains a broken constraint in a DETAIL line that quotes the values (``Key
    (username_key)=(…) already exists``) and psycopg puts it in the error's text, which a
    traceback in a log then shows. The message and the constraint's name stay. ``copies``
    are errors that copied the driver's text when they were made (SQLAlchemy's own).
    """
    detail = getattr(getattr(error, "diag", None), "message_detail", None)
    if not detail:
        return
    for each in (error, *copies):
        each.args = tuple(
            part.replace(detail, VALUES_HIDDEN) if isinstance(part, str) else part
            for part in each.args
        )


def _hide_values_of(context: ExceptionContext) -> None:
    wrapped = context.sqlalchemy_exception
    hide_values(context.original_exception, *([wrapped] if wrapped is not None else []))


def make_engine(database_url: str) -> Engine:
    """An engine that never puts statement parameters or row values in logs or errors.

    ``hide_parameters`` keeps them out of SQLAlchemy's statement log and out of the text of
    database errors, which end up in tracebacks; :func:`hide_values` takes out the values
    PostgreSQL quotes in its explanation of a broken constraint.
    """
    logging.getLogger("sqlalchemy.engine.Engine").addFilter(_row_filter)  # idempotent
    engine = _make_engine(database_url)
    event.listen(engine, "handle_error", _hide_values_of)
    return engine


def _make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        # SQLite has one writer at a time and every request writes (the access log). With
        # several connections, waiting writers poll in SQLite's busy handler, sleeping up to
        # 100 ms a round; one pooled connection makes them queue in the pool instead and wake
        # as soon as it is free (measured with bench/load.py: docs/benchmarks.md).
        engine = create_engine(
            database_url, pool_size=1, max_overflow=0, pool_timeout=30, hide_parameters=True
        )
        _prepare_sqlite(engine)
        return engine
    engine = create_engine(database_url, pool_size=10, max_overflow=40, hide_parameters=True)
    ping_after_idle(engine)  # not pool_pre_ping: a round trip more on every request
    return engine


_CONNECTION = "consent.connection"


def _remember_connection(session: Session, _transaction: Any, connection: Connection) -> None:
    session.info[_CONNECTION] = connection


def _forget_connection(session: Session, _transaction: Any) -> None:
    session.info.pop(_CONNECTION, None)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "after_begin", _remember_connection)
    event.listen(factory, "after_transaction_end", _forget_connection)
    return factory


# Where the hot path's statements run: a request's ORM Session, or (for the operations that
# need no ORM at all, ``consent_server.fast_path``) a Core connection in a transaction.
Database = Session | Connection


def connection_of(db: Database) -> Connection:
    """``db.connection()`` for the hot path: the connection of the session's transaction.

    Asking the Session each time walks its transaction machinery (about a tenth of a
    request's CPU for five calls, bench/hot_path.py); the connection is remembered when the
    transaction begins and forgotten when any transaction of the session ends (commit,
    rollback, close), so after that this begins a new one exactly as ``db.connection()``.
    A Core connection is its own connection.
    """
    if isinstance(db, Connection):
        return db
    found: Connection | None = db.info.get(_CONNECTION)
    return found if found is not None else db.connection()


@contextmanager
def read_then_write_once(engine: Engine) -> Iterator[Connection]:
    """A Core connection in a transaction, for work whose only write is its last statement.

    A GET of preferences reads (the token, the record) and then writes one row (its
    access-log entry). On PostgreSQL each statement of a READ COMMITTED transaction takes
    its own snapshot, so a transaction around such work adds nothing anyone can see: the
    reads see what they would see inside one, and the single write commits or fails whole.
    It only adds two round trips (BEGIN, COMMIT), so there the driver connection is put in
    autocommit for the request (each statement commits on its own) and taken out of it
    before the connection goes back to the pool. SQLAlchemy's ``isolation_level`` option
    would do the same at about 35 Python calls per request (bench/hot_path.py), more than
    the round trips cost. SQLite keeps its transaction (begun IMMEDIATE, as every other).
    Either way the caller begins and commits as usual (on PostgreSQL both do nothing).
    """
    with engine.connect() as connection:
        if connection.dialect.name != "postgresql":
            yield connection
            return
        driver: Any = connection.connection.dbapi_connection
        driver.autocommit = True
        try:
            yield connection
        finally:
            # A connection lost meanwhile refuses the change; the pool discards it anyway.
            with suppress(connection.dialect.loaded_dbapi.Error):
                driver.autocommit = False
