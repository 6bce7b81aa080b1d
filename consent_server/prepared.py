"""Hot-path statements, compiled once per dialect and run on the driver's cursor.

Why: on the GET / PUT of preferences, SQLAlchemy's per-execution machinery (execution
context, cache-key lookup, result objects, per-row processing set-up) cost more Python than
the five or six statements themselves (bench/hot_path.py, docs/benchmarks.md section 3).
The statements stay *written* in SQLAlchemy Core, so one text serves SQLite and PostgreSQL;
only the per-execution part is done here, once:

- the statement is compiled once per dialect (the engine's own compiler, so the SQL is the
  SQL SQLAlchemy would send);
- bind and result conversions are SQLAlchemy's own type processors for that dialect
  (``dialect_impl(dialect).bind_processor`` / ``.result_processor``), looked up once —
  the same conversions (UUIDs, UTC datetimes, JSON, booleans) a Core execution applies;
- it runs on the DB-API cursor of the connection the caller's Session already holds, so it
  is part of the same transaction, and commits or rolls back with it.

Driver errors are raised as SQLAlchemy's own exception classes (``IntegrityError`` …) and,
as the engine promises with ``hide_parameters``, their text never holds parameter values.
With SQLAlchemy's statement log on, the SQL is logged there, without parameters.

Only what the hot path needs is supported: SELECTs that return rows, and INSERT / UPDATE /
DELETE without RETURNING whose every value is given (no Python-side column defaults).
Anything else is refused when it is first compiled.
"""

from __future__ import annotations

import logging
import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, Table, bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import Select, UpdateBase

from consent_server.db import Executor, driver_error

Processor = Callable[[Any], Any] | None
# SQLAlchemy's own statement log: with it on, a prepared statement is logged there too,
# as SQLAlchemy logs its own under ``hide_parameters`` (the SQL, never the values).
_statement_log = logging.getLogger("sqlalchemy.engine.Engine")
PreparedRow = Any  # a named tuple whose fields are the statement's column keys


@dataclass
class _Compiled:
    """One statement's SQL and conversions for one dialect."""

    sql: str
    names: tuple[str, ...]  # parameter names, in order when the paramstyle is positional
    positional: bool
    bind: tuple[Processor, ...]  # one per entry of ``names``
    fixed: dict[str, Any]  # values written into the statement (``.values(flag=False)``)
    row: Any  # the named-tuple class of a result row
    result: list[Processor] | None  # per column; found on the first result (needs its types)


class Prepared:
    """A Core statement executed without SQLAlchemy's per-execution machinery.

    ``first`` returns the first row (a named tuple with the statement's column keys, values
    converted as a Core execution would) or ``None``; ``run`` returns the row count.
    """

    def __init__(self, statement: Select[Any] | UpdateBase) -> None:
        self.statement = statement
        self._columns: tuple[Any, ...] = (
            tuple(statement.selected_columns) if isinstance(statement, Select) else ()
        )
        self._by_dialect: weakref.WeakKeyDictionary[Dialect, _Compiled] = (
            weakref.WeakKeyDictionary()
        )

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if (
            compiled.insert_prefetch
            or compiled.update_prefetch
            or compiled.literal_execute_params
            or compiled.post_compile_params
            or compiled.escaped_bind_names
            or compiled.effective_returning
        ):
            raise TypeError(
                "prepared statements take every value as a plain parameter and return no "
                "RETURNING rows"
            )
        positional = compiled.positiontup is not None
        names = tuple(compiled.positiontup if positional else compiled.binds)  # type: ignore[arg-type]
        bind = tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names
        )
        # A plain named tuple: attribute access by column key, and cheap to make.
        row = namedtuple("PreparedRow", [column.key for column in self._columns])  # type: ignore[misc]
        fixed = {
            name: value.effective_value
            for name, value in compiled.binds.items()
            if not value.required
        }
        return _Compiled(compiled.string, names, positional, bind, fixed, row, None)

    def _execute(self, connection: Executor, params: Mapping[str, Any]) -> tuple[Any, _Compiled]:
        dialect = connection.dialect
        compiled = self._by_dialect.get(dialect)
        if compiled is None:
            compiled = self._by_dialect[dialect] = self._compile(dialect)
        if compiled.fixed:
            params = {**compiled.fixed, **params}
        values = [
            params[name] if process is None else process(params[name])
            for name, process in zip(compiled.names, compiled.bind, strict=True)
        ]
        if _statement_log.isEnabledFor(logging.INFO):
            _statement_log.info("%s", compiled.sql)
            _statement_log.info("[prepared] [SQL parameters hidden]")
        driver = connection.connection.dbapi_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(
                compiled.sql,
                tuple(values)
                if compiled.positional
                else dict(zip(compiled.names, values, strict=True)),
            )
        except dialect.loaded_dbapi.Error as error:
            cursor.close()
            raise driver_error(connection, compiled.sql, error) from error
        return cursor, compiled

    def first(self, connection: Executor, params: Mapping[str, Any]) -> PreparedRow | None:
        """The first row of a SELECT, or ``None``."""
        cursor, compiled = self._execute(connection, params)
        try:
            found = cursor.fetchone()
            result = compiled.result
            if result is None:
                result = compiled.result = _result_processors(
                    self._columns, connection.dialect, cursor.description
                )
        finally:
            cursor.close()
        if found is None:
            return None
        return compiled.row._make(
            [
                value if process is None else process(value)
                for value, process in zip(found, result, strict=True)
            ]
        )

    def run(self, connection: Executor, params: Mapping[str, Any]) -> int:
        """Run an INSERT / UPDATE / DELETE; the number of rows it touched."""
        cursor, _ = self._execute(connection, params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()


def _result_processors(
    columns: Sequence[Any], dialect: Dialect, description: Sequence[Sequence[Any]]
) -> list[Processor]:
    return [
        column.type.dialect_impl(dialect).result_processor(dialect, described[1])
        for column, described in zip(columns, description, strict=True)
    ]


def insert_all(table: Table) -> Insert:
    """An INSERT that takes every column of ``table`` by its key, except an autoincrementing
    primary key (the database numbers it)."""
    generated = table.autoincrement_column
    return (
        insert(table)
        .values(
            {
                column.key: bindparam(column.key, type_=column.type)
                for column in table.columns
                if column is not generated
            }
        )
        .inline()
    )
