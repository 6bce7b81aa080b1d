"""The access log a victim can read: who read or changed the record, when and why."""

from __future__ import annotations

from typing import Any

from httpx import Client

from api_client.models import Role
from consent_server.clock import MovableClock
from tests.server.helpers import preferences_url, put_preferences
from tests.server.world import ASSISTED, add_delegation, new_account
from tests.support.accounts import Login, Person, Seeded, Victim, mint_bearer


def _log(
    api: Client, headers: dict[str, str], person: Person, **params: str | int
) -> dict[str, Any]:
    response = api.get(
        f"/v1/subjects/{person.subject_id}/access-log", headers=headers, params=params
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page: dict[str, Any] = response.json()
    return page


def test_reads_writes_and_staff_work_are_logged_with_who_and_when(
    api: Client, seeded: Seeded, victim: Victim, login: Login, clock: MovableClock
) -> None:
    rep_name, rep_id = new_account(seeded.app, Role.representative, "lawyer")
    add_delegation(seeded.app, victim.subject_id, rep_id, ["view"])
    me = login(victim.username, victim.passphrase)
    staff = login(seeded.staff_username, seeded.staff_passphrase)

    assert put_preferences(api, me, victim.subject_id, {"inform": "yes"}, 0).status_code == 200
    clock.advance(minutes=1)
    rep = mint_bearer(seeded.app, rep_id)
    assert api.get(preferences_url(victim.subject_id), headers=rep).status_code == 200
    clock.advance(minutes=1)
    body = {"inform": "yes", "assisted": ASSISTED}
    assert put_preferences(api, staff, victim.subject_id, body, 1).status_code == 200
    clock.advance(minutes=1)
    assert api.get(f"/v1/subjects/{victim.subject_id}/receipts/2", headers=staff).status_code == 200

    entries = _log(api, me, victim)["items"]
    assert [(e["actor_role"], e["actor_label"], e["action"]) for e in entries[:4]] == [
        ("staff", "staff.member", "receipt.read"),
        ("staff", "staff.member", "preferences.write"),
        ("representative", rep_name, "preferences.read"),
        ("victim", None, "preferences.write"),  # the app shows "you"
    ]
    times = [e["at"] for e in entries[:4]]
    assert times == sorted(times, reverse=True)

    # Reading the log is itself logged; a representative may not read it.
    newest = _log(api, staff, victim)["items"][0]
    assert (newest["actor_role"], newest["action"]) == ("victim", "access-log.read")
    assert api.get(f"/v1/subjects/{victim.subject_id}/access-log", headers=rep).status_code == 403


def test_the_log_is_paged_newest_first(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    me = login(victim.username, victim.passphrase)
    for _ in range(5):
        assert api.get(preferences_url(victim.subject_id), headers=me).status_code == 200
    first = _log(api, me, victim, limit=3)
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = _log(api, me, victim, limit=3, cursor=first["next_cursor"])
    # The second page continues below the first, not above it: the log read in between
    # (newer than both) does not push anything across the page boundary.
    assert [e["action"] for e in first["items"] + second["items"]] == ["preferences.read"] * 5
    assert second["next_cursor"] is None
    bad = api.get(
        f"/v1/subjects/{victim.subject_id}/access-log", headers=me, params={"cursor": "nonsense!"}
    )
    assert bad.status_code == 422
