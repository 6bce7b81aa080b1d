"""Engine and session factory for SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import suppress
from typing import Any, ClassVar

from sqlalchemy import Connection, DateTime, Engine, MetaData, create_engine, event, exc
from sqlalchemy.engine import Dialect, ExceptionContext
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection
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
        _begin_immediate(connection.connection.driver_connection)


def _begin_immediate(driver_connection: Any) -> None:
    # Straight on the driver's connection: one BEGIN per request, and SQLAlchemy's
    # statement machinery (exec_driver_sql) cost more than the statement itself.
    driver_connection.execute("BEGIN IMMEDIATE")


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


class PooledConnection:
    """One of the pool's driver connections in one transaction, without SQLAlchemy's
    ``Connection`` and transaction objects around it: for the fast path
    (``consent_server.fast_path``), where they cost about as much as the statements.

    It begins as the engine's connections begin (``BEGIN IMMEDIATE`` on SQLite; PostgreSQL's
    driver begins with the first statement), commits and rolls back with the driver, and
    gives the connection back to the pool when closed, which rolls back what was not
    committed. Statements run on it only through ``consent_server.prepared``; the driver's
    errors are raised as SQLAlchemy raises them (:func:`driver_error`).
    """

    def __init__(self, engine: Engine, *, only_the_last_statement_writes: bool = False) -> None:
        self.dialect = engine.dialect
        self.connection: PoolProxiedConnection = engine.raw_connection()
        self._autocommit = False
        if self.dialect.name == "sqlite":
            self._driver_call(
                "BEGIN IMMEDIATE", _begin_immediate, self.connection.driver_connection
            )
        elif only_the_last_statement_writes:
            # Work that reads and then writes one row (a GET of preferences: its access-log
            # entry). Under PostgreSQL's READ COMMITTED each statement takes its own snapshot,
            # so a transaction around such work changes nothing anyone can see; it only adds
            # two round trips (BEGIN, COMMIT). So each statement commits on its own here, and
            # the connection leaves autocommit before it goes back to the pool.
            self._set_autocommit(True)

    def commit(self) -> None:
        self._driver_call("COMMIT", self.connection.commit)

    def rollback(self) -> None:
        self._driver_call("ROLLBACK", self.connection.rollback)

    def invalidate(self, error: BaseException) -> None:
        self.connection.invalidate(error)

    def close(self) -> None:
        if self._autocommit:
            # A connection lost meanwhile refuses the change; the pool discards it anyway.
            with suppress(self.dialect.loaded_dbapi.Error):
                self._set_autocommit(False)
        self.connection.close()

    def _set_autocommit(self, on: bool) -> None:
        driver: Any = self.connection.driver_connection
        driver.autocommit = on
        self._autocommit = on

    def __enter__(self) -> PooledConnection:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def _driver_call(self, sql: str, call: Callable[..., object], *args: object) -> None:
        try:
            call(*args)
        except self.dialect.loaded_dbapi.Error as error:
            raise driver_error(self, sql, error) from error


def driver_error(
    connection: Connection | PooledConnection, sql: str, error: Exception
) -> Exception:
    """The driver's error as SQLAlchemy would raise it, without parameter values; a lost
    connection is invalidated, so the pool does not hand it out again."""
    dialect = connection.dialect
    driver = connection.connection.dbapi_connection
    lost = dialect.is_disconnect(error, driver, None)  # type: ignore[arg-type]
    if lost:
        connection.invalidate(error)
    wrapped = exc.DBAPIError.instance(
        sql,
        None,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=lost,
        dialect=dialect,
    )
    hide_values(error, wrapped)  # what the engine's handle_error does for Core's statements
    return wrapped


# Where the hot path's statements run: a request's ORM Session, a Core connection in a
# transaction, or (for the operations that need no ORM at all, ``consent_server.fast_path``)
# a pooled driver connection in a transaction.
Database = Session | Connection | PooledConnection
Executor = Connection | PooledConnection  # what ``consent_server.prepared`` runs on


def connection_of(db: Database) -> Executor:
    """``db.connection()`` for the hot path: the connection of the session's transaction.

    Asking the Session each time walks its transaction machinery (about a tenth of a
    request's CPU for five calls, bench/hot_path.py); the connection is remembered when the
    transaction begins and forgotten when any transaction of the session ends (commit,
    rollback, close), so after that this begins a new one exactly as ``db.connection()``.
    A Core or pooled connection is its own connection.
    """
    if not isinstance(db, Session):
        return db
    found: Connection | None = db.info.get(_CONNECTION)
    return found if found is not None else db.connection()
