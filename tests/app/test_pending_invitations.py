"""A victim sees an invitation nobody used yet, with when its code stops working, and can
withdraw it; the code then no longer works."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from api_client import ConsentClient, errors
from api_client.models import Permission, Role
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.representatives import RepresentativesScreen
from tests.support.pilot import SIZE, settle
from tests.support.roles import People, flat, log_in, make_app, press

pytestmark = pytest.mark.anyio


async def test_a_pending_invitation_is_listed_and_can_be_withdrawn(
    people: People, app_client: ConsentClient
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    code = people.invitation(victim, [Permission.view])
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        await press(pilot, "#representatives")
        await settle(app, pilot)
        assert isinstance(app.screen, RepresentativesScreen)
        text = flat(app)
        assert "Invitations not used yet" in text
        assert "lawyer — may see the choices — code works until" in text
        assert "An invitation below can still be used" in text

        await press(pilot, "#withdraw")
        assert isinstance(app.screen, ConfirmModal)
        app.screen.query_one("#yes", Button).press()
        await settle(app, pilot)
        text = flat(app)
        assert "The invitation was withdrawn" in text
        assert "code works until" not in text

    representative = people.account(Role.representative, "late")
    with people.client(representative) as rep, pytest.raises(errors.ApiStatusError):
        rep.accept_invitation(code)
