"""Staff open a record by its reference as well as by its number (live server)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from api_client import ConsentClient
from api_client.models import Role
from consent_app.screens.staff.home import StaffHomeScreen
from consent_app.screens.staff.record import StaffRecordScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio


async def test_staff_open_a_record_by_its_reference(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    subject_id, reference = people.record()
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        assert isinstance(app.screen, StaffHomeScreen)
        field = app.screen.query_one("#record", Input)

        field.value = "not a reference!"
        await press(pilot, "#open")
        assert "not a record number or a reference" in flat(app)

        field.value = reference + "-X"
        await press(pilot, "#open")
        await settle(app, pilot)
        assert "No record has this reference" in flat(app)

        field.value = reference
        await press(pilot, "#open")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StaffRecordScreen)
        assert screen.subject.id == subject_id
