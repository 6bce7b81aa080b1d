"""Conflict helpers: plain-language differences, merges in which a "no" is never lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api_client.models import Inform, PreferenceChoices, PreferenceWrite, Topics
from consent_app import conflicts
from consent_app.conflicts import MergeChoice
from tests.support.topics import ALL_TOPICS, ALL_TOPICS_JSON


def write(**choices: object) -> PreferenceWrite:
    return PreferenceWrite.model_validate(choices)


def test_diff_names_each_differing_field_in_plain_words() -> None:
    mine = write(inform="no", paused_until="2027-01-01", topics=ALL_TOPICS_JSON)
    theirs = PreferenceChoices(inform=Inform.yes, topics=ALL_TOPICS)
    changes = {change.field: change for change in conflicts.diff(mine, theirs)}
    assert set(changes) == {"inform", "paused_until"}
    assert (changes["inform"].label, changes["inform"].mine, changes["inform"].theirs) == (
        "Being informed",
        "no",
        "yes",
    )
    assert changes["inform"].more_protective == "mine"
    assert changes["paused_until"].mine == "not before 1 January 2027"


def test_combine_applies_my_changed_fields_on_top_of_theirs() -> None:
    base = PreferenceChoices(topics=ALL_TOPICS)
    mine = write(inform="yes", recipients="both", topics=ALL_TOPICS_JSON)
    theirs = PreferenceChoices(
        language="en", topics=ALL_TOPICS.model_copy(update={"removal": False})
    )
    merged = conflicts.merge(mine, theirs, MergeChoice.combine, base=base)
    assert merged is not None
    assert (merged.inform, merged.recipients.value, merged.language) == (Inform.yes, "both", "en")
    assert merged.topics.removal is False  # their protective choice wins


def test_keep_mine_never_turns_a_recorded_no_into_yes() -> None:
    merged = conflicts.merge(
        write(inform="yes"), PreferenceChoices(inform=Inform.no), MergeChoice.keep_mine
    )
    assert merged is not None and merged.inform is Inform.no


def test_only_keep_theirs_drops_my_no() -> None:
    mine, theirs = write(inform="no"), PreferenceChoices(inform=Inform.yes, topics=ALL_TOPICS)
    assert conflicts.merge(mine, theirs, MergeChoice.keep_theirs) is None
    for choice in (MergeChoice.keep_mine, MergeChoice.combine):
        merged = conflicts.merge(mine, theirs, choice)
        assert merged is not None and merged.inform is Inform.no


def test_a_change_that_is_not_only_protective_is_not_reapplied() -> None:
    base = PreferenceChoices()
    mine = write(inform="no", recipients="both")
    assert (
        conflicts.protective_reapply(
            mine, PreferenceChoices(inform=Inform.yes, topics=ALL_TOPICS), base
        )
        is None
    )


def test_a_longer_pause_is_protective_and_the_later_date_wins() -> None:
    base = PreferenceChoices(paused_until=dt.date(2026, 1, 1))
    mine = write(paused_until="2026-06-01")
    theirs = PreferenceChoices(paused_until=dt.date(2026, 9, 1), language="en")
    again = conflicts.protective_reapply(mine, theirs, base)
    assert again is not None
    assert again.paused_until == dt.date(2026, 9, 1) and again.language == "en"


informs = st.sampled_from(["yes", "no", "undecided"])
topic_sets = st.fixed_dictionaries({name: st.booleans() for name in Topics.model_fields})
choice_sets = st.fixed_dictionaries(
    {
        "inform": informs,
        "topics": topic_sets,
        "recipients": st.sampled_from(["me", "representative", "both"]),
        "paused_until": st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1)).map(str),
    }
)


@settings(max_examples=200, deadline=None)
@given(mine=choice_sets, theirs=choice_sets, base=st.none() | choice_sets)
def test_no_merge_but_keep_theirs_loses_a_no_or_a_topic_switched_off(
    mine: dict[str, Any], theirs: dict[str, Any], base: dict[str, Any] | None
) -> None:
    my_write = write(**mine)
    their_choices = PreferenceChoices.model_validate(theirs)
    base_choices = PreferenceChoices.model_validate(base) if base else None
    for choice in (MergeChoice.keep_mine, MergeChoice.combine):
        merged = conflicts.merge(my_write, their_choices, choice, base=base_choices)
        assert merged is not None
        if Inform.no in (my_write.inform, their_choices.inform) and (
            choice is MergeChoice.combine
            or their_choices.inform is Inform.no
            or my_write.inform is Inform.no
        ):
            assert merged.inform is Inform.no
    again = conflicts.protective_reapply(my_write, their_choices, base_choices)
    if again is not None:
        assert again.inform is Inform.no or my_write.inform is not Inform.no
        for name in Topics.model_fields:
            if not getattr(my_write.topics, name) and (
                base_choices is None or getattr(base_choices.topics, name)
            ):
                assert getattr(again.topics, name) is False


@pytest.mark.anyio
async def test_conflict_screen_returns_the_persons_choice() -> None:
    from textual.app import App

    from consent_app.screens.conflict import ConflictScreen

    results: list[MergeChoice | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            screen = ConflictScreen(
                write(inform="no"), PreferenceChoices(inform=Inform.yes, topics=ALL_TOPICS)
            )
            self.push_screen(screen, results.append)

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        lines = str(app.screen.query_one("#difference-lines").render())
        assert "Your change: no" in lines and "Recorded now: yes" in lines
        await pilot.press("enter")  # "Combine both" has the focus
        await pilot.pause()
    assert results == [MergeChoice.combine]


def test_a_yes_over_a_no_the_person_still_has_is_never_settled_silently() -> None:
    base = PreferenceChoices(inform=Inform.no, topics=ALL_TOPICS)
    # Only switched a topic off; someone else turned the "no" into "yes" meanwhile.
    mine = write(inform="no", topics={**ALL_TOPICS_JSON, "removal": False})
    theirs = PreferenceChoices(inform=Inform.yes, topics=ALL_TOPICS)
    assert conflicts.protective_reapply(mine, theirs, base) is None
