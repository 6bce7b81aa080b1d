"""A representative in the app sees only what the mandate allows: with view the choices and
history, no way to change them and a sentence why; with edit the questions, and the change
shows in the victim's history as made by their representative."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from api_client import ConsentClient
from api_client.models import (
    ChangeMethod,
    Inform,
    Permission,
)
from consent_app.screens.history import HistoryScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.represented import RepresentedRecordScreen
from consent_app.screens.subject_picker import SubjectPickerScreen
from consent_app.screens.wizard import WizardScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio


async def test_representative_with_view_only_sees_choices_and_no_way_to_change_them(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    representative = people.mandate(victim, [Permission.view])
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, representative)
        assert isinstance(app.screen, SubjectPickerScreen)
        assert f"Record {victim.reference} — you may see the choices" in flat(app)
        assert "Enter Open" in flat(app)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepresentedRecordScreen)
        text = flat(app)
        assert "You may view these choices but not change them." in text
        assert "Loading the choices" not in text
        assert not screen.query("#change")
        assert all("Change" not in str(b.label) for b in screen.query(Button))

        await press(pilot, "#history")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = flat(app)
        assert "Nothing has been recorded yet." in text
        # The heading addresses the representative, never as the person the record is about.
        assert "History of the choices for the person you act for" in text
        assert "your choices" not in text


async def test_representative_with_edit_changes_choices_and_victim_sees_who_did_it(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    representative = people.mandate(victim, [Permission.view, Permission.edit])
    assert victim.subject_id is not None
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, representative)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentedRecordScreen)
        assert "not change them" not in flat(app)
        await press(pilot, "#change")
        await settle(app, pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("f3")  # decide later: straight to the review
        await pilot.pause()
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)

    with people.client(victim.username) as own:
        newest = own.history(victim.subject_id).items[0]
        assert newest.actor.relation == "delegate"
        assert newest.method is ChangeMethod.representative
        assert newest.preferences.inform is Inform.undecided

    victim_app = make_app(app_client)
    async with victim_app.run_test(size=SIZE) as pilot:
        await log_in(victim_app, pilot, victim.username)
        await press(pilot, "#history")
        await settle(victim_app, pilot)
        assert "Version 1" in flat(victim_app)
        assert "by your representative" in flat(victim_app)


async def test_a_record_that_cannot_be_loaded_says_why_and_not_loading(
    people: People, app_client: ConsentClient
) -> None:
    """The mandate ends between the list and opening the record: the screen says why, and
    no longer says it is loading the choices."""
    victim = people.victim()
    representative = people.mandate(victim, [Permission.view])
    assert victim.subject_id is not None
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, representative)
        assert isinstance(app.screen, SubjectPickerScreen)
        with people.client(victim.username) as own:
            for mandate in own.list_delegations(victim.subject_id):
                own.revoke_delegation(victim.subject_id, mandate.id)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentedRecordScreen)
        text = flat(app)
        assert "Loading the choices" not in text
        assert "You may no longer see this record. The permission has ended." in text
