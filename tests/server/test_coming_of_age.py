"""Coming of age: across the 18th birthday a guardian loses edit (keeps view and notices),
and the record lands on the staff re-consent work-list until staff clear it."""

from __future__ import annotations

import datetime as dt
import uuid

from httpx import Client

from api_client.models import Role
from consent_server.clock import MovableClock
from tests.server.helpers import preferences_url, put_preferences
from tests.server.world import (
    add_delegation,
    new_account,
    new_subject_with_victim,
)
from tests.support.accounts import Login, Seeded, mint_bearer

# The test clock starts at 2026-06-01 09:00 UTC: this victim turns 18 three days later.
BORN = dt.date(2008, 6, 4)


def _work_list(api: Client, staff: dict[str, str]) -> list[str]:
    page = api.get("/v1/staff/reconsent", headers=staff)
    assert page.status_code == 200
    return [subject["id"] for subject in page.json()["items"]]


def _guardian(seeded: Seeded, subject_id: uuid.UUID) -> uuid.UUID:
    _, guardian_id = new_account(seeded.app, Role.representative, "parent")
    add_delegation(
        seeded.app, subject_id, guardian_id, ["view", "edit", "receive_notices"], kind="guardian"
    )
    return guardian_id


def test_guardian_cannot_edit_after_victim_turns_18(
    api: Client, seeded: Seeded, clock: MovableClock, login: Login
) -> None:
    subject_id, _ = new_subject_with_victim(seeded, date_of_birth=BORN)
    guardian_id = _guardian(seeded, subject_id)
    _, lawyer_id = new_account(seeded.app, Role.representative, "lawyer")
    add_delegation(seeded.app, subject_id, lawyer_id, ["view", "edit"], kind="lawyer")
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    body = {"inform": "yes", "recipients": "representative"}

    guardian = mint_bearer(seeded.app, guardian_id)
    assert put_preferences(api, guardian, subject_id, body, 0).status_code == 200
    assert str(subject_id) not in _work_list(api, staff)

    clock.advance(days=3)  # 2026-06-04 09:00: the 18th birthday
    guardian = mint_bearer(seeded.app, guardian_id)
    refused = put_preferences(api, guardian, subject_id, body, 1)
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/permission-denied")
    # Decided: the guardian still sees the record and still receives notices until the victim,
    # now an adult, decides in the re-consent conversation (or revokes the mandate).
    assert api.get(preferences_url(subject_id), headers=guardian).status_code == 200
    me = api.get("/v1/me", headers=guardian).json()
    assert me["subjects"][0]["permissions"] == ["receive_notices", "view"]
    # Only guardianship ends at 18: a lawyer's mandate is unchanged.
    lawyer = mint_bearer(seeded.app, lawyer_id)
    assert put_preferences(api, lawyer, subject_id, body, 1).status_code == 200

    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assert str(subject_id) in _work_list(api, staff)
    subject = api.get(f"/v1/subjects/{subject_id}", headers=staff).json()
    assert subject["needs_reconsent"] is True


def test_the_day_before_the_birthday_changes_nothing(
    api: Client, seeded: Seeded, clock: MovableClock
) -> None:
    subject_id, _ = new_subject_with_victim(seeded, date_of_birth=BORN)
    guardian_id = _guardian(seeded, subject_id)
    clock.current = dt.datetime(2026, 6, 3, 23, 59, 59, tzinfo=dt.UTC)
    guardian = mint_bearer(seeded.app, guardian_id)
    assert put_preferences(api, guardian, subject_id, {"inform": "yes"}, 0).status_code == 200
    subject = api.get(f"/v1/subjects/{subject_id}", headers=guardian).json()
    assert subject["needs_reconsent"] is False
    clock.advance(seconds=1)
    assert put_preferences(api, guardian, subject_id, {"inform": "yes"}, 1).status_code == 403
    subject = api.get(f"/v1/subjects/{subject_id}", headers=guardian).json()
    assert subject["needs_reconsent"] is True


def test_staff_clear_the_mark_after_the_conversation_and_it_stays_cleared(
    api: Client, seeded: Seeded, clock: MovableClock, login: Login
) -> None:
    due, _ = new_subject_with_victim(seeded, date_of_birth=BORN)
    adult_from_the_start = seeded.new_subject(date_of_birth=dt.date(1990, 1, 1))
    still_a_child = seeded.new_subject(date_of_birth=dt.date(2012, 1, 1))
    unknown_age = seeded.new_subject()
    clock.advance(days=30)
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assert _work_list(api, staff) == [str(due)]
    for subject_id in (adult_from_the_start, still_a_child, unknown_age):
        shown = api.get(f"/v1/subjects/{subject_id}", headers=staff).json()
        assert shown["needs_reconsent"] is False

    cleared = api.patch(f"/v1/subjects/{due}", json={"needs_reconsent": False}, headers=staff)
    assert cleared.status_code == 200 and cleared.json()["needs_reconsent"] is False
    clock.advance(days=400)
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assert _work_list(api, staff) == []
    assert api.get(f"/v1/subjects/{due}", headers=staff).json()["needs_reconsent"] is False


def test_a_mark_cleared_before_the_birthday_comes_back_on_it(
    api: Client, seeded: Seeded, clock: MovableClock, login: Login
) -> None:
    subject_id, _ = new_subject_with_victim(seeded, date_of_birth=BORN)
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    url = f"/v1/subjects/{subject_id}"
    assert api.patch(url, json={"needs_reconsent": True}, headers=staff).status_code == 200
    assert _work_list(api, staff) == [str(subject_id)]
    assert api.patch(url, json={"needs_reconsent": False}, headers=staff).status_code == 200
    assert _work_list(api, staff) == []
    clock.advance(days=3)
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assert _work_list(api, staff) == [str(subject_id)]


def test_staff_create_records_with_language_and_date_of_birth(
    api: Client, seeded: Seeded, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    created = api.post(
        "/v1/subjects",
        json={"reference": "CASE-MINOR-1", "date_of_birth": "2011-02-28", "language": "en"},
        headers=staff,
    )
    assert created.status_code == 201
    shown = api.get(f"/v1/subjects/{created.json()['id']}", headers=staff).json()
    assert shown == {
        "id": created.json()["id"],
        "reference": "CASE-MINOR-1",
        "date_of_birth": "2011-02-28",
        "language": "en",
        "has_account": False,
        "needs_reconsent": False,
    }
