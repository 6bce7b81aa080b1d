"""Every endpoint about a victim record × every kind of caller × own and other record.

"own" is record A: the victim's own, for which the six representatives hold mandates
(see tests/server/world.py). "other" is record C: another victim's, nobody here is related to
it. Each cell is the exact status. A third request per cell goes to a random id: for anyone
who may not see record C, it must get the very same answer as record C, so nobody can tell
an existing record from a made-up id.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from httpx import Client, Response

from api_client.models import Role as AccountRole
from consent_server.app import context_of
from consent_server.tables import DelegationRow
from tests.server.world import (
    ASSISTED,
    ROLES,
    World,
    add_delegation,
    build_world,
    new_account,
)
from tests.support.accounts import Seeded, Victim

Cell = tuple[int, int]  # (status on the own record, status on the other record)

# fmt: off
EXPECTED: dict[str, dict[str, Cell]] = {
    "GET subject": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (200, 404), "rep_edit": (200, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (200, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "PATCH subject": {  # staff only, decided by role before any record is looked up
        "anonymous": (401, 401), "victim_self": (403, 403), "victim_other": (403, 403),
        "rep_view": (403, 403), "rep_edit": (403, 403), "rep_notices": (403, 403),
        "rep_revoked": (403, 403), "rep_expired": (403, 403), "rep_conflicted": (403, 403),
        "staff": (200, 200), "notifier": (403, 403),
    },
    "POST activation code": {  # staff only, by role
        "anonymous": (401, 401), "victim_self": (403, 403), "victim_other": (403, 403),
        "rep_view": (403, 403), "rep_edit": (403, 403), "rep_notices": (403, 403),
        "rep_revoked": (403, 403), "rep_expired": (403, 403), "rep_conflicted": (403, 403),
        "staff": (201, 201), "notifier": (403, 403),
    },
    "GET preferences": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (200, 404), "rep_edit": (200, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (200, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "PUT preferences": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (200, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "POST revert": {  # the victim (or staff with them) undoes; representatives may not
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "GET history": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (200, 404), "rep_edit": (200, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (200, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "GET receipt": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (200, 404), "rep_edit": (200, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (200, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "GET delegations": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
    "POST delegation": {
        "anonymous": (401, 401), "victim_self": (201, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (201, 201), "notifier": (404, 404),
    },
    "PATCH delegation": {  # staff only, by role
        "anonymous": (401, 401), "victim_self": (403, 403), "victim_other": (403, 403),
        "rep_view": (403, 403), "rep_edit": (403, 403), "rep_notices": (403, 403),
        "rep_revoked": (403, 403), "rep_expired": (403, 403), "rep_conflicted": (403, 403),
        "staff": (200, 200), "notifier": (403, 403),
    },
    "DELETE delegation": {
        "anonymous": (401, 401), "victim_self": (204, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (204, 204), "notifier": (404, 404),
    },
    "POST invitation": {  # only the victim invites; staff add mandates directly
        "anonymous": (401, 401), "victim_self": (201, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (403, 403), "notifier": (404, 404),
    },
    "GET notification plan": {
        "anonymous": (401, 401), "victim_self": (403, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (200, 200), "notifier": (200, 200),
    },
    "GET access log": {
        "anonymous": (401, 401), "victim_self": (200, 404), "victim_other": (404, 404),
        "rep_view": (403, 404), "rep_edit": (403, 404), "rep_notices": (404, 404),
        "rep_revoked": (404, 404), "rep_expired": (404, 404), "rep_conflicted": (403, 404),
        "staff": (200, 200), "notifier": (404, 404),
    },
}

# Endpoints about no particular record: role → status.
EXPECTED_BY_ROLE: dict[str, dict[str, int]] = {
    "GET reconsent work-list": {
        "anonymous": 401, "victim_self": 403, "victim_other": 403, "rep_view": 403,
        "rep_edit": 403, "rep_notices": 403, "rep_revoked": 403, "rep_expired": 403,
        "rep_conflicted": 403, "staff": 200, "notifier": 403,
    },
    "POST accept invitation": {  # any representative account; the code decides the record
        "anonymous": 401, "victim_self": 403, "victim_other": 403, "rep_view": 201,
        "rep_edit": 201, "rep_notices": 201, "rep_revoked": 201, "rep_expired": 201,
        "rep_conflicted": 201, "staff": 403, "notifier": 403,
    },
}
# fmt: on


def _preferences_body(role: str) -> dict[str, object]:
    body: dict[str, object] = {"inform": "yes", "recipients": "both"}
    if role == "staff":
        body["assisted"] = ASSISTED
    return body


def _fresh_representative(world: World) -> str:
    username, _ = new_account(world.app, AccountRole.representative, "target")
    return username


def _target_delegation(world: World, subject_id: uuid.UUID) -> uuid.UUID:
    """A mandate of a bystander on the record, for PATCH and DELETE to act on."""
    _, account_id = new_account(world.app, AccountRole.representative, "bystander")
    return add_delegation(world.app, subject_id, account_id, ["view"])


Request = Callable[[World, str, uuid.UUID, uuid.UUID], Response]


def _subject_url(subject_id: uuid.UUID, suffix: str = "") -> str:
    return f"/v1/subjects/{subject_id}{suffix}"


def _writes(world: World, role: str, real: uuid.UUID) -> dict[str, str]:
    version = world.current_version(real)
    return {
        **world.headers[role],
        "If-Match": f'"{version}"',
        "Idempotency-Key": uuid.uuid4().hex,
    }


# Each request takes (world, role, the id in the URL, the real record it stands for): the real
# record decides what a valid request looks like (its version, a mandate on it), so that the
# request to a random id differs from the one to record C in the id alone.
REQUESTS: dict[str, Request] = {
    "GET subject": lambda w, role, sid, real: w.api.get(_subject_url(sid), headers=w.headers[role]),
    "PATCH subject": lambda w, role, sid, real: w.api.patch(
        _subject_url(sid), json={"needs_reconsent": False}, headers=w.headers[role]
    ),
    "POST activation code": lambda w, role, sid, real: w.api.post(
        _subject_url(sid, "/activation-codes"),
        json={"role": "representative"},
        headers=w.headers[role],
    ),
    "GET preferences": lambda w, role, sid, real: w.api.get(
        _subject_url(sid, "/preferences"), headers=w.headers[role]
    ),
    "PUT preferences": lambda w, role, sid, real: w.api.put(
        _subject_url(sid, "/preferences"),
        json=_preferences_body(role),
        headers=_writes(w, role, real),
    ),
    "POST revert": lambda w, role, sid, real: w.api.post(
        _subject_url(sid, "/preferences/revert"),
        json={"to_version": 1, **({"assisted": ASSISTED} if role == "staff" else {})},
        headers=_writes(w, role, real),
    ),
    "GET history": lambda w, role, sid, real: w.api.get(
        _subject_url(sid, "/preferences/history"), headers=w.headers[role]
    ),
    "GET receipt": lambda w, role, sid, real: w.api.get(
        _subject_url(sid, "/receipts/1"), headers=w.headers[role]
    ),
    "GET delegations": lambda w, role, sid, real: w.api.get(
        _subject_url(sid, "/delegations"), headers=w.headers[role]
    ),
    "POST delegation": lambda w, role, sid, real: w.api.post(
        _subject_url(sid, "/delegations"),
        json={
            "representative_username": _fresh_representative(w),
            "kind": "lawyer",
            "permissions": ["view"],
        },
        headers=w.headers[role],
    ),
    "PATCH delegation": lambda w, role, sid, real: w.api.patch(
        _subject_url(sid, f"/delegations/{_target_delegation(w, real)}"),
        json={"verified": True},
        headers=w.headers[role],
    ),
    "DELETE delegation": lambda w, role, sid, real: w.api.delete(
        _subject_url(sid, f"/delegations/{_target_delegation(w, real)}"),
        headers=w.headers[role],
    ),
    "POST invitation": lambda w, role, sid, real: w.api.post(
        "/v1/invitations",
        json={"subject_id": str(sid), "kind": "support_worker", "permissions": ["view"]},
        headers=w.headers[role],
    ),
    "GET notification plan": lambda w, role, sid, real: w.api.get(
        _subject_url(sid, "/notification-plan"), headers=w.headers[role]
    ),
    "GET access log": lambda w, role, sid, real: w.api.get(
        _subject_url(sid, "/access-log"), headers=w.headers[role]
    ),
}


@pytest.fixture
def world(api: Client, seeded: Seeded, victim: Victim) -> World:
    return build_world(api, seeded, victim)


def test_every_endpoint_is_in_the_table() -> None:
    assert set(REQUESTS) == set(EXPECTED)
    every_row: dict[str, Mapping[str, object]] = {**EXPECTED, **EXPECTED_BY_ROLE}
    for endpoint, cells in every_row.items():
        assert tuple(cells) == ROLES, endpoint


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_authorisation_matrix(world: World, endpoint: str) -> None:
    request = REQUESTS[endpoint]
    actual: dict[str, Cell] = {}
    leaks: list[str] = []
    refusals: list[Response] = []
    for role in ROLES:
        own = request(world, role, world.own, world.own)
        other = request(world, role, world.other, world.other)
        actual[role] = (own.status_code, other.status_code)
        refusals += [answer for answer in (own, other) if answer.status_code == 403]
        made_up = uuid.uuid4()
        random = request(world, role, made_up, world.other)
        if other.status_code < 400:
            unchanged = random.status_code == 404
        elif role == "staff":
            # Staff may see every record, so for them a made-up id may simply be absent.
            unchanged = random.status_code in {404, other.status_code}
        else:
            # Someone who may not see record C cannot tell it from an id that does not exist.
            unchanged = (random.status_code, random.json()) == (other.status_code, other.json())
        if not unchanged:
            leaks.append(f"{role}: {random.status_code} for a made-up id")
    assert actual == EXPECTED[endpoint]
    assert leaks == []
    contract = world.api.get("/openapi.json").json()
    for refusal in refusals:  # the problem type answered is the one the contract names
        declared = _declared_answer(contract, refusal.request.method, refusal.request.url.path)
        assert refusal.json()["type"] in declared.get("403", {}).get("description", ""), (
            endpoint,
            refusal.json()["type"],
        )


def _declared_answer(contract: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """The responses the contract declares for the operation that ``path`` matched."""
    for template, operations in contract["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in operations:
            found: dict[str, Any] = operations[method.lower()]["responses"]
            return found
    raise AssertionError(f"no operation for {method} {path}")


def test_authorisation_by_role(world: World) -> None:
    inviter = world.headers["victim_other"]
    (their_record,) = world.api.get("/v1/me", headers=inviter).json()["subjects"]

    def accept(role: str) -> Response:
        """Invited by a victim none of these representatives acts for yet."""
        invite = world.api.post(
            "/v1/invitations",
            json={
                "subject_id": their_record["subject_id"],
                "kind": "lawyer",
                "permissions": ["view"],
            },
            headers=inviter,
        )
        assert invite.status_code == 201
        code = invite.json()["code"]
        return world.api.post(
            "/v1/invitations/accept", json={"code": code}, headers=world.headers[role]
        )

    requests: dict[str, Callable[[str], Response]] = {
        "GET reconsent work-list": lambda role: world.api.get(
            "/v1/staff/reconsent", headers=world.headers[role]
        ),
        "POST accept invitation": accept,
    }
    actual = {
        endpoint: {role: requests[endpoint](role).status_code for role in ROLES}
        for endpoint in EXPECTED_BY_ROLE
    }
    assert actual == EXPECTED_BY_ROLE


def test_tokens_of_a_revoked_representative_stop_working_at_once(world: World) -> None:
    """The representative keeps their token; the very next request with it is refused."""
    rep = world.headers["rep_edit"]
    url = _subject_url(world.own, "/preferences")
    assert world.api.get(url, headers=rep).status_code == 200
    listed = world.api.get(
        _subject_url(world.own, "/delegations"), headers=world.headers["victim_self"]
    ).json()
    mine = next(d for d in listed if d["representative_id"] == str(world.account_ids["rep_edit"]))
    revoked = world.api.delete(
        _subject_url(world.own, f"/delegations/{mine['id']}"),
        headers=world.headers["victim_self"],
    )
    assert revoked.status_code == 204
    assert world.api.get(url, headers=rep).status_code == 404
    me = world.api.get("/v1/me", headers=rep).json()
    assert me["subjects"] == []
    with context_of(world.app).sessions() as db:
        row = db.get(DelegationRow, uuid.UUID(mine["id"]))
        assert row is not None and row.revoked_at == context_of(world.app).now()
