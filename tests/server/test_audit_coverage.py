"""Every answer that shows (or changes) a victim's record leaves a row in its access log.

The operations come from the served OpenAPI document. Each one is classified here: either
it concerns a record, and is called successfully and must add an access-log row for that
record, or it is listed with the reason it does not. An operation added to the API without
a classification fails the test, so the list cannot go stale silently.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client, Response
from sqlalchemy import func, select

from api_client.models import Role
from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.tables import AccessLogRow
from tests.server.helpers import put_preferences
from tests.server.world import add_delegation, new_account
from tests.support.accounts import VICTIM_PASSPHRASE, Person, Seeded, mint_bearer
from tests.support.topics import ALL_TOPICS_JSON

REFERENCE = "CASE-0001"  # the seeded record's reference (tests/conftest.py)

# Operations whose answers hold no record data, and why.
NOT_ABOUT_A_RECORD: dict[str, str] = {
    "GET /v1/health": "server status only",
    "POST /v1/registrations": "answers with the new account, not the record",
    "POST /v1/sessions": "answers with tokens",
    "POST /v1/sessions/refresh": "answers with tokens",
    "DELETE /v1/sessions/current": "answers with nothing",
    "GET /v1/me": "the caller's own account and which records they may open, no content",
    "PUT /v1/me/passphrase": "answers with nothing, touches the account only",
    "GET /v1/questions/{version}": "the published question texts, the same for everyone",
    "GET /v1/me/notices/unread": "how many of the caller's own notices are unread: numbers only",
}


@dataclass
class Walk:
    """One victim record and the people around it. Tokens are minted on each use, because
    some calls move the clock past a token's lifetime."""

    api: Client
    app: FastAPI
    clock: MovableClock
    subject_id: uuid.UUID
    victim_id: uuid.UUID
    staff_id: uuid.UUID
    notifier_id: uuid.UUID
    representative_id: uuid.UUID
    delegation_id: uuid.UUID

    @property
    def victim(self) -> dict[str, str]:
        return mint_bearer(self.app, self.victim_id)

    @property
    def staff(self) -> dict[str, str]:
        return mint_bearer(self.app, self.staff_id)

    @property
    def notifier(self) -> dict[str, str]:
        return mint_bearer(self.app, self.notifier_id)

    @property
    def representative(self) -> dict[str, str]:
        return mint_bearer(self.app, self.representative_id)


@dataclass
class Request:
    """The one request under test, made ready by a call's setup (which may log on its own:
    the rows are counted just before ``send``)."""

    send: Callable[[], Response]
    subject_id: uuid.UUID | None
    """The record it concerns; ``None``: the record the request creates (its answer's id)."""


Call = Callable[[Walk], Request]


def _prefs(walk: Walk) -> str:
    return f"/v1/subjects/{walk.subject_id}/preferences"


def _version(walk: Walk) -> int:
    current = walk.api.get(_prefs(walk), headers=walk.victim)
    return int(current.headers["etag"].strip('"'))


def _choose(walk: Walk, body: dict[str, object]) -> None:
    """Setup: the victim records these preferences."""
    answer = put_preferences(walk.api, walk.victim, walk.subject_id, body, _version(walk))
    assert answer.status_code == 200, answer.text


APP_ONLY: dict[str, object] = {
    "inform": "yes",
    "recipients": "me",
    "channels": [{"kind": "app"}],
    "topics": ALL_TOPICS_JSON,
}
BY_EMAIL: dict[str, object] = {
    "inform": "yes",
    "recipients": "me",
    "channels": [{"kind": "email", "address": "hidden.person@example.org"}],
    "topics": ALL_TOPICS_JSON,
}
FINDING = {"kind": "material_online", "case_reference": "ZAAK-7", "authority": "Politie"}


def _finding(walk: Walk, preferences: dict[str, object]) -> dict[str, Any]:
    """Setup: the victim's preferences, then a finding recorded under them."""
    _choose(walk, preferences)
    headers = {**walk.notifier, "Idempotency-Key": uuid.uuid4().hex}
    answer = walk.api.post(
        f"/v1/subjects/{walk.subject_id}/findings", json=FINDING, headers=headers
    )
    assert answer.status_code == 201, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _put(walk: Walk) -> Request:
    body = {"inform": "yes", "recipients": "me", "channels": [{"kind": "app"}]}
    version = _version(walk)
    return Request(
        lambda: put_preferences(walk.api, walk.victim, walk.subject_id, body, version),
        walk.subject_id,
    )


def _revert(walk: Walk) -> Request:
    headers = {
        **walk.victim,
        "If-Match": f'"{_version(walk)}"',
        "Idempotency-Key": uuid.uuid4().hex,
    }
    return Request(
        lambda: walk.api.post(_prefs(walk) + "/revert", json={"to_version": 1}, headers=headers),
        walk.subject_id,
    )


def _create_subject(walk: Walk) -> Request:
    headers = walk.staff
    return Request(
        lambda: walk.api.post("/v1/subjects", json={"reference": "AUDIT-1"}, headers=headers),
        None,
    )


def _reconsent_list(walk: Walk) -> Request:
    mark = walk.api.patch(
        f"/v1/subjects/{walk.subject_id}", json={"needs_reconsent": True}, headers=walk.staff
    )
    assert mark.status_code == 200
    headers = walk.staff
    return Request(lambda: walk.api.get("/v1/staff/reconsent", headers=headers), walk.subject_id)


def _create_delegation(walk: Walk) -> Request:
    username, _ = new_account(walk.app, Role.representative, "lawyer")
    body = {"representative_username": username, "kind": "lawyer", "permissions": ["view"]}
    url = f"/v1/subjects/{walk.subject_id}/delegations"
    headers = walk.victim
    return Request(lambda: walk.api.post(url, json=body, headers=headers), walk.subject_id)


def _invite(walk: Walk) -> Response:
    body = {"subject_id": str(walk.subject_id), "kind": "lawyer", "permissions": ["view"]}
    return walk.api.post("/v1/invitations", json=body, headers=walk.victim)


def _withdraw(walk: Walk) -> Request:
    _invite(walk)
    headers = walk.victim
    url = f"/v1/subjects/{walk.subject_id}/invitations"
    pending = walk.api.get(url, headers=headers).json()[-1]["id"]
    return Request(lambda: walk.api.delete(f"{url}/{pending}", headers=headers), walk.subject_id)


def _accept(walk: Walk) -> Request:
    code = _invite(walk).json()["code"]
    _, account_id = new_account(walk.app, Role.representative, "invited")
    headers = mint_bearer(walk.app, account_id)
    return Request(
        lambda: walk.api.post("/v1/invitations/accept", json={"code": code}, headers=headers),
        walk.subject_id,
    )


def _delete_me(walk: Walk) -> Request:
    headers = walk.victim
    return Request(
        lambda: walk.api.request(
            "DELETE", "/v1/me", json={"passphrase": VICTIM_PASSPHRASE}, headers=headers
        ),
        walk.subject_id,
    )


def _find_by_reference(walk: Walk) -> Request:
    headers = walk.staff
    return Request(
        lambda: walk.api.get("/v1/subjects", params={"reference": REFERENCE}, headers=headers),
        walk.subject_id,
    )


def _digest_released(walk: Walk) -> Request:
    """A monthly digest held for the record, released by the scheduled step after the month."""
    _finding(walk, {**APP_ONLY, "frequency": "monthly"})
    walk.clock.advance(days=32)  # past the end of this month, whatever the day
    headers = walk.notifier
    return Request(lambda: walk.api.post("/v1/digests/run", headers=headers), walk.subject_id)


def _undecided_finding(walk: Walk) -> None:
    """Setup: a finding while the victim has not decided puts the record on the staff list."""
    _finding(walk, {"inform": "undecided"})


def _first_contacts(walk: Walk) -> Request:
    _undecided_finding(walk)
    headers = walk.staff
    return Request(lambda: walk.api.get("/v1/first-contacts", headers=headers), walk.subject_id)


def _first_contact_done(walk: Walk) -> Request:
    _undecided_finding(walk)
    url = f"/v1/first-contacts/{walk.subject_id}/done"
    headers = walk.staff
    return Request(lambda: walk.api.post(url, headers=headers), walk.subject_id)


def _queued_and_due(walk: Walk) -> str:
    """Setup: a finding queued for e-mail, and the clock at the start of its safe window."""
    (delivery,) = _finding(walk, BY_EMAIL)["deliveries"]
    assert delivery["state"] == "queued", delivery
    walk.clock.current = max(walk.clock.current, dt.datetime.fromisoformat(delivery["due_at"]))
    return str(delivery["id"])


def _due_deliveries(walk: Walk) -> Request:
    _queued_and_due(walk)
    headers = walk.notifier
    return Request(
        lambda: walk.api.get("/v1/deliveries", params={"due": "now"}, headers=headers),
        walk.subject_id,
    )


def _outcome(walk: Walk) -> Request:
    url = f"/v1/deliveries/{_queued_and_due(walk)}/outcome"
    headers = walk.notifier
    return Request(
        lambda: walk.api.post(url, json={"outcome": "delivered"}, headers=headers),
        walk.subject_id,
    )


def _in_app_notice(walk: Walk) -> str:
    """Setup: a finding that reaches the victim's inbox; returns the notice's id."""
    (delivery,) = _finding(walk, APP_ONLY)["deliveries"]
    assert delivery["state"] == "in_app", delivery
    return str(delivery["id"])


def _my_notices(walk: Walk) -> Request:
    _in_app_notice(walk)
    headers = walk.victim
    return Request(lambda: walk.api.get("/v1/me/notices", headers=headers), walk.subject_id)


def _answer_notice(walk: Walk) -> Request:
    url = f"/v1/notices/{_in_app_notice(walk)}/responses"
    headers = walk.victim
    return Request(
        lambda: walk.api.post(url, json={"kind": "want_support_contact"}, headers=headers),
        walk.subject_id,
    )


def _get(path: str, who: str) -> Call:
    def call(walk: Walk) -> Request:
        url = path.format(subject=walk.subject_id, delegation=walk.delegation_id)
        headers = getattr(walk, who)
        return Request(lambda: walk.api.get(url, headers=headers), walk.subject_id)

    return call


def _send(method: str, path: str, who: str, body: object) -> Call:
    def call(walk: Walk) -> Request:
        url = path.format(subject=walk.subject_id, delegation=walk.delegation_id)
        headers = getattr(walk, who)
        if method == "POST":
            headers = {**headers, "Idempotency-Key": uuid.uuid4().hex}
        return Request(
            lambda: walk.api.request(method, url, json=body, headers=headers), walk.subject_id
        )

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
    "GET /v1/subjects": _find_by_reference,
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
    "POST /v1/invitations": lambda walk: Request(lambda: _invite(walk), walk.subject_id),
    "POST /v1/invitations/accept": _accept,
    "GET /v1/subjects/{subject_id}/invitations": _get(SUBJECT + "/invitations", "victim"),
    "DELETE /v1/subjects/{subject_id}/invitations/{invitation_id}": _withdraw,
    "GET /v1/subjects/{subject_id}/notification-plan": _get(
        SUBJECT + "/notification-plan", "notifier"
    ),
    "GET /v1/subjects/{subject_id}/access-log": _get(SUBJECT + "/access-log", "victim"),
    "POST /v1/subjects/{subject_id}/findings": _send(
        "POST", SUBJECT + "/findings", "notifier", FINDING
    ),
    "POST /v1/digests/run": _digest_released,
    "GET /v1/first-contacts": _first_contacts,
    "POST /v1/first-contacts/{subject_id}/done": _first_contact_done,
    "GET /v1/deliveries": _due_deliveries,
    "POST /v1/deliveries/{delivery_id}/outcome": _outcome,
    "GET /v1/me/notices": _my_notices,
    "POST /v1/notices/{notice_id}/responses": _answer_notice,
    "GET /v1/subjects/{subject_id}/notice-responses": _get(
        SUBJECT + "/notice-responses", "notifier"
    ),
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
def walk(api: Client, seeded: Seeded, victim: Person, clock: MovableClock) -> Walk:
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
        clock=clock,
        subject_id=victim.subject_id,
        victim_id=victim.account_id,
        staff_id=seeded.staff_id,
        notifier_id=notifier_id,
        representative_id=rep_id,
        delegation_id=delegation_id,
    )


def test_every_answer_about_a_record_is_in_its_access_log(walk: Walk) -> None:
    served = [op for op in _served_operations(walk.api) if op in ABOUT_A_RECORD]
    # Ending the victim's account goes last; everything else in the document's order.
    served.sort(key=lambda op: op == "DELETE /v1/me")
    unlogged = []
    for operation in served:
        request = ABOUT_A_RECORD[operation](walk)
        before = 0 if request.subject_id is None else _rows(walk.app, request.subject_id)
        answer = request.send()
        assert answer.is_success, f"{operation}: {answer.status_code} {answer.text}"
        subject_id = request.subject_id or uuid.UUID(answer.json()["id"])
        if _rows(walk.app, subject_id) <= before:
            unlogged.append(operation)
    assert unlogged == []
