"""What a person is told about a date or a phone number, and that a corrected mistake is
no longer pointed out (staff "new record" screen against the live server; the checks)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from api_client import ConsentClient
from api_client.models import ChannelKind, Role
from consent_app.answer_checks import check_address, check_hours
from consent_app.app import ConsentApp
from consent_app.date_input import check_birth_date, read_date
from consent_app.screens.staff.create_record import CreateRecordScreen
from consent_app.screens.staff.home import StaffHomeScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-02-2027", "This date does not exist"),
        ("29-02-2025", "This date does not exist"),
        ("2027-13-01", "This date does not exist"),
        ("12 mei 2020", "Please type the date as day-month-year"),
        ("12-05-2030", "cannot be after today"),
        ("02-06-2026", "cannot be after today"),
        ("01-01-1850", "very long ago"),
    ],
)
def test_a_date_of_birth_gets_a_message_that_says_what_is_wrong(text: str, expected: str) -> None:
    value, problem = check_birth_date(text, TODAY)
    assert value is None
    assert problem is not None and expected in str(problem)


def test_a_real_date_of_birth_up_to_today_is_accepted() -> None:
    assert check_birth_date("01-06-2026", TODAY) == (TODAY, None)
    assert check_birth_date("29/02/2012", TODAY) == (dt.date(2012, 2, 29), None)
    assert read_date("2012-02-29") == (dt.date(2012, 2, 29), None)


@pytest.mark.parametrize("number", ["0612345678", "+31612345678", "+31 6 12345678", "06-12345678"])
def test_the_phone_numbers_the_hint_shows_are_accepted(number: str) -> None:
    assert check_address(ChannelKind.phone, number) is None


def test_the_phone_hint_matches_what_the_check_accepts() -> None:
    hint = str(check_address(ChannelKind.phone, "call me"))
    assert "only digits" not in hint
    assert "+31 6 12345678" in hint
    assert check_address(ChannelKind.phone, "+31 6 12345678") is None


async def _new_record_screen(app: ConsentApp, pilot: Pilot[None], people: People) -> None:
    staff = people.account(Role.staff, "staff")
    await log_in(app, pilot, staff)
    assert isinstance(app.screen, StaffHomeScreen)
    await press(pilot, "#create")
    await settle(app, pilot)
    assert isinstance(app.screen, CreateRecordScreen)


@pytest.mark.parametrize(
    "text", ["25:00 tot 12", "9:00-12:00 en 25:00", "99:99", "9:00-12:60", "when he is out"]
)
def test_safe_hours_with_a_time_that_cannot_be_read_are_refused(text: str) -> None:
    """Reading only "tot 12" of "25:00 tot 12" would keep to hours the person did not mean."""
    assert check_hours(text) is not None


@pytest.mark.parametrize(
    "text", ["", "9:00-12:00", "19.00 tot 21.00, 9-10", "na 18:00", "ma 09:30-11:00", "before 12"]
)
def test_safe_hours_that_can_be_read_whole_are_accepted(text: str) -> None:
    assert check_hours(text) is None


async def test_new_record_refuses_a_birth_date_in_the_future_and_one_that_does_not_exist(
    people: People, app_client: ConsentClient
) -> None:
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await _new_record_screen(app, pilot, people)
        app.screen.query_one("#reference", Input).value = f"CASE-{uuid.uuid4().hex[:6]}"
        future = dt.date.today() + dt.timedelta(days=400)
        birth = app.screen.query_one("#birth", Input)
        birth.value = future.strftime("%d-%m-%Y")
        await press(pilot, "#create")
        assert "cannot be after today" in flat(app)
        assert isinstance(app.screen, CreateRecordScreen)  # nothing was sent

        birth.value = "31-02-2027"
        await press(pilot, "#create")
        assert "This date does not exist" in flat(app)
        assert "day-month-year" not in flat(app).split("Date of birth")[-1].split("Language")[0]


async def test_new_record_says_what_to_fix_in_every_field_at_once(
    people: People, app_client: ConsentClient
) -> None:
    """Not one message per press: a reference, a date and no language, all three at once,
    with the first field to fix focused."""
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await _new_record_screen(app, pilot, people)
        app.screen.query_one("#reference", Input).value = "CASE 1"
        app.screen.query_one("#birth", Input).value = "31-02-2012"
        await press(pilot, "#create")
        text = flat(app)
        assert "Use 1 to 64 letters" in text
        assert "This date does not exist" in text
        assert "Choose the language the person will read the questions in." in text
        assert app.focused is app.screen.query_one("#reference", Input)
        assert isinstance(app.screen, CreateRecordScreen)  # nothing was sent


async def test_a_message_goes_away_as_soon_as_the_field_is_changed(
    people: People, app_client: ConsentClient
) -> None:
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await _new_record_screen(app, pilot, people)
        app.screen.query_one("#reference", Input).value = "with spaces"
        await press(pilot, "#create")
        assert "Use 1 to 64 letters" in flat(app)
        app.screen.query_one("#reference", Input).focus()
        await pilot.pause()
        await pilot.press("end", "backspace")
        await settle(app, pilot)
        assert "Use 1 to 64 letters" not in flat(app)
