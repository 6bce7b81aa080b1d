"""People in the server's database: a seeded staff member and victim record, more accounts.

The fixtures that build these (``seeded``, ``victim``, ``login``) are in ``tests/conftest.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI

from api_client import AsyncConsentClient
from api_client.models import Role
from consent_server import admin
from consent_server.app import context_of
from consent_server.auth import start_session
from consent_server.passwords import hash_now
from consent_server.settings import ServerSettings
from consent_server.tables import AccountRow

STAFF_USERNAME = "staff.member"
STAFF_PASSPHRASE = "staff passphrase for the tests"
VICTIM_USERNAME = "victim.one"
VICTIM_PASSPHRASE = "a long and private passphrase"

Login = Callable[[str, str], dict[str, str]]
"""``login(username, passphrase)`` -> the Authorization header of a fresh session."""


@dataclass
class Seeded:
    """A staff account and one victim record with an unused activation code."""

    settings: ServerSettings
    app: FastAPI
    staff_id: uuid.UUID
    subject_id: uuid.UUID
    activation_code: str
    staff_username: str = STAFF_USERNAME
    staff_passphrase: str = STAFF_PASSPHRASE

    def new_subject(
        self, reference: str | None = None, date_of_birth: dt.date | None = None
    ) -> uuid.UUID:
        with context_of(self.app).sessions() as db:
            subject = admin.create_subject(
                db, self.settings, reference or f"REF-{uuid.uuid4().hex[:8]}", date_of_birth
            )
            return subject.id

    def new_code(self, subject_id: uuid.UUID, role: str = "victim") -> str:
        with context_of(self.app).sessions() as db:
            return admin.issue_activation_code(db, self.settings, subject_id, role).code


@dataclass(frozen=True)
class Person:
    """An account; ``subject_id`` is the victim record it belongs to, if any."""

    username: str
    passphrase: str
    account_id: uuid.UUID
    subject_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Victim(Person):
    """An account that is the victim of a record: its ``subject_id`` is always set."""

    subject_id: uuid.UUID


@functools.cache
def argon2id_hash(passphrase: str) -> str:
    """A real argon2id hash, computed once per passphrase per session to keep fixtures quick."""
    return hash_now(passphrase)


def insert_account(app: FastAPI, username: str, passphrase: str, role: Role) -> uuid.UUID:
    """Create an account directly in the database (tests of registration use the API)."""
    context = context_of(app)
    now = context.now()
    with context.sessions() as db:
        account = AccountRow(
            username=username,
            username_key=username.lower(),
            passphrase_hash=argon2id_hash(passphrase),
            role=role.value,
            created_at=now,
            passphrase_changed_at=now,
        )
        db.add(account)
        db.commit()
        return account.id


def mint_bearer(app: FastAPI, account_id: uuid.UUID) -> dict[str, str]:
    """A fresh login for ``account_id`` without a passphrase check (cheap: no argon2)."""
    context = context_of(app)
    with context.sessions() as db:
        account = db.get(AccountRow, account_id)
        assert account is not None
        session = start_session(db, context, account)
    return {"Authorization": f"Bearer {session.access_token}"}


async def register_and_log_in(client: AsyncConsentClient, code: str, passphrase: str) -> str:
    """A new account registered with the activation ``code`` and logged in on ``client``;
    returns its (unique) username."""
    username = f"victim-{uuid.uuid4().hex[:10]}"
    await client.register(code, username, passphrase)
    await client.login(username, passphrase)
    return username
