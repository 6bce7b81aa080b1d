"""A victim's representatives and access log in the app: invite (a one-time code), the
representative accepts, the victim revokes and the representative loses access at once."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, RadioButton, RadioSet

from api_client import ConsentClient, activation_code, errors
from api_client.models import Permission, Role
from consent_app.screens.accept_invitation import AcceptInvitationScreen
from consent_app.screens.access_log import AccessLogScreen
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.home import HomeScreen
from consent_app.screens.invitation import InvitationScreen
from consent_app.screens.one_time_code import OneTimeCodeScreen
from consent_app.screens.representatives import RepresentativesScreen
from consent_app.screens.subject_picker import SubjectPickerScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio


async def test_victim_invites_representative_accepts_and_victim_revokes_at_once(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    representative = people.account(Role.representative, "rep")
    assert victim.subject_id is not None
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "#representatives")
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentativesScreen)
        assert "Nobody may act for you at the moment." in flat(app)

        await press(pilot, "#invite")
        await pilot.pause()
        assert isinstance(app.screen, InvitationScreen)
        # Nothing is chosen beforehand; making a code asks for who they are and what they may do.
        assert app.screen.query_one("#kind", RadioSet).pressed_index == -1
        assert not any(box.value for box in app.screen.query(Checkbox))
        await press(pilot, "#create")
        await pilot.pause()
        assert isinstance(app.screen, InvitationScreen)
        assert "Please choose who this person is to you." in flat(app)
        assert "Please tick at least one thing they may do." in flat(app)
        app.screen.query(RadioButton).first().value = True
        app.screen.query_one("#permission-view", Checkbox).value = True
        app.screen.query_one("#permission-edit", Checkbox).value = True
        await pilot.pause()
        assert "Please choose who" not in flat(app)  # each message goes once it is answered
        assert "Please tick" not in flat(app)
        await press(pilot, "#create")
        await settle(app, pilot)
        assert isinstance(app.screen, OneTimeCodeScreen)
        text = flat(app)
        assert "shown only once" in text
        code = "".join(str(app.screen.query_one("#code").render()).split())
        assert activation_code.is_well_formed(code)

        await pilot.press("escape")  # the code is gone with the screen
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentativesScreen)
        assert code not in "".join(flat(app).split())

        with people.client(representative) as rep:
            delegation = rep.accept_invitation(code)
            assert set(delegation.permissions) == {Permission.view, Permission.edit}
            rep.get_preferences(victim.subject_id)  # may look now

            app.screen.load()  # as on coming back to the screen
            await settle(app, pilot)
            assert representative in flat(app)
            # The line wraps inside the highlighted option: its bar starts the next line too.
            shown = " ".join(flat(app).replace("▌", " ").split())
            assert "see the choices and change the choices" in shown
            await press(pilot, "#revoke")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmModal)
            await press(pilot, "#yes")
            await settle(app, pilot)
            assert f"{representative} may no longer act for you" in flat(app)

            with pytest.raises(errors.NotFoundError):
                rep.get_preferences(victim.subject_id)


async def test_representative_accepts_an_invitation_in_the_app_after_a_typo_is_caught(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    representative = people.account(Role.representative, "rep")
    assert victim.subject_id is not None
    code = people.invitation(victim, [Permission.view])
    grouped = activation_code.grouped(code)
    typo = ("Z" if grouped[0] != "Z" else "Y") + grouped[1:]
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, representative)
        assert isinstance(app.screen, SubjectPickerScreen)
        assert "You may not act for anyone yet" in flat(app)
        assert "Enter Open" not in flat(app)  # nothing to open: no key hint for it
        await press(pilot, "#accept")
        await pilot.pause()
        assert isinstance(app.screen, AcceptInvitationScreen)
        field = app.screen.query_one("#code", Input)
        field.value = typo
        await press(pilot, "#submit")
        await settle(app, pilot)
        assert "typing error" in flat(app)

        field.value = code.lower()
        field.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Done. You may now see the choices, as lawyer." in flat(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SubjectPickerScreen)
        assert f"Record {victim.reference}" in flat(app)


async def test_access_log_lists_who_looked_in_plain_words(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    representative = people.mandate(victim, [Permission.view])
    assert victim.subject_id is not None
    with people.client(representative) as rep:
        rep.get_preferences(victim.subject_id)
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        await press(pilot, "#access-log")
        await settle(app, pilot)
        assert isinstance(app.screen, AccessLogScreen)
        text = flat(app)
        assert f"your representative {representative} looked at the choices" in text
        assert "you added a representative" in text
        assert "you looked at the choices" in text
        assert "preferences.read" not in text
