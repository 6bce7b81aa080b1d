"""'Fill in together' asks the questions in the record's language, not the staff member's."""

from __future__ import annotations

import uuid

import pytest
from textual.widgets import Checkbox, Input

from api_client import ConsentClient
from api_client.models import Role
from consent_app.i18n import current_language
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.staff.assisted import AssistedWizardScreen
from consent_app.screens.staff.record import StaffRecordScreen
from consent_server import admin
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio

# Worded for the staff member at the keyboard (viewpoint.py), in the record's language.
DUTCH_QUESTION = "Wil de persoon die je helpt bericht krijgen als de politie nieuwe beelden"
ENGLISH_QUESTION = "Does the person you are helping want to be told"


async def test_the_questions_come_in_the_records_language_and_the_staff_language_returns(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    with admin.connect(people.settings) as db:
        record = admin.create_subject(
            db, people.settings, f"REF-{uuid.uuid4().hex[:8]}", language="nl"
        )
    app = make_app(app_client)  # the staff member's screens are in English
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        app.screen.query_one("#record", Input).value = str(record.id)
        await press(pilot, "#open")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffRecordScreen)
        await press(pilot, "#assisted")
        await pilot.pause()
        app.screen.query_one("#identity", Input).value = "passport seen at the desk"
        await press(pilot, "#start")
        await settle(app, pilot)
        wizard = app.screen
        assert isinstance(wizard, AssistedWizardScreen)
        assert DUTCH_QUESTION in flat(app)
        assert ENGLISH_QUESTION not in flat(app)

        await pilot.press("f3")  # decide later: to the review
        await pilot.pause()
        wizard.query_one("#read-back", Checkbox).value = True
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)
        assert current_language() == "en"  # the session ended: the staff language is back

    with people.client(staff) as client:
        newest = client.history(record.id).items[0]
        assert newest.questions_locale == "nl"
