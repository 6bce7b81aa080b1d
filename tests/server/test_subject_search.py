"""Staff find a record by reference (exact or prefix, paged) or among their recent records;
nobody else can search, and every record shown is in its access log."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client
from sqlalchemy import select

from api_client.models import Role
from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.tables import AccessLogRow
from tests.support.accounts import Login, Person, Seeded, insert_account

STAFF_TWO = ("staff-two", "another staff passphrase here")


def _find(api: Client, headers: dict[str, str], **params: str | int) -> dict[str, Any]:
    response = api.get("/v1/subjects", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _references(page: dict[str, Any]) -> list[str]:
    return [item["reference"] for item in page["items"]]


def _finds(app: FastAPI, subject_id: uuid.UUID) -> list[tuple[str | None, str]]:
    with context_of(app).sessions() as db:
        rows = db.scalars(select(AccessLogRow).where(AccessLogRow.subject_id == subject_id))
        return [(row.actor_label, row.action) for row in rows if row.action == "subject.find"]


def test_exact_reference_finds_the_record_and_the_finding_is_in_its_access_log(
    api: Client, seeded: Seeded, login: Login, server_app: FastAPI
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    subject_id = seeded.new_subject("CASE-2026-0042")
    seeded.new_subject("CASE-2026-00421")
    page = _find(api, staff, reference="CASE-2026-0042")
    assert _references(page) == ["CASE-2026-0042"]
    assert page["items"][0]["id"] == str(subject_id)
    assert page.get("next_cursor") is None
    assert _finds(server_app, subject_id) == [(seeded.staff_username, "subject.find")]
    assert _find(api, staff, reference="CASE-2026-0043")["items"] == []


def test_prefix_search_is_paged_and_takes_underscore_and_percent_literally(
    api: Client, seeded: Seeded, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    for number in range(5):
        seeded.new_subject(f"TEAM-A/{number}")
    seeded.new_subject("TEAM-B/0")
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, str | int] = {"reference": "TEAM-A", "match": "prefix", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = _find(api, staff, **params)
        seen += _references(page)
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert seen == [f"TEAM-A/{number}" for number in range(5)]

    seeded.new_subject("AB_X1")
    seeded.new_subject("ABCX2")
    assert _references(_find(api, staff, reference="AB_", match="prefix")) == ["AB_X1"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"reference": "CA", "match": "prefix"}, "reference-prefix-too-short"),
        ({}, "search-needs-one-criterion"),
        ({"reference": "CASE-1", "recent": "true"}, "search-needs-one-criterion"),
    ],
)
def test_a_search_that_would_list_too_much_or_nothing_is_refused(
    api: Client, seeded: Seeded, login: Login, params: dict[str, str], code: str
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    response = api.get("/v1/subjects", params=params, headers=staff)
    assert response.status_code == 422
    assert response.json()["type"].endswith("/" + code)


@pytest.mark.parametrize("reference", ["a b", "x" * 65, "CASE%", "name@example.org"])
def test_a_reference_that_cannot_exist_is_refused_without_being_echoed(
    api: Client, seeded: Seeded, login: Login, reference: str
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    response = api.get("/v1/subjects", params={"reference": reference}, headers=staff)
    assert response.status_code == 422
    assert reference not in response.text


def test_victims_and_representatives_cannot_search_or_tell_whether_a_reference_exists(
    api: Client, seeded: Seeded, victim: Person, login: Login, server_app: FastAPI
) -> None:
    existing = "CASE-EXISTS-1"
    subject_id = seeded.new_subject(existing)
    insert_account(server_app, "rep-search", "a representative passphrase", Role.representative)
    for headers in (
        login(victim.username, victim.passphrase),
        login("rep-search", "a representative passphrase"),
    ):
        answers = [
            api.get("/v1/subjects", params=params, headers=headers)
            for params in (
                {"reference": existing},
                {"reference": "CASE-DOES-NOT-EXIST"},
                {"reference": "CASE", "match": "prefix"},
                {"recent": "true"},
            )
        ]
        assert {answer.status_code for answer in answers} == {403}
        assert len({answer.text for answer in answers}) == 1  # the same answer every time
    assert api.get("/v1/subjects", params={"reference": existing}).status_code == 401
    assert _finds(server_app, subject_id) == []


def test_recent_lists_the_records_this_staff_member_worked_on_newest_first(
    api: Client, seeded: Seeded, login: Login, server_app: FastAPI, clock: MovableClock
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    first = seeded.new_subject("RECENT-1")
    second = seeded.new_subject("RECENT-2")
    for subject_id in (first, second):
        clock.advance(minutes=1)
        assert api.get(f"/v1/subjects/{subject_id}", headers=staff).status_code == 200
    assert _references(_find(api, staff, recent="true")) == ["RECENT-2", "RECENT-1"]

    clock.advance(minutes=1)
    api.get(f"/v1/subjects/{first}", headers=staff)
    clock.advance(minutes=1)
    assert _references(_find(api, staff, recent="true")) == ["RECENT-1", "RECENT-2"]
    clock.advance(minutes=1)
    # Listing is logged, but does not count as working on a record: the order stays.
    assert _references(_find(api, staff, recent="true", limit=1)) == ["RECENT-1"]
    assert (seeded.staff_username, "subject.find") in _finds(server_app, first)

    insert_account(server_app, *STAFF_TWO, Role.staff)
    other = login(*STAFF_TWO)
    assert _find(api, other, recent="true")["items"] == []
