"""The caller's own account: who am I, passphrase change, account deletion."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import Client
from sqlalchemy import func, select

from consent_server.app import context_of
from consent_server.tables import AccountRow, ContactDetailsRow, SubjectRow
from tests.support.accounts import Login, Seeded, Victim

from .helpers import PRIVATE_BODY, preferences_url, put_preferences

NEW_PASSPHRASE = "an entirely new passphrase"


def test_me_lists_role_and_subjects(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    me = api.get("/v1/me", headers=login(victim.username, victim.passphrase)).json()
    assert me["account"]["role"] == "victim"
    assert [s["subject_id"] for s in me["subjects"]] == [str(seeded.subject_id)]
    staff = api.get("/v1/me", headers=login(seeded.staff_username, seeded.staff_passphrase)).json()
    assert staff["account"]["role"] == "staff" and staff["subjects"] == []


def test_passphrase_change_revokes_other_sessions(
    api: Client, victim: Victim, login: Login
) -> None:
    here = login(victim.username, victim.passphrase)
    elsewhere = login(victim.username, victim.passphrase)
    body = {"current_passphrase": victim.passphrase, "new_passphrase": NEW_PASSPHRASE}
    assert api.put("/v1/me/passphrase", json=body, headers=here).status_code == 204
    assert api.get("/v1/me", headers=here).status_code == 200
    assert api.get("/v1/me", headers=elsewhere).status_code == 401
    assert (
        api.post(
            "/v1/sessions", json={"username": victim.username, "passphrase": victim.passphrase}
        ).status_code
        == 401
    )
    login(victim.username, NEW_PASSPHRASE)


def test_passphrase_change_checks_the_current_one_and_refuses_common_ones(
    api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    wrong = api.put(
        "/v1/me/passphrase",
        json={"current_passphrase": "not it at all", "new_passphrase": NEW_PASSPHRASE},
        headers=headers,
    )
    assert wrong.status_code == 403
    common = api.put(
        "/v1/me/passphrase",
        json={"current_passphrase": victim.passphrase, "new_passphrase": "welkom2024"},
        headers=headers,
    )
    assert common.status_code == 422
    assert common.json()["errors"] == [
        {"loc": ["body", "new_passphrase"], "code": "passphrase-too-common"}
    ]


def test_deleting_the_account_keeps_the_decision_but_not_the_contact_details(
    server_app: FastAPI, api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    body = {**PRIVATE_BODY, "inform": "no"}
    assert put_preferences(api, headers, victim.subject_id, body, 0).status_code == 200
    wrong = api.request(
        "DELETE", "/v1/me", json={"passphrase": "not my passphrase"}, headers=headers
    )
    assert wrong.status_code == 403
    deleted = api.request(
        "DELETE", "/v1/me", json={"passphrase": victim.passphrase}, headers=headers
    )
    assert deleted.status_code == 204
    assert api.get("/v1/me", headers=headers).status_code == 401
    with context_of(server_app).sessions() as db:
        assert db.get(AccountRow, victim.account_id) is None
        assert db.scalar(select(func.count()).select_from(ContactDetailsRow)) == 0
        subject = db.get(SubjectRow, victim.subject_id)
        assert subject is not None and subject.account_id is None
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    document = api.get(preferences_url(victim.subject_id), headers=staff).json()
    assert document["inform"] == "no"
    assert all(channel["address"] is None for channel in document["channels"])
    assert document["safe_contact"]["alternative_address"] is None


def test_deleting_with_clear_decision_records_undecided(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 0)
    body = {"passphrase": victim.passphrase, "clear_decision": True}
    assert api.request("DELETE", "/v1/me", json=body, headers=headers).status_code == 204
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    document = api.get(preferences_url(victim.subject_id), headers=staff).json()
    assert document["version"] == 2 and document["inform"] == "undecided"
    assert document["updated_by"]["relation"] == "self"
