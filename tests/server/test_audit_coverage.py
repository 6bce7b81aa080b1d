"""Every answer that shows (or changes) a victim's record leaves a row in its access log.

The operations come from the served OpenAPI document. Each one is classified here: either
it concerns a record, and is called successfully and must add an access-log row for that
record, or it is listed with the reason it does not. An operation added to the API without
a classification fails the test, so the list cannot go stale silently.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from httpx import Client, Response
from sqlalchemy import func, select

from api_client.models import Role
from consent_server.app import context_of
from consent_server.tables import AccessLogRow
from tests.server.helpers import put_preferences
from tests.server.world import add_delegation, new_account
from tests.support.accounts import VICTIM_PASSPHRASE, Person, Seeded, mint_bearer

# Operations whose answers hold no record data, and why.
NOT_ABOUT_A_RECORD: dict[str, str] = {
    "GET /v1/health": "server status only",
    "POST /v1/registrations": "answers with the new account, not the record",
    "POST /v1/sessions": "answers with tokens",
    "POST /v1/sessions/refresh": "answers with tokens",
    "DELETE /v1/sessions/current": "answers with nothing",
    "GET /v1/me": "the caller's own account and which records they may open, no content",
    "PUT /v1/me/passphrase": "answers with nothing, touches the account only",
}


@dataclass
class Walk:
    api: Client
    app: FastAPI
    subject_id: uuid.UUID
    victim: dict[str, str]
    staff: dict[str, str]
    notifier: dict[str, str]
    representative: dict[str, str]
    delegation_id: uuid.UUID


Call = Callable[[Walk], tuple[Response, uuid.UUID]]


def _prefs(walk: Walk) -> str:
    return f"/v1/subjects/{walk.subject_id}/preferences"


def _version(walk: Walk) -> int:
    current = walk.api.get(_prefs(walk), headers=walk.victim)
    return int(current.headers["etag"].strip('"'))


def _put(walk: Walk) -> tuple[Response, uuid.UUID]:
    body = {"inform": "yes", "recipients": "me", "channels": [{"kind": "app"}]}
    return put_preferences(walk.api, walk.victim, walk.subject_id, body, _version(walk)), (
        walk.subject_id
    )


def _revert(walk: Walk) -> tuple[Response, uuid.UUID]:
    headers = {
        **walk.victim,
        "If-Match": f'"{_version(walk)}"',
        "Idempotency-Key": uuid.uuid4().hex,
    }
    answer = walk.api.post(_prefs(walk) + "/revert", json={"to_version": 1}, headers=headers)
    return answer, walk.subject_id


def _create_subject(walk: Walk) -> tuple[Response, uuid.UUID]:
    answer = walk.api.post("/v1/subjects", json={"reference": "AUDIT-1"}, headers=walk.staff)
    return answer, uuid.UUID(answer.json()["id"])


def _reconsent_list(walk: Walk) -> tuple[Response, uuid.UUID]:
    mark = walk.api.patch(
        f"/v1/subjects/{walk.subject_id}", json={"needs_reconsent": True}, headers=walk.staff
    )
    assert mark.status_code == 200
    return walk.api.get("/v1/staff/reconsent", headers=walk.staff), walk.subject_id


def _create_delegation(walk: Walk) -> tuple[Response, uuid.UUID]:
    username, _ = new_account(walk.app, Role.representative, "lawyer")
    body = {"representative_username": username, "kind": "lawyer", "permissions": ["view"]}
    url = f"/v1/subjects/{walk.subject_id}/delegations"
    return walk.api.post(url, json=body, headers=walk.victim), walk.subject_id


def _invite(walk: Walk) -> Response:
    body = {"subject_id": str(walk.subject_id), "kind": "lawyer", "permissions": ["view"]}
    return walk.api.post("/v1/invitations", json=body, headers=walk.victim)


def _accept(walk: Walk) -> tuple[Response, uuid.UUID]:
    code = _invite(walk).json()["code"]
    _, account_id = new_account(walk.app, Role.representative, "invited")
    headers = mint_bearer(walk.app, account_id)
    return walk.api.post("/v1/invitations/accept", json={"code": code}, headers=headers), (
        walk.subject_id
    )


def _delete_me(walk: Walk) -> tuple[Response, uuid.UUID]:
    return walk.api.request(
        "DELETE", "/v1/me", json={"passphrase": VICTIM_PASSPHRASE}, headers=walk.victim
    ), walk.subject_id


def _get(path: str, who: str) -> Call:
    def call(walk: Walk) -> tuple[Response, uuid.UUID]:
        url = path.format(subject=walk.subject_id, delegation=walk.delegation_id)
        return walk.api.get(url, headers=getattr(walk, who)), walk.subject_id

    return call


def _send(method: str, path: str, who: str, body: object) -> Call:
    def call(walk: Walk) -> tuple[Response, uuid.UUID]:
        url = path.format(subject=walk.subject_id, delegation=walk.delegation_id)
        headers = getattr(walk, who)
        return walk.api.request(method, url, json=body, headers=headers), walk.subject_id

    return call


SUBJECT = "/v1/subjects/{subject}"
# Operations that show or change a record: how to call each one successfully.
ABOUT_A_RECORD: dict[str, Call] = {
    "GET /v1/subjects/{subject_id}/preferences": _get(SUBJECT + "/preferences", "victim"),
    "PUT /v1/subjects/{subject_id}/preferences": _put,
    "POST /v1/subjects/{subject_id}/preferences/revert": _revert,
    "GET /v1/subjects/{subject_id}/preferences/history": _get(
        SUBJECT + "/preferences/history", "victim"
    ),
    "GET /v1/subjects/{subject_id}/receipts/{version}": _get(SUBJECT + "/receipts/1", "victim"),
    "POST /v1/subjects": _create_subject,
    "GET /v1/subjects/{subject_id}": _get(SUBJECT, "representative"),
    "PATCH /v1/subjects/{subject_id}": _send("PATCH", SUBJECT, "staff", {}),
    "GET /v1/staff/reconsent": _reconsent_list,
    "POST /v1/subjects/{subject_id}/activation-codes": _send(
        "POST", SUBJECT + "/activation-codes", "staff", {"role": "representative"}
    ),
    "GET /v1/subjects/{subject_id}/delegations": _get(SUBJECT + "/delegations", "victim"),
    "POST /v1/subjects/{subject_id}/delegations": _create_delegation,
    "PATCH /v1/subjects/{subject_id}/delegations/{delegation_id}": _send(
        "PATCH", SUBJECT + "/delegations/{delegation}", "staff", {}
    ),
    "DELETE /v1/subjects/{subject_id}/delegations/{delegation_id}": _send(
        "DELETE", SUBJECT + "/delegations/{delegation}", "victim", None
    ),
    "POST /v1/invitations": lambda walk: (_invite(walk), walk.subject_id),
    "POST /v1/invitations/accept": _accept,
    "GET /v1/subjects/{subject_id}/notification-plan": _get(
        SUBJECT + "/notification-plan", "notifier"
    ),
    "GET /v1/subjects/{subject_id}/access-log": _get(SUBJECT + "/access-log", "victim"),
    "DELETE /v1/me": _delete_me,  # last: it ends the victim's account
}


def _served_operations(api: Client) -> list[str]:
    document = api.get("/openapi.json").json()
    return [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    ]


def _rows(app: FastAPI, subject_id: uuid.UUID) -> int:
    with context_of(app).sessions() as db:
        count = db.scalar(
            select(func.count())
            .select_from(AccessLogRow)
            .where(AccessLogRow.subject_id == subject_id)
        )
    return int(count or 0)


def test_every_served_operation_is_classified(api: Client) -> None:
    served = set(_served_operations(api))
    classified = set(NOT_ABOUT_A_RECORD) | set(ABOUT_A_RECORD)
    assert served - classified == set(), "classify the new operation in this file"
    assert classified - served == set(), "this operation is no longer served"


@pytest.fixture
def walk(api: Client, seeded: Seeded, victim: Person) -> Walk:
    app = seeded.app
    assert victim.subject_id is not None
    _, rep_id = new_account(app, Role.representative, "rep")
    delegation_id = add_delegation(app, victim.subject_id, rep_id, ["view", "edit"])
    victim_headers = mint_bearer(app, victim.account_id)
    first = {"inform": "yes", "recipients": "both", "channels": [{"kind": "app"}]}
    assert put_preferences(api, victim_headers, victim.subject_id, first, 0).status_code == 200
    _, notifier_id = new_account(app, Role.notifier, "notifier")
    return Walk(
        api=api,
        app=app,
        subject_id=victim.subject_id,
        victim=victim_headers,
        staff=mint_bearer(app, seeded.staff_id),
        notifier=mint_bearer(app, notifier_id),
        representative=mint_bearer(app, rep_id),
        delegation_id=delegation_id,
    )


def test_every_answer_about_a_record_is_in_its_access_log(walk: Walk) -> None:
    served = [op for op in _served_operations(walk.api) if op in ABOUT_A_RECORD]
    # Ending the victim's account goes last; everything else in the document's order.
    served.sort(key=lambda op: op == "DELETE /v1/me")
    unlogged = []
    for operation in served:
        before = _rows(walk.app, walk.subject_id)
        answer, subject_id = ABOUT_A_RECORD[operation](walk)
        assert answer.is_success, f"{operation}: {answer.status_code} {answer.text}"
        if subject_id != walk.subject_id:
            before = 0  # a record made by this very call
        if _rows(walk.app, subject_id) <= before:
            unlogged.append(operation)
    assert unlogged == []
