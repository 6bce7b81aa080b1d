"""People around one victim record, for the representative, notifier and matrix tests.

Accounts and mandates are written straight into the database and sessions are started
through ``consent_server.auth`` (real tokens, real checks on every request), which skips
hashing a passphrase per person and keeps the matrix quick.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from fastapi import FastAPI
from httpx import Client

from api_client.models import Role
from consent_server.app import context_of
from consent_server.tables import DelegationRow, SubjectRow
from tests.server.helpers import put_preferences
from tests.support.accounts import Seeded, Victim, insert_account, mint_bearer

PASSPHRASE = "a passphrase nobody types in these tests"
ASSISTED = {"identity_check": "passport shown at the desk", "read_back_confirmed": True}


def new_account(app: FastAPI, role: Role, prefix: str) -> tuple[str, uuid.UUID]:
    username = f"{prefix}-{uuid.uuid4().hex[:8]}"
    return username, insert_account(app, username, PASSPHRASE, role)


def new_subject_with_victim(
    seeded: Seeded, date_of_birth: dt.date | None = None
) -> tuple[uuid.UUID, uuid.UUID]:
    """A record with its own victim account; returns (subject id, account id)."""
    subject_id = seeded.new_subject(date_of_birth=date_of_birth)
    _username, account_id = new_account(seeded.app, Role.victim, "victim")
    with context_of(seeded.app).sessions() as db:
        subject = db.get(SubjectRow, subject_id)
        assert subject is not None
        subject.account_id = account_id
        db.commit()
    return subject_id, account_id


def add_delegation(
    app: FastAPI,
    subject_id: uuid.UUID,
    representative_id: uuid.UUID,
    permissions: Iterable[str],
    *,
    kind: str = "lawyer",
    valid_until: dt.date | None = None,
    revoked: bool = False,
    conflict_of_interest: bool = False,
) -> uuid.UUID:
    context = context_of(app)
    now = context.now()
    with context.sessions() as db:
        row = DelegationRow(
            subject_id=subject_id,
            representative_id=representative_id,
            kind=kind,
            permissions=sorted(permissions),
            evidence=None,
            verified_by=None,
            valid_from=now - dt.timedelta(days=30),
            valid_until=valid_until,
            revoked_at=now - dt.timedelta(days=1) if revoked else None,
            conflict_of_interest=conflict_of_interest,
            created_at=now - dt.timedelta(days=30),
            created_by=None,
        )
        db.add(row)
        db.commit()
        return row.id


ALL = ("view", "edit", "receive_notices")
# Representatives of the victim's record: role name → (permissions, how the mandate stands).
REPRESENTATIVES: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    "rep_view": (("view",), {}),
    "rep_edit": (("view", "edit"), {}),
    "rep_notices": (("receive_notices",), {}),
    "rep_revoked": (ALL, {"revoked": True}),
    "rep_expired": (ALL, {"valid_until": dt.date(2026, 5, 31)}),
    "rep_conflicted": (ALL, {"conflict_of_interest": True}),
}
ROLES = (
    "anonymous",
    "victim_self",
    "victim_other",
    *REPRESENTATIVES,
    "staff",
    "notifier",
)


@dataclass
class World:
    """Record A (the victim's own, with six representatives) and record C (someone else's)."""

    api: Client
    app: FastAPI
    seeded: Seeded
    own: uuid.UUID
    other: uuid.UUID
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    account_ids: dict[str, uuid.UUID] = field(default_factory=dict)

    def current_version(self, subject_id: uuid.UUID) -> int:
        with context_of(self.app).sessions() as db:
            subject = db.get(SubjectRow, subject_id)
            return subject.current_version if subject is not None else 0


def build_world(api: Client, seeded: Seeded, victim: Victim) -> World:
    app = seeded.app
    assert victim.subject_id is not None
    other, other_victim = new_subject_with_victim(seeded)
    _, third_victim = new_subject_with_victim(seeded)
    world = World(api=api, app=app, seeded=seeded, own=victim.subject_id, other=other)
    world.account_ids = {
        "victim_self": victim.account_id,
        "victim_other": third_victim,
        "staff": seeded.staff_id,
        "notifier": new_account(app, Role.notifier, "notifier")[1],
    }
    for role, (permissions, standing) in REPRESENTATIVES.items():
        _, account_id = new_account(app, Role.representative, role.replace("_", "-"))
        add_delegation(app, victim.subject_id, account_id, permissions, **standing)  # type: ignore[arg-type]
        world.account_ids[role] = account_id
    world.headers = {
        role: mint_bearer(app, account_id) for role, account_id in world.account_ids.items()
    }
    world.headers["anonymous"] = {}
    first = {"inform": "yes", "recipients": "both", "channels": [{"kind": "app"}]}
    for subject_id, owner in ((world.own, "victim_self"), (other, None)):
        headers = world.headers[owner] if owner else mint_bearer(app, other_victim)
        assert put_preferences(api, headers, subject_id, first, 0).status_code == 200
    return world
