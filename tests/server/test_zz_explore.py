from __future__ import annotations
from typing import Any
import pytest
from sqlalchemy import event
from consent_server.app import context_of
from tests.server.test_notices import Desk, desk, APP_ONLY, JOINABLE  # noqa

@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_explore(desk: Desk) -> None:
    desk.choose(channels=[{"kind": "phone", "address": "+31 6 12345678"}], safe_contact={"hours": None, "days": []})
    engine = context_of(desk.seeded.app).engine
    seen: list[tuple[str, Any]] = []
    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        seen.append((statement, parameters))
    event.listen(engine, "before_cursor_execute", grab)
    desk.finding(JOINABLE)
    seen.append(("---DUE---", None))
    desk.due()
    event.remove(engine, "before_cursor_execute", grab)
    with engine.connect() as c:
        raw = c.connection.dbapi_connection
        for s, p in seen:
            print("=====", " ".join(s.split())[:300])
            if s.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "INSERT")):
                try:
                    for row in raw.execute("EXPLAIN QUERY PLAN " + s, p if not isinstance(p, list) else p[0]):
                        print("   ", row[3])
                except Exception as e:
                    print("   ERR", e)
