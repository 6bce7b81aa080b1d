"""Representatives: mandates made by staff or the victim, invitations, verification, conflict
of interest and revocation."""

from __future__ import annotations

import datetime as dt
import uuid

from httpx import Client
from sqlalchemy import select

from api_client import activation_code
from api_client.models import Role
from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from consent_server.tables import InvitationRow
from tests.server.helpers import preferences_url, put_preferences, raw_database_bytes
from tests.server.world import PASSPHRASE, new_account
from tests.support.accounts import Login, Seeded, Victim, mint_bearer


def _delegations_url(subject_id: uuid.UUID | None) -> str:
    return f"/v1/subjects/{subject_id}/delegations"


def test_staff_adds_verifies_and_flags_a_representative(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    username, rep_id = new_account(seeded.app, Role.representative, "lawyer")
    created = api.post(
        _delegations_url(victim.subject_id),
        json={
            "representative_username": username,
            "kind": "lawyer",
            "permissions": ["edit", "view", "view"],
            "evidence": "power of attorney seen, dated 2026-05-20",
            "valid_until": "2027-06-01",
        },
        headers=staff,
    )
    assert created.status_code == 201
    delegation = created.json()
    assert delegation["representative_id"] == str(rep_id)
    assert delegation["permissions"] == ["edit", "view"]
    assert delegation["active"] is True and delegation["verified_by"] is None
    assert delegation["conflict_of_interest"] is False

    url = f"{_delegations_url(victim.subject_id)}/{delegation['id']}"
    verified = api.patch(url, json={"verified": True}, headers=staff)
    assert verified.status_code == 200
    assert verified.json()["verified_by"] == str(seeded.staff_id)

    rep = mint_bearer(seeded.app, rep_id)
    body = {"inform": "yes", "recipients": "representative"}
    assert put_preferences(api, rep, victim.subject_id, body, 0).status_code == 200
    flagged = api.patch(url, json={"conflict_of_interest": True}, headers=staff)
    assert flagged.json()["conflict_of_interest"] is True
    refused = put_preferences(api, rep, victim.subject_id, body, 1)
    assert refused.status_code == 403
    assert api.get(preferences_url(victim.subject_id), headers=rep).status_code == 200
    me = api.get("/v1/me", headers=rep).json()
    assert me["subjects"][0]["permissions"] == ["view"]


def test_victim_adds_a_representative_by_username_but_records_no_evidence(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    username, _ = new_account(seeded.app, Role.representative, "support")
    body = {"representative_username": username, "kind": "support_worker", "permissions": ["view"]}
    with_evidence = api.post(
        _delegations_url(victim.subject_id),
        json={**body, "evidence": "I know her"},
        headers=headers,
    )
    assert with_evidence.status_code == 422
    assert with_evidence.json()["errors"][0]["code"] == "evidence-staff-only"
    created = api.post(_delegations_url(victim.subject_id), json=body, headers=headers)
    assert created.status_code == 201
    again = api.post(_delegations_url(victim.subject_id), json=body, headers=headers)
    assert again.status_code == 409

    # Unknown usernames and accounts that are no representative get one and the same answer.
    unknown = api.post(
        _delegations_url(victim.subject_id),
        json={**body, "representative_username": "nobody-here"},
        headers=headers,
    )
    staff_account = api.post(
        _delegations_url(victim.subject_id),
        json={**body, "representative_username": seeded.staff_username},
        headers=headers,
    )
    assert unknown.status_code == staff_account.status_code == 422
    assert unknown.json() == staff_account.json()
    past = api.post(
        _delegations_url(victim.subject_id),
        json={**body, "representative_username": username, "valid_until": "2026-05-01"},
        headers=headers,
    )
    assert past.status_code == 422


def test_victim_revokes_and_the_list_keeps_the_history(
    api: Client, seeded: Seeded, victim: Victim, login: Login, clock: MovableClock
) -> None:
    headers = login(victim.username, victim.passphrase)
    username, rep_id = new_account(seeded.app, Role.representative, "guardian")
    created = api.post(
        _delegations_url(victim.subject_id),
        json={"representative_username": username, "kind": "guardian", "permissions": ["view"]},
        headers=headers,
    ).json()
    rep = mint_bearer(seeded.app, rep_id)
    assert api.get(f"/v1/subjects/{victim.subject_id}", headers=rep).status_code == 200
    clock.advance(minutes=5)
    url = f"{_delegations_url(victim.subject_id)}/{created['id']}"
    assert api.delete(url, headers=headers).status_code == 204
    assert api.get(f"/v1/subjects/{victim.subject_id}", headers=rep).status_code == 404
    clock.advance(minutes=5)
    assert api.delete(url, headers=headers).status_code == 204  # again: still the first moment
    (listed,) = api.get(_delegations_url(victim.subject_id), headers=headers).json()
    assert listed["active"] is False
    revoked_at = dt.datetime.fromisoformat(listed["revoked_at"])
    assert revoked_at == clock.current - dt.timedelta(minutes=5)
    # A mandate id of another record is not found through this one.
    other_subject = seeded.new_subject()
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    wrong = api.delete(f"{_delegations_url(other_subject)}/{created['id']}", headers=staff)
    assert wrong.status_code == 404
    assert wrong.json()["type"].endswith("/delegation-not-found")


def test_invitation_end_to_end(
    api: Client, seeded: Seeded, victim: Victim, login: Login, server_settings: ServerSettings
) -> None:
    """Victim invites; a representative registers with their own code, logs in, accepts."""
    victim_headers = login(victim.username, victim.passphrase)
    invited = api.post(
        "/v1/invitations",
        json={
            "subject_id": str(victim.subject_id),
            "kind": "support_worker",
            "permissions": ["view", "receive_notices"],
            "valid_until": "2027-01-01",
        },
        headers=victim_headers,
    )
    assert invited.status_code == 201
    code = invited.json()["code"]
    assert activation_code.is_well_formed(code)
    assert dt.datetime.fromisoformat(invited.json()["expires_at"]) == context_of(
        seeded.app
    ).now() + dt.timedelta(days=14)
    with context_of(seeded.app).sessions() as db:
        (stored,) = db.scalars(select(InvitationRow)).all()
    assert activation_code.normalise(code) not in stored.code_hash
    if server_settings.sqlite_path() is not None:
        assert activation_code.normalise(code).encode() not in raw_database_bytes(server_settings)

    representative_code = seeded.new_code(seeded.new_subject(), role="representative")
    registered = api.post(
        "/v1/registrations",
        json={
            "activation_code": representative_code,
            "username": "support.worker",
            "passphrase": PASSPHRASE,
        },
    )
    assert registered.status_code == 201
    assert registered.json()["role"] == "representative"
    rep = login("support.worker", PASSPHRASE)
    assert api.get(preferences_url(victim.subject_id), headers=rep).status_code == 404

    accepted = api.post("/v1/invitations/accept", json={"code": code.lower()}, headers=rep)
    assert accepted.status_code == 201
    delegation = accepted.json()
    assert delegation["subject_id"] == str(victim.subject_id)
    assert delegation["kind"] == "support_worker"
    assert delegation["permissions"] == ["receive_notices", "view"]
    assert delegation["valid_until"] == "2027-01-01"
    assert api.get(preferences_url(victim.subject_id), headers=rep).status_code == 200
    listed = api.get(_delegations_url(victim.subject_id), headers=victim_headers).json()
    assert [d["representative_username"] for d in listed] == ["support.worker"]


def test_unknown_used_and_expired_invitations_answer_alike(
    api: Client, seeded: Seeded, victim: Victim, login: Login, clock: MovableClock
) -> None:
    victim_headers = login(victim.username, victim.passphrase)

    def invite() -> str:
        response = api.post(
            "/v1/invitations",
            json={"subject_id": str(victim.subject_id), "kind": "lawyer", "permissions": ["view"]},
            headers=victim_headers,
        )
        code: str = response.json()["code"]
        return code

    used, expiring = invite(), invite()
    _, first_id = new_account(seeded.app, Role.representative, "first")
    _, second_id = new_account(seeded.app, Role.representative, "second")
    first, second = mint_bearer(seeded.app, first_id), mint_bearer(seeded.app, second_id)
    assert api.post("/v1/invitations/accept", json={"code": used}, headers=first).status_code == 201
    clock.advance(days=14, seconds=1)
    second = mint_bearer(seeded.app, second_id)
    answers = [
        api.post("/v1/invitations/accept", json={"code": code}, headers=second)
        for code in (used, expiring, activation_code.grouped(activation_code.generate()), "ABCD")
    ]
    assert {response.status_code for response in answers} == {400}
    assert len({response.text for response in answers}) == 1
    assert answers[0].json()["type"].endswith("/invalid-invitation-code")
    # Victims and staff cannot accept invitations at all.
    victim_headers = login(victim.username, victim.passphrase)
    fresh = invite()
    refused = api.post("/v1/invitations/accept", json={"code": fresh}, headers=victim_headers)
    assert refused.status_code == 403


def test_an_invitation_is_withdrawn_when_the_victim_deletes_their_account(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    victim_headers = login(victim.username, victim.passphrase)
    code = api.post(
        "/v1/invitations",
        json={"subject_id": str(victim.subject_id), "kind": "lawyer", "permissions": ["view"]},
        headers=victim_headers,
    ).json()["code"]
    deleted = api.request(
        "DELETE", "/v1/me", json={"passphrase": victim.passphrase}, headers=victim_headers
    )
    assert deleted.status_code == 204
    _, rep_id = new_account(seeded.app, Role.representative, "late")
    rep = mint_bearer(seeded.app, rep_id)
    refused = api.post("/v1/invitations/accept", json={"code": code}, headers=rep)
    assert refused.status_code == 400
    assert refused.json()["type"].endswith("/invalid-invitation-code")


def test_the_victim_lists_and_withdraws_pending_invitations(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    victim_headers = login(victim.username, victim.passphrase)
    url = f"/v1/subjects/{victim.subject_id}/invitations"

    def invite(kind: str) -> str:
        response = api.post(
            "/v1/invitations",
            json={"subject_id": str(victim.subject_id), "kind": kind, "permissions": ["view"]},
            headers=victim_headers,
        )
        code: str = response.json()["code"]
        return code

    used, kept = invite("lawyer"), invite("guardian")
    _, rep_id = new_account(seeded.app, Role.representative, "invited")
    rep = mint_bearer(seeded.app, rep_id)
    assert api.post("/v1/invitations/accept", json={"code": used}, headers=rep).status_code == 201

    listed = api.get(url, headers=victim_headers)
    assert listed.status_code == 200
    (pending,) = listed.json()  # the used one is gone
    assert pending["kind"] == "guardian" and pending["permissions"] == ["view"]
    assert "code" not in pending and kept not in listed.text
    # Nobody else sees or withdraws them: not a representative, not staff.
    assert api.get(url, headers=rep).status_code in (403, 404)

    withdrawn = api.delete(f"{url}/{pending['id']}", headers=victim_headers)
    assert withdrawn.status_code == 204
    assert api.get(url, headers=victim_headers).json() == []
    again = api.delete(f"{url}/{pending['id']}", headers=victim_headers)
    assert again.status_code == 404
    _, late_id = new_account(seeded.app, Role.representative, "late")
    refused = api.post(
        "/v1/invitations/accept", json={"code": kept}, headers=mint_bearer(seeded.app, late_id)
    )
    assert refused.status_code == 400
    log = api.get(
        f"/v1/subjects/{victim.subject_id}/access-log?limit=20", headers=victim_headers
    ).json()
    actions = [entry["action"] for entry in log["items"]]
    assert "invitations.read" in actions and "invitation.withdraw" in actions
