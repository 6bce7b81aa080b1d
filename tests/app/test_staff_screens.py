"""Support staff in the app: a new record with its activation code shown once; an assisted
session that ends with the read-back and is recorded as assisted; representatives checked;
the re-consent work-list worked through."""

from __future__ import annotations

import uuid

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioSet

from api_client import ConsentClient, activation_code
from api_client.models import (
    ChangeMethod,
    Permission,
    Role,
    SubjectUpdate,
)
from consent_app.app import ConsentApp
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.one_time_code import OneTimeCodeScreen
from consent_app.screens.receipt import ReceiptScreen
from consent_app.screens.staff.assisted import AssistedStartScreen, AssistedWizardScreen
from consent_app.screens.staff.create_record import CreateRecordScreen
from consent_app.screens.staff.delegations import StaffDelegationsScreen
from consent_app.screens.staff.home import StaffHomeScreen
from consent_app.screens.staff.reconsent import ReconsentScreen
from consent_app.screens.staff.record import StaffRecordScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio


async def _open_record(app: ConsentApp, pilot: Pilot[None], subject_id: uuid.UUID) -> None:
    app.screen.query_one("#record", Input).value = str(subject_id)
    await press(pilot, "#open")
    await settle(app, pilot)
    assert isinstance(app.screen, StaffRecordScreen)


async def test_staff_creates_a_record_and_sees_a_well_formed_code_once(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    reference = f"CASE-{uuid.uuid4().hex[:6]}"
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        assert isinstance(app.screen, StaffHomeScreen)
        await press(pilot, "#create")
        await pilot.pause()
        assert isinstance(app.screen, CreateRecordScreen)
        app.screen.query_one("#reference", Input).value = "no spaces allowed"
        await press(pilot, "#create")
        await pilot.pause()
        assert "Use 1 to 64 letters" in flat(app)
        app.screen.query_one("#reference", Input).value = reference
        app.screen.query_one("#birth", Input).value = "14-02-2012"
        language = app.screen.query_one("#language", RadioSet)
        assert language.pressed_index == -1  # asked, not assumed
        await press(pilot, "#create")
        await pilot.pause()
        assert isinstance(app.screen, CreateRecordScreen)  # nothing was sent
        assert "Choose the language the person will read the questions in." in flat(app)
        language.focus()
        await pilot.press("down", "space")  # English, as a person picks it
        await pilot.pause()
        assert "Choose the language" not in flat(app)  # answered: the message went
        await press(pilot, "#create")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OneTimeCodeScreen), flat(app)
        text = flat(app)
        assert f"Activation code for record {reference}" in text
        assert "shown only once" in text and "Hand this code over safely" in text
        code = "".join(str(screen.query_one("#code").render()).split())
        assert activation_code.is_well_formed(code)
        record_id = text.split("Record number (for your file): ")[1].split()[0]

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        assert code not in "".join(flat(app).split())

    with people.client(staff) as client:
        subject = client.get_subject(uuid.UUID(record_id))
        assert subject.reference == reference
        assert subject.date_of_birth is not None and subject.date_of_birth.year == 2012
        assert subject.language == "en"
        assert not subject.has_account


async def test_assisted_session_ends_with_read_back_and_is_recorded_as_assisted(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    subject_id, _ = people.record(language="en")  # the questions come in the record's language
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        await _open_record(app, pilot, subject_id)
        await press(pilot, "#assisted")
        await pilot.pause()
        assert isinstance(app.screen, AssistedStartScreen)
        await press(pilot, "#start")
        await pilot.pause()
        assert "how you checked who the person is" in flat(app)
        app.screen.query_one("#identity", Input).value = "passport seen at the desk"
        await press(pilot, "#start")
        await settle(app, pilot)
        wizard = app.screen
        assert isinstance(wizard, AssistedWizardScreen)
        assert "I read the summary aloud" not in flat(app)  # only on the review
        await pilot.press("f3")  # decide later
        await pilot.pause()
        assert "I read the summary aloud and the person agreed" in flat(app)
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, AssistedWizardScreen)  # not sent without the read-back
        assert "Please read the summary aloud first" in flat(app)
        wizard.query_one("#read-back", Checkbox).value = True
        await press(pilot, "#send")
        await settle(app, pilot)
        assert isinstance(app.screen, ReceiptScreen)

    with people.client(staff) as client:
        newest = client.history(subject_id).items[0]
        assert newest.method is ChangeMethod.assisted
        assert newest.identity_check == "passport seen at the desk"
        assert newest.read_back_confirmed is True


async def test_staff_marks_a_representative_checked_and_flags_a_conflict(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    victim = people.victim()
    people.mandate(victim, [Permission.view, Permission.edit, Permission.receive_notices])
    assert victim.subject_id is not None
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        await _open_record(app, pilot, victim.subject_id)
        await press(pilot, "#delegations")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffDelegationsScreen)
        assert "not yet checked" in flat(app)
        app.screen.query_one("#evidence", Input).value = "birth certificate seen"
        await press(pilot, "#verify")
        await settle(app, pilot)
        assert "checked by support staff" in flat(app)
        await press(pilot, "#conflict")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        question = " ".join(str(app.screen.query_one("#question").render()).split())
        assert "never told about new findings" in question
        await press(pilot, "#yes")
        await settle(app, pilot)
        assert "conflict of interest: may only look" in flat(app).replace("▌", "")

    with people.client(staff) as client:
        (delegation,) = client.list_delegations(victim.subject_id)
        assert delegation.verified_by is not None
        assert delegation.evidence == "birth certificate seen"
        assert delegation.conflict_of_interest


async def test_reconsent_list_open_talk_and_mark_done(
    people: People, app_client: ConsentClient
) -> None:
    staff = people.account(Role.staff, "staff")
    subject_id, reference = people.record()
    with people.client(staff) as client:
        client.update_subject(subject_id, SubjectUpdate(needs_reconsent=True))
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        await press(pilot, "#reconsent")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReconsentScreen)
        assert reference in flat(app)
        index = next(i for i, s in enumerate(screen.subjects) if s.id == subject_id)
        screen.query_one("#subjects").highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StaffRecordScreen)
        assert "needs a safe talk" in flat(app)
        await press(pilot, "#reconsent-done")
        await settle(app, pilot)
        assert "off the re-consent list" in flat(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ReconsentScreen)
        assert reference not in flat(app)
