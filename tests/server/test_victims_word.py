"""The victim's own "no" stands until the victim (or staff with them) changes it.

Not only against the newest version: a representative who re-saves "no" with a small change
owns the newest version, and still may not say "yes" next. The notification plan reads the
same rule, so it never informs after the victim's "no" unless the victim later said "yes".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client, Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_client.models import Inform, NotificationPlan, Role
from consent_server.app import context_of
from consent_server.tables import PreferenceVersionRow, SubjectRow
from tests.server.helpers import preferences_url, put_preferences
from tests.server.world import (
    ASSISTED,
    add_delegation,
    new_account,
    new_subject_with_victim,
)
from tests.support.accounts import Seeded, mint_bearer
from tests.support.topics import ALL_TOPICS_JSON

ACTORS = ("victim", "representative", "staff_assisted", "staff_unassisted")


@dataclass
class Record:
    """One victim record with its victim, a representative who may edit, staff and a notifier."""

    api: Client
    app: FastAPI
    subject_id: uuid.UUID
    headers: dict[str, dict[str, str]]
    version: int = 0

    def write(self, actor: str, inform: str, *, removal: bool = True) -> Response:
        body: dict[str, Any] = {
            "inform": inform,
            "recipients": "me",
            "channels": [{"kind": "app"}],
            "topics": {**ALL_TOPICS_JSON, "removal": removal},
        }
        if actor == "staff_assisted":
            body["assisted"] = ASSISTED
        who = "staff" if actor.startswith("staff") else actor
        response = put_preferences(self.api, self.headers[who], self.subject_id, body, self.version)
        if response.status_code == 200:
            self.version += 1
        return response

    def revert(self, actor: str, to_version: int) -> Response:
        body: dict[str, Any] = {"to_version": to_version}
        if actor == "staff_assisted":
            body["assisted"] = ASSISTED
        who = "staff" if actor.startswith("staff") else actor
        response = self.api.post(
            preferences_url(self.subject_id) + "/revert",
            json=body,
            headers={
                **self.headers[who],
                "If-Match": f'"{self.version}"',
                "Idempotency-Key": uuid.uuid4().hex,
            },
        )
        if response.status_code == 200:
            self.version += 1
        return response

    def plan(self) -> NotificationPlan:
        response = self.api.get(
            f"/v1/subjects/{self.subject_id}/notification-plan", headers=self.headers["notifier"]
        )
        assert response.status_code == 200, response.text
        return NotificationPlan.model_validate(response.json())


def new_record(api: Client, seeded: Seeded, notifier_id: uuid.UUID) -> Record:
    subject_id, victim_id = new_subject_with_victim(seeded)
    _, rep_id = new_account(seeded.app, Role.representative, "rep")
    add_delegation(seeded.app, subject_id, rep_id, ["view", "edit"])
    headers = {
        "victim": mint_bearer(seeded.app, victim_id),
        "representative": mint_bearer(seeded.app, rep_id),
        "staff": mint_bearer(seeded.app, seeded.staff_id),
        "notifier": mint_bearer(seeded.app, notifier_id),
    }
    return Record(api, seeded.app, subject_id, headers)


@pytest.fixture
def record(api: Client, seeded: Seeded) -> Record:
    return new_record(api, seeded, new_account(seeded.app, Role.notifier, "notifier")[1])


def _refused(response: Response) -> None:
    assert response.status_code == 403, response.text
    assert response.json()["type"].endswith("/victim-decision-protected")


def test_a_representatives_small_change_to_a_no_does_not_unlock_a_yes(record: Record) -> None:
    assert record.write("victim", "no").status_code == 200
    # Re-saving "no" with another choice is fine, and makes the newest version theirs ...
    assert record.write("representative", "no", removal=False).status_code == 200
    # ... but the victim's "no" still stands against their "yes" and their "decide later".
    _refused(record.write("representative", "yes"))
    _refused(record.write("representative", "undecided"))
    assert record.version == 2
    plan = record.plan()
    assert (plan.inform, plan.reason) == (False, "declined")


def test_a_no_given_with_staff_in_an_assisted_entry_is_the_victims_own(record: Record) -> None:
    assert record.write("victim", "yes").status_code == 200
    assert record.write("staff_assisted", "no").status_code == 200
    _refused(record.write("representative", "yes"))
    # Staff with the victim may change it again: that is the victim speaking.
    assert record.write("staff_assisted", "yes").status_code == 200
    assert record.plan().inform is True


def test_only_the_victims_own_later_yes_lifts_their_no(record: Record) -> None:
    assert record.write("victim", "no").status_code == 200
    assert record.write("victim", "yes").status_code == 200
    assert record.write("representative", "no").status_code == 200
    # The victim's own last word is "yes": a representative may set it back.
    assert record.write("representative", "yes").status_code == 200
    assert record.plan().inform is True


def test_decide_later_after_no_is_not_an_opening_for_a_representatives_yes(
    record: Record,
) -> None:
    assert record.write("victim", "no").status_code == 200
    assert record.write("victim", "undecided").status_code == 200
    _refused(record.write("representative", "yes"))
    # Keeping the victim's own "decide later" (with another change) is allowed.
    assert record.write("representative", "undecided", removal=False).status_code == 200
    assert record.plan().reason == "undecided"


def test_undo_obeys_the_rule_and_is_the_victims_own_act(record: Record) -> None:
    assert record.write("victim", "yes").status_code == 200  # version 1
    assert record.write("victim", "no").status_code == 200  # version 2
    assert record.write("representative", "no", removal=False).status_code == 200  # 3
    # A representative cannot undo (to the "yes" of version 1 or at all).
    assert record.revert("representative", 1).status_code == 403
    assert record.plan().inform is False
    # The victim's undo to their earlier "yes" is their own new "yes".
    assert record.revert("victim", 1).status_code == 200
    assert record.plan().inform is True
    # Staff assisting the victim may undo to the "no" again.
    assert record.revert("staff_assisted", 2).status_code == 200
    assert record.plan().inform is False
    _refused(record.write("representative", "yes"))


def test_the_plan_holds_to_the_victims_no_even_past_a_stored_yes(record: Record) -> None:
    """Defence in depth: a representative's "yes" stored after the victim's "no" (older data,
    a bug in the guard) does not make the plan inform."""
    assert record.write("victim", "no").status_code == 200
    assert record.write("representative", "no").status_code == 200
    with context_of(record.app).sessions() as db:
        row = db.query(PreferenceVersionRow).filter_by(subject_id=record.subject_id, version=2)
        row.one().inform = Inform.yes.value
        db.commit()
        subject = db.get(SubjectRow, record.subject_id)
        assert subject is not None and subject.current_version == 2
    plan = record.plan()
    assert (plan.inform, plan.reason, plan.recipients) == (False, "declined", [])


# One write or undo: (who, what inform or which version to undo to).
steps = st.lists(
    st.tuples(
        st.sampled_from(ACTORS),
        st.sampled_from(["yes", "no", "undecided", "yes", "no", 1, 2, 3]),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_the_plan_never_informs_after_the_victims_no_unless_their_own_later_yes(
    api: Client, seeded: Seeded, steps: list[tuple[str, str | int]]
) -> None:
    notifier_id = new_account(seeded.app, Role.notifier, "notifier")[1]
    record = new_record(api, seeded, notifier_id)
    informs: list[tuple[str, str]] = []  # (actor, inform) of every version, in order
    for actor, what in steps:
        if isinstance(what, int):
            if what > record.version:
                continue
            inform = informs[what - 1][1]
            response = record.revert(actor, what)
        else:
            inform = what
            response = record.write(actor, what)
        if response.status_code == 200:
            informs.append((actor, inform))
        else:
            assert response.status_code in (403, 422), response.text
        own = [said for who, said in informs if who in ("victim", "staff_assisted")]
        decisive = [said for said in own if said != "undecided"]
        if decisive and decisive[-1] == "no":
            # Nobody but the victim changed it: every version since says what they said.
            since = informs[max(i for i, (w, _) in enumerate(informs) if w != "representative") :]
            assert {said for _, said in since} <= {"no", own[-1]}
            assert record.plan().inform is False
        elif informs and informs[-1][1] == "yes":
            assert record.plan().inform is True
