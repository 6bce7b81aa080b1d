"""The inbox count: one request, counted by the server, for the home screen's "1 new message"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from httpx import Client

from api_client.models import Role
from api_client.notices import UnreadCount
from consent_server.clock import MovableClock
from tests.server.test_notices import APP_ONLY, JOINABLE, ONLINE, Desk
from tests.server.world import add_delegation, new_account
from tests.support.accounts import Person, Seeded, mint_bearer


def _count(desk: Desk, headers: dict[str, str]) -> UnreadCount:
    response = desk.api.get("/v1/me/notices/unread", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    return UnreadCount.model_validate(response.json())


def _read(desk: Desk, notice_id: Any, headers: dict[str, str]) -> None:
    answer = desk.api.post(
        f"/v1/notices/{notice_id}/responses", json={"kind": "read"}, headers=headers
    )
    assert answer.status_code == 201, answer.text


def test_the_victim_counts_what_is_not_read_yet(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    desk = Desk(api, seeded, victim)
    desk.choose(**APP_ONLY)
    assert _count(desk, desk.victim) == UnreadCount(unread=0, records=[])
    first = desk.finding(ONLINE).deliveries[0]
    for number in range(2):
        desk.finding({**JOINABLE, "case_reference": f"ZAAK-{number}"})
    counted = _count(desk, desk.victim)
    assert counted.unread == 3
    assert [(r.subject_id, r.unread) for r in counted.records] == [(desk.subject_id, 3)]
    _read(desk, first.id, desk.victim)
    assert _count(desk, desk.victim).unread == 2
    assert _count(desk, desk.notifier) == UnreadCount(unread=0, records=[])  # no inbox


def test_a_representative_counts_only_under_a_standing_receive_notices_mandate(
    api: Client, seeded: Seeded, victim: Person, clock: MovableClock
) -> None:
    desk = Desk(api, seeded, victim)
    desk.choose(**{**APP_ONLY, "recipients": "both"})
    reps = {}
    for name, permissions, valid_until in (
        ("with", ["receive_notices"], None),
        ("without", ["view"], None),
        ("ends-soon", ["receive_notices"], dt.date(2026, 6, 2)),
    ):
        _, account_id = new_account(seeded.app, Role.representative, name)
        add_delegation(
            seeded.app, desk.subject_id, account_id, permissions, valid_until=valid_until
        )
        reps[name] = account_id
    desk.finding(JOINABLE)
    for name, expected in (("with", 1), ("without", 0), ("ends-soon", 1)):
        counted = _count(desk, mint_bearer(seeded.app, reps[name]))
        assert counted.unread == expected, name
    clock.advance(days=3)  # the mandate has ended: its notices no longer count
    assert _count(desk, mint_bearer(seeded.app, reps["ends-soon"])).unread == 0
    assert _count(desk, mint_bearer(seeded.app, reps["with"])).unread == 1
