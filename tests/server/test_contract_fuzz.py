"""Schemathesis, stateful, against the published contract: as the victim, a representative,
staff and the notifier, following the contract's links (create, then read and update), with
every check schemathesis has. The seed is random each run and printed; replay a failure with
``CONTRACT_FUZZ_SEED=<seed>``.

Operations that end the session (log out, delete the account, change the passphrase, which
ends the other sessions) run in a machine of their own, with a fresh login per request.
"""

from __future__ import annotations

import os
import random
import uuid
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.stateful.state_machine import APIStateMachine

from api_client.models import Role
from consent_server.app import context_of
from consent_server.tables import DelegationRow
from tests.support.accounts import Person, Seeded, insert_account, mint_bearer

SESSION_ENDING = ["logOut", "deleteAccount", "changePassphrase"]
ROLES = ["victim", "representative", "staff", "notifier"]
# Schema-valid requests this API may still refuse for what they mean, not their shape: an
# unknown or used code (400), a stale If-Match (412), a reused Idempotency-Key, a too-common
# passphrase, an unknown representative or a read-only field that does not match (422).
# A write's headers are checked before its body, so a bad body with a stale If-Match is
# refused with 412: a refusal, as the negative-data check wants, though not one it lists.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "412", "422", "429"]

[checks.negative_data_rejection]
expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429"
]
"""
)
SEED = int(os.environ.get("CONTRACT_FUZZ_SEED") or random.randrange(2**32))


def _accounts(app: FastAPI, seeded: Seeded, victim: Person) -> dict[str, uuid.UUID]:
    representative = insert_account(
        app, "rep.fuzz", "representative passphrase", Role.representative
    )
    notifier = insert_account(app, "notifier.fuzz", "notifier passphrase here", Role.notifier)
    context = context_of(app)
    now = context.now()
    with context.sessions() as db:
        db.add(
            DelegationRow(
                subject_id=victim.subject_id,
                representative_id=representative,
                kind="lawyer",
                permissions=["view", "edit", "receive_notices"],
                valid_from=now,
                created_by=seeded.staff_id,
                created_at=now,
            )
        )
        db.commit()
    return {
        "victim": victim.account_id,
        "representative": representative,
        "staff": seeded.staff_id,
        "notifier": notifier,
    }


def filter_query(ctx: Any, query: dict[str, Any] | None) -> bool:
    """Only queries a client can send as generated: an object, an empty list or a null has no
    form in a query string, so the client leaves it out and the server sees another request
    than the one the checks judge (a "refused" invalid cursor arrives as no cursor at all)."""
    return not query or all(_sendable(value) for value in query.values())


def _sendable(value: object) -> bool:
    if isinstance(value, list):  # repeated parameters; an empty list is no parameter at all
        return bool(value) and all(isinstance(item, str | int | float | bool) for item in value)
    return isinstance(value, str | int | float | bool)


def _schema(app: FastAPI) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
    schema.hook(filter_query)
    return schema


def _machine(app: FastAPI, account_id: uuid.UUID) -> type[APIStateMachine]:
    """Each scenario starts from the same database: the one the test seeded (a copy of the
    SQLite file is put back), so what a scenario may do does not depend on the one before."""
    base = _schema(app).exclude(operation_id=SESSION_ENDING).as_state_machine()
    headers = mint_bearer(app, account_id)
    context = context_of(app)
    path = context.settings.sqlite_path()
    assert path is not None
    database: Path = path
    context.engine.dispose()
    snapshot = database.read_bytes()

    class Machine(base):  # type: ignore[valid-type,misc]
        def setup(self) -> None:
            context.engine.dispose()
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            database.write_bytes(snapshot)

        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"headers": headers}

    machine: type[APIStateMachine] = hypothesis.seed(SEED)(Machine)
    return machine


def _session_ending(app: FastAPI, account_id: uuid.UUID, fuzz_settings: settings) -> None:
    """Not stateful (no links among them): each request with a fresh login of its own."""
    for result in _schema(app).include(operation_id=SESSION_ENDING).get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]

        @hypothesis.seed(SEED)
        @fuzz_settings
        @hypothesis.given(case=operation.as_strategy())
        def run(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(headers=mint_bearer(app, account_id))

        run()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("session_ending", [False, True], ids=["session", "session-ending"])
def test_the_contract_holds_for_every_role(
    server_app: FastAPI, seeded: Seeded, victim: Person, session_ending: bool
) -> None:
    print(f"\ncontract fuzz seed: {SEED} (replay: CONTRACT_FUZZ_SEED={SEED})")
    accounts = _accounts(server_app, seeded, victim)
    fuzz_settings = settings(
        max_examples=20 if not session_ending else 10,
        stateful_step_count=8,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    for role in ROLES:
        print(f"  as {role}")
        if session_ending:
            _session_ending(server_app, accounts[role], fuzz_settings)
        else:
            _machine(server_app, accounts[role]).run(settings=fuzz_settings)
