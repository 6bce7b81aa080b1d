"""Staff-only endpoints: creating records and issuing codes."""

from __future__ import annotations

import datetime as dt
import uuid

from httpx import Client

from api_client import activation_code
from consent_server.clock import MovableClock
from tests.support.accounts import Login, Seeded, Victim


def test_staff_creates_a_record_and_issues_a_code(
    api: Client, seeded: Seeded, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    created = api.post(
        "/v1/subjects",
        json={"reference": "CASE/2026-17", "date_of_birth": "2010-04-01", "language": "en"},
        headers=staff,
    )
    assert created.status_code == 201
    subject = created.json()
    assert subject["has_account"] is False and subject["needs_reconsent"] is False
    assert subject["date_of_birth"] == "2010-04-01"
    issued = api.post(
        f"/v1/subjects/{subject['id']}/activation-codes", json={"role": "victim"}, headers=staff
    )
    assert issued.status_code == 201
    assert activation_code.is_well_formed(issued.json()["code"])
    assert len(issued.json()["code"]) == 19  # four groups of four
    duplicate = api.post("/v1/subjects", json={"reference": "CASE/2026-17"}, headers=staff)
    assert duplicate.status_code == 409


def test_code_for_a_record_with_an_account_is_refused(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    response = api.post(
        f"/v1/subjects/{seeded.subject_id}/activation-codes", json={}, headers=staff
    )
    assert response.status_code == 409
    missing = api.post(f"/v1/subjects/{uuid.uuid4()}/activation-codes", json={}, headers=staff)
    assert missing.status_code == 404


def test_victims_cannot_use_staff_endpoints(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    create = api.post("/v1/subjects", json={"reference": "SNEAKY-1"}, headers=headers)
    issue = api.post(f"/v1/subjects/{seeded.subject_id}/activation-codes", json={}, headers=headers)
    assert create.status_code == issue.status_code == 403
    assert (
        create.json()["type"]
        == issue.json()["type"]
        == "https://consent.invalid/problems/forbidden"
    )
    assert api.post("/v1/subjects", json={"reference": "SNEAKY-2"}).status_code == 401


def test_a_date_of_birth_after_today_is_refused(
    api: Client, seeded: Seeded, login: Login, clock: MovableClock
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    today = clock().date()  # the server's today
    future = api.post(
        "/v1/subjects",
        json={
            "reference": "CASE-FUTURE",
            "date_of_birth": (today + dt.timedelta(days=2)).isoformat(),
        },
        headers=staff,
    )
    assert future.status_code == 422
    problem = future.json()
    assert problem["type"].endswith("/date-of-birth-in-future")
    assert problem["errors"] == [
        {"loc": ["body", "date_of_birth"], "code": "date-of-birth-in-future"}
    ]
    born_today = api.post(
        "/v1/subjects",
        json={"reference": "CASE-FUTURE", "date_of_birth": today.isoformat()},
        headers=staff,
    )
    assert born_today.status_code == 201  # the refused attempt left nothing behind
