"""What SQLite plans for every statement a piece of work runs: catching full scans.

``recorded(engine)`` collects the statements (with their parameters) run inside it;
``full_scans(engine, statements)`` asks SQLite ``EXPLAIN QUERY PLAN`` for each and returns
the steps that read a whole table or index (``SCAN ...``) rather than searching it. Without
``ANALYZE`` statistics SQLite plans from the schema alone, so the answer does not depend on
how many rows the test database happens to hold.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

_PLANNED = ("SELECT", "UPDATE", "DELETE", "INSERT", "WITH")


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any


@dataclass
class Recorded:
    statements: list[Statement] = field(default_factory=list)


@contextlib.contextmanager
def recorded(engine: Engine) -> Iterator[Recorded]:
    """Every statement ``engine`` runs inside the ``with`` block, in order."""
    found = Recorded()

    def grab(
        _connection: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        many = isinstance(parameters, list) and parameters and isinstance(parameters[0], tuple)
        found.statements.append(Statement(statement, parameters[0] if many else parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", grab)


def plan_steps(engine: Engine, statements: list[Statement]) -> list[tuple[Statement, str]]:
    """Each step of SQLite's plan of each statement (``SEARCH t USING INDEX i (...)``)."""
    steps: list[tuple[Statement, str]] = []
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        for statement in statements:
            if not statement.sql.lstrip().upper().startswith(_PLANNED):
                continue
            plan = raw.execute(f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters)
            steps.extend((statement, str(row[3])) for row in plan.fetchall())
    return steps


def full_scans(engine: Engine, statements: list[Statement]) -> list[str]:
    """``statement  →  SCAN step`` for each step of each plan that reads a whole table."""
    return [
        f"{' '.join(statement.sql.split())[:160]}  →  {step}"
        for statement, step in plan_steps(engine, statements)
        if step.startswith("SCAN ")
    ]


def assert_no_full_scans(engine: Engine, work: Recorded) -> None:
    """Fail with every offending statement when any step of any plan reads a whole table."""
    assert work.statements, "nothing was recorded"
    scans = full_scans(engine, work.statements)
    assert scans == [], "\n".join(scans)
