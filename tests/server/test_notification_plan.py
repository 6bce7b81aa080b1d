"""The notifier's plan for each combination of choices and mandates that matters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from httpx import Client

from api_client.models import NotificationPlan, Role
from consent_server.clock import MovableClock
from tests.server.helpers import PRIVATE_BODY, put_preferences
from tests.server.world import add_delegation, new_account
from tests.support.accounts import Seeded, Victim, mint_bearer


class Desk:
    """A victim record, a notifier, and a way to record the victim's choices."""

    def __init__(self, api: Client, seeded: Seeded, victim: Victim) -> None:
        assert victim.subject_id is not None
        self.api, self.seeded, self.subject_id = api, seeded, victim.subject_id
        self.victim_id = victim.account_id
        self.version = 0
        _, self.notifier_id = new_account(seeded.app, Role.notifier, "notifier")

    def choose(self, **choices: Any) -> None:
        headers = mint_bearer(self.seeded.app, self.victim_id)
        body = {**PRIVATE_BODY, **choices}
        response = put_preferences(self.api, headers, self.subject_id, body, self.version)
        assert response.status_code == 200, response.text
        self.version += 1

    def representative(self, permissions: list[str], **standing: Any) -> uuid.UUID:
        _, account_id = new_account(self.seeded.app, Role.representative, "rep")
        add_delegation(self.seeded.app, self.subject_id, account_id, permissions, **standing)
        return account_id

    def plan(self, reason: str | None = None) -> NotificationPlan:
        headers = mint_bearer(self.seeded.app, self.notifier_id)
        params = {"reason": reason} if reason else {}
        response = self.api.get(
            f"/v1/subjects/{self.subject_id}/notification-plan", headers=headers, params=params
        )
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        return NotificationPlan.model_validate(response.json())


@pytest.fixture
def desk(api: Client, seeded: Seeded, victim: Victim) -> Desk:
    return Desk(api, seeded, victim)


def test_no_is_always_respected(desk: Desk) -> None:
    desk.representative(["view", "receive_notices"])
    desk.choose(inform="no", recipients="both")
    plan = desk.plan()
    assert (plan.inform, plan.reason) == (False, "declined")
    assert plan.recipients == [] and plan.safe_contact.alternative_address is None


def test_nothing_recorded_or_decide_later_is_not_a_yes(desk: Desk) -> None:
    plan = desk.plan()
    assert (plan.inform, plan.reason, plan.version) == (False, "undecided", 0)
    desk.choose(inform="undecided")
    plan = desk.plan()
    assert (plan.inform, plan.reason, plan.version) == (False, "undecided", 1)
    assert plan.recipients == []


def test_paused_until_a_date_and_informed_from_that_date(desk: Desk, clock: MovableClock) -> None:
    desk.choose(paused_until="2026-06-10")
    plan = desk.plan()
    assert (plan.inform, plan.reason) == (False, "paused")
    assert str(plan.paused_until) == "2026-06-10" and plan.recipients == []
    clock.advance(days=9)  # 2026-06-10: "not before" that day, so from that day on
    plan = desk.plan()
    assert (plan.inform, plan.reason) == (True, "wants_to_be_informed")


def test_victim_reached_over_their_channels_with_safe_contact_limits(desk: Desk) -> None:
    desk.choose()  # PRIVATE_BODY: yes, to me, e-mail then phone, strict safe-contact limits
    plan = desk.plan()
    assert (plan.inform, plan.reason) == (True, "wants_to_be_informed")
    (recipient,) = plan.recipients
    assert recipient.who == "victim" and recipient.account_id == desk.victim_id
    assert [(c.kind.value, c.address) for c in recipient.channels] == [
        ("email", "hidden.person@example.org"),
        ("phone", "+31 6 12345678"),
    ]
    limits = plan.safe_contact
    assert limits.hours == "09:00-12:00" and [d.value for d in limits.days] == ["mon", "wed"]
    assert limits.no_voicemail and limits.no_post_to_home and limits.household_must_not_know
    assert limits.alternative_address == "Postbus 4711, Utrecht"
    assert limits.discreet_sender == "Bibliotheek Noord"
    assert plan.topics.compensation is False and plan.topics.new_findings is True


def test_representative_only(desk: Desk) -> None:
    notices = desk.representative(["receive_notices"])
    desk.representative(["view", "edit"])  # no receive_notices: not told
    desk.choose(recipients="representative")
    plan = desk.plan()
    assert plan.inform is True
    assert [(r.who, r.account_id) for r in plan.recipients] == [("representative", notices)]
    assert [c.kind.value for c in plan.recipients[0].channels] == ["app"]


def test_both_victim_and_representative(desk: Desk) -> None:
    rep = desk.representative(["view", "receive_notices"], kind="guardian")
    desk.choose(recipients="both")
    plan = desk.plan()
    assert [(r.who, r.account_id) for r in plan.recipients] == [
        ("victim", desk.victim_id),
        ("representative", rep),
    ]


@pytest.mark.parametrize(
    "standing",
    [
        {"conflict_of_interest": True},
        {"revoked": True},
        {"valid_until": dt.date(2026, 5, 31)},
    ],
    ids=["conflict-of-interest", "revoked", "expired"],
)
def test_representatives_who_may_not_be_told(desk: Desk, standing: dict[str, Any]) -> None:
    desk.representative(["view", "edit", "receive_notices"], **standing)
    desk.choose(recipients="representative")
    plan = desk.plan()
    assert (plan.inform, plan.reason, plan.recipients) == (False, "no_reachable_recipient", [])
    desk.choose(recipients="both")
    assert [r.who for r in desk.plan().recipients] == ["victim"]


def test_victim_without_usable_channel_is_not_reachable(
    desk: Desk, api: Client, seeded: Seeded
) -> None:
    desk.choose(channels=[{"kind": "post"}])  # letters, but no address given
    assert desk.plan().reason == "no_reachable_recipient"
    desk.choose(channels=[])  # with an account and no channel chosen: the app
    (recipient,) = desk.plan().recipients
    assert [c.kind.value for c in recipient.channels] == ["app"]


def test_every_plan_call_is_in_the_access_log(desk: Desk, api: Client, victim: Victim) -> None:
    desk.plan(reason="finding 2026-118 (case ZD/77)")
    desk.plan()
    headers = mint_bearer(desk.seeded.app, victim.account_id)
    log = api.get(f"/v1/subjects/{desk.subject_id}/access-log", headers=headers).json()
    plan_entries = [e for e in log["items"] if e["action"] == "notification-plan.read"]
    assert [(e["actor_role"], e["reason"]) for e in plan_entries] == [
        ("notifier", "notification-check"),
        ("notifier", "finding 2026-118 (case ZD/77)"),
    ]
    assert all(e["actor_label"].startswith("notifier-") for e in plan_entries)


def test_a_reason_with_markup_is_refused(desk: Desk, api: Client) -> None:
    headers = mint_bearer(desk.seeded.app, desk.notifier_id)
    response = api.get(
        f"/v1/subjects/{desk.subject_id}/notification-plan",
        headers=headers,
        params={"reason": "<script>"},
    )
    assert response.status_code == 422
    assert "<script>" not in response.text
