"""Support staff open a record from the list of records they worked on lately, and the record
screen shows the record's current choice, worded for the person helping."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from api_client import ConsentClient
from api_client.models import Inform, PreferenceWrite, Role
from consent_app.screens.staff.home import StaffHomeScreen
from consent_app.screens.staff.record import StaffRecordScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio


async def test_staff_open_a_recent_record_and_see_its_current_choice(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    victim = people.victim()
    assert victim.subject_id is not None
    with people.client(victim.username) as own:
        own.put_preferences(
            victim.subject_id, PreferenceWrite(inform=Inform.no, questions_locale="en"), if_match=0
        )
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        assert isinstance(app.screen, StaffHomeScreen)
        assert "None yet" in flat(app)

        await press(pilot, "#open")  # nothing typed yet
        await pilot.pause()
        assert "Type a record number or a reference first." in flat(app)
        assert isinstance(app.screen, StaffHomeScreen)

        app.screen.query_one("#record", Input).value = victim.reference
        await press(pilot, "#open")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffRecordScreen)
        text = flat(app)
        assert "No, the person you are helping does not want to be informed." in text
        assert "Version 1" in text

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        recent = app.screen.query_one("#recent", OptionList)
        assert recent.display and recent.option_count >= 1
        assert victim.reference in flat(app)
        recent.focus()  # as Tab does: Enter opens the first record, no arrow key needed
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StaffRecordScreen)
        assert screen.subject.reference == victim.reference
