"""Reading and writing preferences: versions, preconditions, idempotency, history, receipts."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from httpx import Client
from sqlalchemy import func, select

from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.tables import AccessLogRow, IdempotencyRecordRow, PreferenceVersionRow
from tests.support.accounts import Login, Seeded, Victim

from .helpers import PRIVATE_BODY, preferences_url, put_preferences


def count_versions(app: FastAPI, subject_id: uuid.UUID) -> int:
    with context_of(app).sessions() as db:
        return (
            db.scalar(
                select(func.count())
                .select_from(PreferenceVersionRow)
                .where(PreferenceVersionRow.subject_id == subject_id)
            )
            or 0
        )


def test_new_record_starts_undecided_at_version_zero(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    response = api.get(preferences_url(victim.subject_id), headers=headers)
    assert response.status_code == 200
    assert response.headers["etag"] == '"0"'
    assert response.headers["cache-control"] == "no-store"
    document = response.json()
    assert document["inform"] == "undecided"
    assert (
        document["version"] == 0
        and document["updated_at"] is None
        and document["updated_by"] is None
    )


def test_write_creates_a_version_and_returns_the_document(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    response = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"1"'
    document = response.json()
    assert document["version"] == 1
    assert document["inform"] == "yes"
    assert document["channels"] == PRIVATE_BODY["channels"]
    assert document["safe_contact"] == PRIVATE_BODY["safe_contact"]
    assert document["updated_by"]["relation"] == "self"
    assert api.get(preferences_url(victim.subject_id), headers=headers).json() == document


def test_a_no_is_recorded_as_no(api: Client, victim: Victim, headers: dict[str, str]) -> None:
    put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 0)
    put_preferences(api, headers, victim.subject_id, {"inform": "no", "language": "en"}, 1)
    assert api.get(preferences_url(victim.subject_id), headers=headers).json()["inform"] == "no"


def test_write_without_if_match_is_428(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    response = api.put(
        preferences_url(victim.subject_id),
        json={"inform": "no"},
        headers={**headers, "Idempotency-Key": "k-1"},
    )
    assert response.status_code == 428
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://consent.invalid/problems/precondition-required"


def test_write_without_idempotency_key_is_refused(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    response = api.put(
        preferences_url(victim.subject_id),
        json={"inform": "no"},
        headers={**headers, "If-Match": '"0"'},
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/idempotency-key-missing")


def test_stale_if_match_is_412_with_the_current_document(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    first = put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 0).json()
    stale = put_preferences(api, headers, victim.subject_id, {"inform": "yes"}, 0)
    assert stale.status_code == 412
    problem = stale.json()
    assert problem["type"] == "https://consent.invalid/problems/precondition-failed"
    assert problem["current"] == first
    assert problem["current"]["inform"] == "no"
    garbage = put_preferences(api, headers, victim.subject_id, {"inform": "yes"}, "abc")
    assert garbage.status_code == 412


def test_same_key_and_body_replays_the_answer_and_writes_once(
    server_app: FastAPI, api: Client, victim: Victim, headers: dict[str, str], clock: MovableClock
) -> None:
    first = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0, key="retry-me")
    clock.advance(seconds=30)
    # The retry still carries the If-Match it was first sent with: it must not turn into a 412.
    second = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0, key="retry-me")
    assert second.status_code == first.status_code == 200
    assert second.json() == first.json()
    assert second.headers["etag"] == first.headers["etag"]
    assert count_versions(server_app, victim.subject_id) == 1


def test_same_key_with_another_body_is_422(
    server_app: FastAPI, api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 0, key="once")
    other = put_preferences(api, headers, victim.subject_id, {"inform": "yes"}, 1, key="once")
    assert other.status_code == 422
    assert other.json()["type"] == "https://consent.invalid/problems/idempotency-key-reused"
    assert count_versions(server_app, victim.subject_id) == 1


def test_same_key_still_in_progress_is_409(
    server_app: FastAPI, api: Client, victim: Victim, headers: dict[str, str], clock: MovableClock
) -> None:
    from api_client.models import PreferenceWrite
    from consent_server.idempotency import fingerprint

    body = {"inform": "no"}
    target = f"PUT /v1/subjects/{{subject_id}}/preferences {victim.subject_id}"
    with context_of(server_app).sessions() as db:
        db.add(
            IdempotencyRecordRow(
                account_id=victim.account_id,
                key="busy",
                subject_id=victim.subject_id,
                request_hash=fingerprint(target, PreferenceWrite.model_validate(body)),
                in_progress=True,
                created_at=clock(),
            )
        )
        db.commit()
    busy = put_preferences(api, headers, victim.subject_id, body, 0, key="busy")
    assert busy.status_code == 409
    assert busy.json()["type"].endswith("/idempotency-key-in-progress")
    # A request that died half-way does not block its key for ever.
    clock.advance(minutes=2)
    taken_over = put_preferences(api, headers, victim.subject_id, body, 0, key="busy")
    assert taken_over.status_code == 200
    # The claim taken over was stored without an answer: the write stored it, so a retry
    # gets the first answer again.
    replayed = put_preferences(api, headers, victim.subject_id, body, 0, key="busy")
    assert (replayed.status_code, replayed.json()) == (200, taken_over.json())


def test_a_failed_write_frees_its_key(api: Client, victim: Victim, headers: dict[str, str]) -> None:
    assert (
        put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 5, key="k").status_code
        == 412
    )
    assert (
        put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 0, key="k").status_code
        == 200
    )


def test_nonexistent_and_someone_elses_subject_give_the_same_404(
    api: Client, seeded: Seeded, victim: Victim, headers: dict[str, str], login: Login
) -> None:
    other_subject = seeded.new_subject()
    code = seeded.new_code(other_subject)
    api.post(
        "/v1/registrations",
        json={
            "activation_code": code,
            "username": "other.victim",
            "passphrase": "other victim passphrase",
        },
    )
    responses = [
        api.get(preferences_url(subject), headers=headers)
        for subject in (other_subject, uuid.uuid4())
    ]
    responses += [
        put_preferences(api, headers, subject, {"inform": "no"}, 0)
        for subject in (other_subject, uuid.uuid4())
    ]
    responses += [
        api.get(f"/v1/subjects/{subject}/preferences/history", headers=headers)
        for subject in (other_subject, uuid.uuid4())
    ]
    responses += [
        api.get(f"/v1/subjects/{subject}/receipts/1", headers=headers)
        for subject in (other_subject, uuid.uuid4())
    ]
    assert {(r.status_code, r.content) for r in responses} == {(404, responses[0].content)}


def test_staff_writes_only_as_assisted_entry(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    plain = put_preferences(api, staff, victim.subject_id, {"inform": "yes"}, 0)
    assert plain.status_code == 422
    assert plain.json()["errors"][0]["code"] == "assisted-entry-required"
    not_read_back = {
        "inform": "yes",
        "assisted": {"identity_check": "passport", "read_back_confirmed": False},
    }
    assert put_preferences(api, staff, victim.subject_id, not_read_back, 0).status_code == 422
    assisted = {
        "inform": "yes",
        "assisted": {"identity_check": "passport seen", "read_back_confirmed": True},
    }
    response = put_preferences(api, staff, victim.subject_id, assisted, 0)
    assert response.status_code == 200
    assert response.json()["updated_by"]["relation"] == "staff"
    history = api.get(f"/v1/subjects/{victim.subject_id}/preferences/history", headers=staff).json()
    entry = history["items"][0]
    assert entry["method"] == "assisted"
    assert entry["on_behalf_of"] == str(victim.subject_id)
    assert entry["identity_check"] == "passport seen" and entry["read_back_confirmed"] is True


def test_victim_cannot_claim_an_assisted_entry(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    body = {"inform": "yes", "assisted": {"identity_check": "me", "read_back_confirmed": True}}
    assert put_preferences(api, headers, victim.subject_id, body, 0).status_code == 422


def test_history_is_paginated_newest_first(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    for version, inform in enumerate(["no", "yes", "undecided", "no", "yes"]):
        body = {"inform": inform, "questions_locale": "en" if version % 2 else "nl"}
        assert put_preferences(api, headers, victim.subject_id, body, version).status_code == 200
    url = f"/v1/subjects/{victim.subject_id}/preferences/history"
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = api.get(url, params=params, headers=headers).json()
        seen += [item["version"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [5, 4, 3, 2, 1]
    newest = api.get(url, params={"limit": 1}, headers=headers).json()["items"][0]
    assert newest["preferences"]["inform"] == "yes"
    assert newest["actor"]["relation"] == "self" and newest["method"] == "self"
    assert newest["questions_locale"] == "nl"
    assert api.get(url, params={"limit": 0}, headers=headers).status_code == 422
    assert api.get(url, params={"limit": 101}, headers=headers).status_code == 422
    assert api.get(url, params={"cursor": "!!nonsense"}, headers=headers).status_code == 422


def test_receipt_describes_the_version(
    api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    written = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0).json()
    receipt = api.get(f"/v1/subjects/{victim.subject_id}/receipts/1", headers=headers)
    assert receipt.status_code == 200
    body = receipt.json()
    assert body["version"] == 1
    assert body["subject_id"] == str(victim.subject_id)
    assert body["consent_timestamp"] == written["updated_at"]
    assert body["collection_method"] == "self"
    assert body["decision"] == "yes"
    assert body["purposes"] == PRIVATE_BODY["topics"]
    assert body["channels"] == ["email", "phone"]
    assert body["language"] == "nl"
    assert body["notice_version"] == PRIVATE_BODY["questions_version"]
    assert body["jurisdiction"] == "NL" and body["sensitive"] is True and body["controller"]
    uuid.UUID(body["receipt_id"])
    assert "hidden.person@example.org" not in receipt.text
    assert (
        api.get(f"/v1/subjects/{victim.subject_id}/receipts/2", headers=headers).status_code == 404
    )


def test_every_read_and_write_is_in_the_access_log(
    server_app: FastAPI, api: Client, victim: Victim, headers: dict[str, str]
) -> None:
    subject = victim.subject_id
    api.get(preferences_url(subject), headers=headers)
    put_preferences(api, headers, subject, {"inform": "no"}, 0)
    api.get(f"/v1/subjects/{subject}/preferences/history", headers=headers)
    api.get(f"/v1/subjects/{subject}/receipts/1", headers=headers)
    with context_of(server_app).sessions() as db:
        actions = db.scalars(
            select(AccessLogRow.action)
            .where(AccessLogRow.subject_id == subject)
            .order_by(AccessLogRow.id)
        ).all()
    assert actions == [
        "preferences.read",
        "preferences.write",
        "history.read",
        "receipt.read",
    ]
