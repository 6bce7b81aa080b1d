"""A victim sees an invitation nobody used yet, with when its code stops working, and can
withdraw it; the code then no longer works."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Button

from api_client import ConsentClient, errors
from api_client.models import DelegationKind, InvitationCreate, Permission, Role
from consent_app.screens.confirm import ConfirmModal
from consent_app.screens.representatives import RepresentativesScreen
from consent_server import admin
from consent_server.tables import InvitationRow
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


async def test_a_withdrawn_and_an_expired_invitation_each_say_which(
    people: People, app_client: ConsentClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = people.victim()
    assert victim.subject_id is not None
    with people.client(victim.username) as own:
        for kind in (DelegationKind.lawyer, DelegationKind.guardian):
            own.create_invitation(
                InvitationCreate(
                    subject_id=victim.subject_id, kind=kind, permissions=[Permission.view]
                )
            )
        (guardians,) = [
            i for i in own.list_invitations(victim.subject_id) if i.kind is DelegationKind.guardian
        ]
    app = make_app(app_client)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, victim.username)
        await press(pilot, "#representatives")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepresentativesScreen)
        assert flat(app).count("code works until") == 2

        await press(pilot, "#withdraw")  # the first listed: the lawyer's
        app.screen.query_one("#yes", Button).press()
        await settle(app, pilot)
        # Time passes while the screen is open, past the guardian's expiry.
        later = guardians.expires_at + dt.timedelta(minutes=1)
        monkeypatch.setattr(RepresentativesScreen, "now", staticmethod(lambda: later))
        with admin.connect(people.settings) as db:  # the server's clock has passed it too
            row = db.get(InvitationRow, guardians.id)
            assert row is not None
            row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            db.commit()
        screen.load()
        await settle(app, pilot)

        text = flat(app)
        assert "lawyer — may see the choices — ✗ withdrawn, the code no longer works" in text
        assert "✗ expired on" in text, text
        assert "code works until" not in text
        assert not screen.query_one("#withdraw").display  # nothing left to withdraw
