"""Every statement on the notices paths searches an index: none reads a whole table.

Recording a finding, the due list, an outcome, the inbox and its count, answers, the staff
work-list and the scheduled step must cost the same with a thousand victims or a million
(docs/benchmarks.md §7). A full scan would grow with the number of victims, deliveries or
findings; SQLite's plan shows it whatever the size of this small test database.
"""

from __future__ import annotations

import pytest
from httpx import Client

from consent_server.app import context_of
from tests.server.test_notices import APP_ONLY, JOINABLE, ONLINE, Desk
from tests.support.accounts import Person, Seeded, mint_bearer
from tests.support.query_plans import assert_no_full_scans, recorded

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

PHONE_ANY_TIME = {
    "channels": [{"kind": "phone", "address": "+31 6 12345678"}],
    "safe_contact": {"hours": None, "days": []},
}


def test_recording_a_finding_and_the_due_list_use_indexes(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    desk = Desk(api, seeded, victim)
    desk.choose(**PHONE_ANY_TIME)
    engine = context_of(desk.seeded.app).engine
    with recorded(engine) as work:
        (delivery,) = desk.finding(ONLINE).deliveries
        (other,) = desk.finding(JOINABLE).deliveries
        assert {due.delivery.id for due in desk.due()} == {delivery.id, other.id}
        outcome = desk.api.post(
            f"/v1/deliveries/{delivery.id}/outcome",
            json={"outcome": "not_reached"},
            headers=desk.notifier,
        )
        assert outcome.status_code == 200, outcome.text
    assert len(work.statements) > 10
    assert_no_full_scans(engine, work)


def test_the_inbox_its_count_and_answers_use_indexes(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    desk = Desk(api, seeded, victim)
    desk.choose(**APP_ONLY)
    engine = context_of(desk.seeded.app).engine
    with recorded(engine) as work:
        (delivery,) = desk.finding(JOINABLE).deliveries
        assert len(desk.inbox().items) == 1
        counted = desk.api.get("/v1/me/notices/unread", headers=desk.victim)
        assert counted.json()["unread"] == 1
        answered = desk.api.post(
            f"/v1/notices/{delivery.id}/responses",
            json={"kind": "want_to_join_case"},
            headers=desk.victim,
        )
        assert answered.status_code == 201, answered.text
        seen = desk.api.get(
            f"/v1/subjects/{desk.subject_id}/notice-responses", headers=desk.notifier
        )
        assert seen.status_code == 200, seen.text
    assert_no_full_scans(engine, work)


def test_the_staff_work_list_and_the_scheduled_step_use_indexes(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    desk = Desk(api, seeded, victim)
    desk.choose(inform="undecided")
    engine = context_of(desk.seeded.app).engine
    staff = mint_bearer(desk.seeded.app, desk.seeded.staff_id)
    with recorded(engine) as work:
        desk.finding(JOINABLE)
        listed = desk.api.get("/v1/first-contacts", headers=staff)
        assert [item["subject_id"] for item in listed.json()["items"]] == [str(desk.subject_id)]
        assert desk.run_digests()["digests"] == 0
    assert_no_full_scans(engine, work)
