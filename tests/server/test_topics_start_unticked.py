"""Topics start unticked: a record nobody has answered shows no topic chosen (SPEC §6)."""

from __future__ import annotations

from httpx import Client

from tests.server.helpers import PRIVATE_BODY, preferences_url, put_preferences
from tests.support.accounts import Person, Seeded, mint_bearer

NONE_TICKED = {"new_findings": False, "proceedings": False, "compensation": False, "removal": False}


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
