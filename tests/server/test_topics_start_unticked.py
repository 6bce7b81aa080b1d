"""Topics start unticked: a record nobody has answered shows no topic chosen, and a write
that leaves ``topics`` out chooses none either (SPEC §6: consent is an active choice)."""

from __future__ import annotations

import uuid

from httpx import Client

from api_client.models import NO_TOPICS, Inform, NotificationPlan, PreferenceWrite, Role, Topics
from api_client.notices import Finding
from tests.server.helpers import PRIVATE_BODY, preferences_url, put_preferences
from tests.server.world import new_account
from tests.support.accounts import Person, Seeded, mint_bearer

NONE_TICKED = {"new_findings": False, "proceedings": False, "compensation": False, "removal": False}
ONLINE = {"kind": "material_online", "case_reference": "ZAAK-7", "authority": "Politie"}


def test_a_record_nobody_answered_shows_no_topic_ticked(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    headers = mint_bearer(seeded.app, victim.account_id)
    document = api.get(preferences_url(victim.subject_id or ""), headers=headers).json()
    assert (document["version"], document["inform"]) == (0, "undecided")
    assert document["topics"] == NONE_TICKED


def test_the_topics_chosen_are_kept_as_chosen(api: Client, seeded: Seeded, victim: Person) -> None:
    headers = mint_bearer(seeded.app, victim.account_id)
    assert victim.subject_id is not None
    answered = put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0)
    assert answered.status_code == 200, answered.text
    assert answered.json()["topics"] == PRIVATE_BODY["topics"]


def test_a_typed_write_without_topics_chooses_none() -> None:
    assert PreferenceWrite(inform=Inform.yes).topics == NO_TOPICS == Topics()
    assert Topics.model_validate({"removal": True}) == Topics(removal=True)
    assert Topics(removal=True).model_dump() == {**NONE_TICKED, "removal": True}


def test_a_yes_without_topics_stores_none_ticked_and_withholds_with_topic_off(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    """An API caller's "yes" that leaves ``topics`` out is not a yes to every topic."""
    headers = mint_bearer(seeded.app, victim.account_id)
    assert victim.subject_id is not None
    body = {"inform": "yes", "recipients": "me", "channels": [{"kind": "app"}]}
    answered = put_preferences(api, headers, victim.subject_id, body, 0)
    assert answered.status_code == 200, answered.text
    assert answered.json()["topics"] == NONE_TICKED
    stored = api.get(preferences_url(victim.subject_id), headers=headers).json()
    assert (stored["version"], stored["topics"]) == (1, NONE_TICKED)

    _, notifier_id = new_account(seeded.app, Role.notifier, "notifier")
    police = mint_bearer(seeded.app, notifier_id)
    plan_response = api.get(f"/v1/subjects/{victim.subject_id}/notification-plan", headers=police)
    assert plan_response.status_code == 200, plan_response.text
    plan = NotificationPlan.model_validate(plan_response.json())
    assert (plan.inform, plan.reason, plan.topics) == (True, "wants_to_be_informed", NO_TOPICS)
    recorded = api.post(
        f"/v1/subjects/{victim.subject_id}/findings",
        json=ONLINE,
        headers={**police, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert recorded.status_code == 201, recorded.text
    (delivery,) = Finding.model_validate(recorded.json()).deliveries
    assert (delivery.state.value, delivery.reason) == ("withheld", "topic_off")
