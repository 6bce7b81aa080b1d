"""Notices on the live server, set up as the people involved would: the victim says "yes, in
the app", a notifier records a case the victim can join, the victim gives someone a mandate.
For the inbox tests of both front ends (Textual and the plain mode)."""

from __future__ import annotations

import datetime as dt

from api_client.models import (
    Channel,
    ChannelKind,
    Inform,
    PreferenceWrite,
    Recipients,
    Role,
)
from api_client.notices import FindingCreate, FindingKind
from tests.support.roles import LiveVictim, People
from tests.support.topics import ALL_TOPICS

DEADLINE = dt.date.today() + dt.timedelta(days=90)


def wants_messages(people: People, victim: LiveVictim, recipients: Recipients) -> None:
    """The victim's own "yes, in the app", given to the current questions."""
    assert victim.subject_id is not None
    write = PreferenceWrite(
        inform=Inform.yes,
        topics=ALL_TOPICS,
        recipients=recipients,
        channels=[Channel(kind=ChannelKind.app)],
        questions_version="2",
    )
    with people.client(victim.username) as own:
        own.put_preferences(victim.subject_id, write, if_match=0)


def case_to_join(people: People, victim: LiveVictim) -> str:
    """A notifier records a case the victim can join, with the typed client."""
    assert victim.subject_id is not None
    notifier = people.account(Role.notifier, "police")
    with people.client(notifier) as police:
        finding = police.record_finding(
            victim.subject_id,
            FindingCreate(
                kind=FindingKind.case_joinable,
                case_reference="ZAAK-2026-0042",
                authority="Politie Midden-Nederland",
                join_deadline=DEADLINE,
            ),
        )
    assert any(d.state == "in_app" for d in finding.deliveries)
    return notifier
