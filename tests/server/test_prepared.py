"""The hot path's prepared statements give what SQLAlchemy Core gives, on SQLite and PostgreSQL.

Each statement of ``consent_server.prepared`` is run both ways on the same data, written by
the real server (contact details, an assisted entry, dates, lists, UTC datetimes): the rows
read must be equal value for value and type for type, and the rows written must read back
the same as rows written by Core.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client
from sqlalchemy import Connection, event, exc, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import make_transient_to_detached

from consent_server import access, auth, idempotency, preferences, questions
from consent_server.app import context_of
from consent_server.db import PooledConnection, connection_of
from consent_server.prepared import Prepared, insert_all
from consent_server.problems import ProblemError
from consent_server.tables import (
    AccessLogRow,
    ContactDetailsRow,
    IdempotencyRecordRow,
    PreferenceVersionRow,
    SubjectRow,
    core_table,
    detached_row,
)
from consent_server.tokens import token_hash
from tests.server.helpers import PRIVATE_BODY, put_preferences
from tests.server.world import ASSISTED
from tests.support.accounts import Login, Seeded, Victim


def _same(prepared: Any, core: Any) -> None:
    """Equal values of equal types (a str where Core gives a UUID would compare unequal
    anyway; a naive datetime where Core gives an aware one would not raise here)."""
    assert prepared is not None and core is not None
    assert tuple(prepared) == tuple(core)
    assert [type(value) for value in prepared] == [type(value) for value in core]
    assert prepared._fields == tuple(core._fields)


def _both(connection: Connection, statement: Prepared, params: dict[str, Any]) -> None:
    prepared = statement.first(connection, params)
    core = connection.execute(statement.statement, params).first()
    if core is None:
        assert prepared is None
        return
    _same(prepared, core)


@pytest.fixture
def written(api: Client, seeded: Seeded, victim: Victim, login: Login) -> dict[str, Any]:
    """Two versions through the real server: the victim's own with contact details and a
    pause date, then staff's assisted one. Returns the victim's access token."""
    own = login(victim.username, victim.passphrase)
    body = {**PRIVATE_BODY, "paused_until": "2031-05-01", "frequency": "monthly"}
    assert put_preferences(api, own, victim.subject_id, body, 0).status_code == 200
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assisted = {"inform": "no", "channels": [{"kind": "post"}], "assisted": ASSISTED}
    assert put_preferences(api, staff, victim.subject_id, assisted, 1).status_code == 200
    return {"token": own["Authorization"].removeprefix("Bearer ")}


def test_reads_match_core(server_app: FastAPI, victim: Victim, written: dict[str, Any]) -> None:
    ctx = context_of(server_app)
    with ctx.engine.begin() as connection:
        usable = {"access_hash": token_hash(written["token"]), "now": ctx.now()}
        _both(connection, auth._USABLE_ACCESS_TOKEN, usable)
        assert auth._USABLE_ACCESS_TOKEN.first(connection, usable) is not None
        late = {**usable, "now": ctx.now() + dt.timedelta(days=400)}
        assert auth._USABLE_ACCESS_TOKEN.first(connection, late) is None
        _both(connection, access._ONE_SUBJECT, {"id": victim.subject_id})
        _both(connection, access._ONE_SUBJECT, {"id": uuid.uuid4()})
        for version in (1, 2, 3):
            _both(
                connection,
                preferences._ONE_VERSION,
                {"subject_id": victim.subject_id, "version": version},
            )
        row = preferences._ONE_VERSION.first(
            connection, {"subject_id": victim.subject_id, "version": 1}
        )
        assert row is not None and row.contact_ciphertext is not None
        assert row.paused_until == dt.date(2031, 5, 1)
        assert row.created_at.tzinfo is dt.UTC
        assert isinstance(row.channel_kinds, list)
        for subject_id in (victim.subject_id, uuid.uuid4()):
            for token in (usable, late):
                with_record = {**token, "id": subject_id}
                _both(connection, preferences._CALLER_AND_RECORD, with_record)
                _both(connection, access._CALLER_AND_SUBJECT, with_record)
        caller, found = preferences.caller_and_record(connection, usable, victim.subject_id)
        assert caller == auth.Caller(victim.account_id, "victim", victim.username)
        assert found is not None and found.current.version == 2
        assert found.subject.current_version == 2
        assert found.document(ctx) == preferences.document_at(connection, ctx, victim.subject_id, 2)
        assert preferences.caller_and_record(connection, usable, uuid.uuid4())[1] is None
        caller, subject = access.caller_and_subject(connection, usable, victim.subject_id)
        assert caller == auth.Caller(victim.account_id, "victim", victim.username)
        assert subject is not None and subject.current_version == 2
        assert access.caller_and_subject(connection, usable, uuid.uuid4())[1] is None
        for lookup in (preferences.caller_and_record, access.caller_and_subject):
            with pytest.raises(ProblemError) as refused:
                lookup(connection, late, victim.subject_id)
            assert refused.value.problem.status == 401
        known = row.questions_version
        _both(connection, questions._PUBLISHED, {"version": known})
        _both(connection, questions._PUBLISHED, {"version": "never-published"})


def _versions_of(connection: Connection, subject_id: uuid.UUID) -> list[uuid.UUID]:
    versions = core_table(PreferenceVersionRow)
    found = connection.scalars(
        select(versions.c.id)
        .where(versions.c.subject_id == subject_id)
        .order_by(versions.c.version)
    )
    return list(found)


@pytest.mark.parametrize(
    "row_class", [AccessLogRow, PreferenceVersionRow, ContactDetailsRow, IdempotencyRecordRow]
)
def test_inserts_match_core(
    server_app: FastAPI, victim: Victim, written: dict[str, Any], row_class: type[Any]
) -> None:
    """A row written by the prepared insert reads back (through Core) like one Core wrote:
    a copy of a row the server wrote, with what must be unique changed."""
    table = core_table(row_class)
    statement = Prepared(insert_all(table))
    with context_of(server_app).engine.begin() as connection:
        template = dict(connection.execute(select(table)).mappings().first() or {})
        assert template, f"the server wrote no {table.name} row"
        generated = table.autoincrement_column
        if generated is not None:
            del template[generated.key]
        # Unique columns get a value of their own per copy: (Core's, the prepared one's).
        unique: dict[str, tuple[Any, Any]] = {}
        if "id" in template:
            unique["id"] = (uuid.uuid4(), uuid.uuid4())
        if row_class is PreferenceVersionRow:
            unique["version"] = (50, 51)
        if row_class is IdempotencyRecordRow:
            unique["key"] = ("another-key", "a-third-key")
        if row_class is ContactDetailsRow:  # one per version: the two versions written
            connection.execute(table.delete())
            first, second = _versions_of(connection, victim.subject_id)
            unique["preference_version_id"] = (first, second)
        connection.execute(insert(table), {**template, **{k: v[0] for k, v in unique.items()}})
        by_prepared = {**template, **{k: v[1] for k, v in unique.items()}}
        assert statement.run(connection, by_prepared) == 1
        rows = connection.execute(select(table)).mappings().all()
        stored = [dict(row) for row in rows]
        for row in stored:
            if generated is not None:
                del row[generated.key]
        core_row = next(r for r in stored if all(r[k] == v[0] for k, v in unique.items()))
        prepared_row = next(r for r in stored if all(r[k] == v[1] for k, v in unique.items()))
        if generated is not None:  # the access log: no unique column, the last two rows
            core_row, prepared_row = stored[-2], stored[-1]
        assert prepared_row == by_prepared
        for name in unique:
            del core_row[name], prepared_row[name]
        assert prepared_row == core_row
        assert [type(v) for v in prepared_row.values()] == [type(v) for v in core_row.values()]


def test_updates_count_rows_like_core(
    server_app: FastAPI, victim: Victim, written: dict[str, Any]
) -> None:
    subjects = core_table(SubjectRow)
    with context_of(server_app).engine.begin() as connection:
        claim = {"subject": victim.subject_id, "old": 2, "new": 3}
        assert preferences._CLAIM_VERSION.run(connection, claim) == 1
        assert preferences._CLAIM_VERSION.run(connection, claim) == 0  # no longer at 2
        current = connection.scalar(
            select(subjects.c.current_version).where(subjects.c.id == victim.subject_id)
        )
        assert current == 3
        records = core_table(IdempotencyRecordRow)
        record_id = connection.scalar(select(records.c.id))
        done = {"record_id": record_id, "status": 200, "version": 7}
        assert idempotency._COMPLETE.run(connection, done) == 1
        stored = connection.execute(select(records).where(records.c.id == record_id)).one()
        assert (stored.in_progress, stored.response_status, stored.result_version) == (
            False,
            200,
            7,
        )


def test_a_driver_error_is_sqlalchemys_and_shows_no_values(
    server_app: FastAPI, written: dict[str, Any]
) -> None:
    """A duplicate key is SQLAlchemy's IntegrityError (callers catch that), with the same
    text as Core's under ``hide_parameters``: no parameter list."""
    records = core_table(IdempotencyRecordRow)
    engine = context_of(server_app).engine
    with engine.connect() as connection:
        existing = dict(connection.execute(select(records)).mappings().first() or {})
        duplicate = {**existing, "id": uuid.uuid4(), "request_hash": "a-secret-looking-hash"}
        with pytest.raises(exc.IntegrityError) as prepared_error:
            idempotency._INSERT_CLAIM.run(connection, duplicate)
        connection.rollback()
        with pytest.raises(exc.IntegrityError) as core_error:
            connection.execute(insert(records), duplicate)
        connection.rollback()
    text = str(prepared_error.value)
    assert "a-secret-looking-hash" not in text
    assert "[parameters:" not in str(core_error.value)  # what hide_parameters promises
    assert "parameters hidden" in text or "[parameters:" not in text
    assert type(prepared_error.value.orig) is type(core_error.value.orig)


def test_statements_it_cannot_run_faithfully_are_refused(server_app: FastAPI) -> None:
    """A Python-side column default or a RETURNING would need SQLAlchemy's execution."""
    subjects = core_table(SubjectRow)
    with context_of(server_app).engine.begin() as connection:
        with pytest.raises(TypeError):
            Prepared(insert(subjects).returning(subjects.c.id)).run(connection, {})
        with pytest.raises(TypeError):
            Prepared(insert(subjects).values(reference="r")).run(connection, {})


def test_the_remembered_connection_is_always_the_sessions_own(server_app: FastAPI) -> None:
    """``connection_of`` gives the connection of the session's current transaction: after a
    commit, a rollback or a failed statement, never the one of a transaction that ended."""
    with context_of(server_app).sessions() as db:
        first = connection_of(db)
        assert first is db.connection() and first.in_transaction()
        db.commit()
        second = connection_of(db)
        assert second is db.connection() and second.in_transaction()
        db.rollback()
        assert connection_of(db) is db.connection()
        with pytest.raises(exc.DBAPIError):
            questions._PUBLISHED.first(connection_of(db), {"version": object()})
        db.rollback()
        assert connection_of(db) is db.connection()


def test_a_detached_row_is_what_the_orm_would_have_made(
    server_app: FastAPI, victim: Victim
) -> None:
    """``detached_row`` equals ``make_transient_to_detached(Row(**values))``: same identity,
    no pending change, and once added to a session a change is written (and only then)."""
    subjects = core_table(SubjectRow)
    ctx = context_of(server_app)
    with ctx.engine.connect() as connection:
        values = dict(
            connection.execute(select(subjects).where(subjects.c.id == victim.subject_id))
            .mappings()
            .one()
        )
    by_orm = SubjectRow(**values)
    make_transient_to_detached(by_orm)
    built = detached_row(SubjectRow, values)
    for row in (by_orm, built):
        state = sa_inspect(row)
        assert state.detached and state.key == sa_inspect(by_orm).key
        assert not any(attr.history.has_changes() for attr in state.attrs)
        assert {key: getattr(row, key) for key in values} == values
    with ctx.sessions() as db:
        db.add(built)
        updates: list[str] = []
        event.listen(db.connection(), "before_cursor_execute", _record_updates(updates))
        db.flush()
        assert updates == []  # added unchanged: nothing to write
        built.language = "en" if values["language"] != "en" else "nl"
        db.commit()
        assert len(updates) == 1
    with ctx.engine.connect() as connection:
        stored = connection.scalar(
            select(subjects.c.language).where(subjects.c.id == victim.subject_id)
        )
    assert stored == built.language


def _record_updates(into: list[str]) -> Any:
    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE"):
            into.append(statement)

    return record


def test_a_pooled_connection_is_one_transaction_and_keeps_nothing_uncommitted(
    server_app: FastAPI, written: dict[str, Any]
) -> None:
    """The fast path's ``db.PooledConnection``: what it did not commit is gone once it is
    back in the pool, and a driver error on it is SQLAlchemy's, without values."""
    engine = context_of(server_app).engine
    records = core_table(IdempotencyRecordRow)
    with engine.connect() as connection:
        existing = dict(connection.execute(select(records)).mappings().first() or {})
    claim = {**existing, "id": uuid.uuid4(), "key": "kept-only-if-committed"}

    def stored() -> int:
        with engine.connect() as connection:
            found = connection.execute(select(records.c.id).where(records.c.key == claim["key"]))
            return len(found.all())

    with PooledConnection(engine) as db:
        assert idempotency._INSERT_CLAIM.run(db, claim) == 1
    assert stored() == 0
    with PooledConnection(engine) as db:
        idempotency._INSERT_CLAIM.run(db, claim)
        db.commit()
    assert stored() == 1
    again = {**claim, "id": uuid.uuid4(), "request_hash": "a-secret-looking-hash"}
    with PooledConnection(engine) as db:
        with pytest.raises(exc.IntegrityError) as error:
            idempotency._INSERT_CLAIM.run(db, again)
        db.rollback()
    assert "a-secret-looking-hash" not in str(error.value)
    assert stored() == 1
