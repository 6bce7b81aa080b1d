"""A broken constraint's error must not quote the row's values (both backends).

PostgreSQL adds a DETAIL line to a unique violation, ``Key (username_key)=(…) already
exists``, and psycopg puts it in the exception's text; tracebacks of such errors end up in
logs. ``hide_parameters`` only hides the statement's parameter list, not that line.
"""

from __future__ import annotations

import traceback
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import exc, select

from consent_server import idempotency
from consent_server.app import context_of
from consent_server.tables import AccountRow, IdempotencyRecordRow, core_table

SENTINEL_USERNAME = "sentinel.person-4711"


def _all_text(error: BaseException) -> str:
    """Everything a log line with this traceback would show, the chained driver error included."""
    return "".join(traceback.format_exception(error))


def _account(app: FastAPI) -> AccountRow:
    now = context_of(app).now()
    return AccountRow(
        username=SENTINEL_USERNAME,
        username_key=SENTINEL_USERNAME,
        passphrase_hash="not-a-real-hash",
        role="victim",
        created_at=now,
        passphrase_changed_at=now,
    )


def test_a_taken_username_is_not_in_the_error_or_its_traceback(server_app: FastAPI) -> None:
    with context_of(server_app).sessions() as db:
        db.add(_account(server_app))
        db.commit()
        db.add(_account(server_app))
        with pytest.raises(exc.IntegrityError) as raised:
            db.commit()
    text = _all_text(raised.value)
    assert SENTINEL_USERNAME not in text
    assert "uq_accounts_username_key" in text or "UNIQUE" in text  # still says what broke


def test_a_prepared_statements_duplicate_is_not_quoted_either(server_app: FastAPI) -> None:
    """The hot path's statements (consent_server.prepared) run past SQLAlchemy's execution."""
    engine = context_of(server_app).engine
    with context_of(server_app).sessions() as db:
        db.add(_account(server_app))
        db.commit()
    records = core_table(IdempotencyRecordRow)
    with engine.connect() as connection:
        account_id = connection.execute(
            select(core_table(AccountRow).c.id).where(
                core_table(AccountRow).c.username == SENTINEL_USERNAME
            )
        ).scalar_one()
        claim: dict[str, Any] = {
            column.key: None for column in records.columns if column.key != "id"
        }
        claim.update(
            id=uuid.uuid4(),
            account_id=account_id,
            key=SENTINEL_USERNAME,  # a value that must not come back in the text
            request_hash="h",
            in_progress=True,
            created_at=context_of(server_app).now(),
        )
        idempotency._INSERT_CLAIM.run(connection, claim)
        with pytest.raises(exc.IntegrityError) as raised:
            idempotency._INSERT_CLAIM.run(connection, {**claim, "id": uuid.uuid4()})
        connection.rollback()
    assert SENTINEL_USERNAME not in _all_text(raised.value)
