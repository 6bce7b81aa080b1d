"""Representatives: who may act for me and how; invite one; revoke at once (docs/api.md)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from api_client.models import Delegation, PendingInvitation
from consent_app import access_words, help_texts
from consent_app.i18n import Msg, _
from consent_app.navigation import ScreenName
from consent_app.record_context import subject_to_show
from consent_app.screens.loaded_list import LoadedListScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.option_lines import refill
from consent_app.widgets.translatable import TranslatedText

Loaded = tuple[uuid.UUID, list[Delegation], list[PendingInvitation]]
"""The record, its mandates and the invitations nobody used yet."""


class RepresentativesScreen(LoadedListScreen[Loaded | None]):
    CSS_PATH = Path(__file__).with_name("representatives.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = help_texts.REPRESENTATIVES_WHY
    RELOAD_ON_RESUME = True  # back from the invitation: it may have been accepted meanwhile
    now: ClassVar[Callable[[], dt.datetime]] = staticmethod(partial(dt.datetime.now, dt.UTC))

    def __init__(self) -> None:
        super().__init__()
        self.subject_id: uuid.UUID | None = None
        self.delegations: list[Delegation] = []
        self.invitations: list[PendingInvitation] = []
        """The invitations whose code still works (the ones that can be withdrawn)."""
        self.ended: dict[uuid.UUID, tuple[PendingInvitation, bool]] = {}
        """Invitations seen here that stopped working meanwhile: withdrawn here (True) or
        expired (False); listed below the others, so the person sees which happened."""

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Your representatives"), classes="heading")
        yield TranslatedText(self.intro, id="intro", classes="note")
        yield OptionList(id="delegations", compact=True)
        yield TranslatedText(
            Msg("Invitations not used yet"), id="pending-heading", classes="subheading"
        )
        yield OptionList(id="pending", compact=True)
        yield from message_and_buttons(
            (Msg("Invite a representative"), "invite"),
            (Msg("End this permission"), "revoke"),
            (Msg("Withdraw this invitation"), "withdraw"),
            (Msg("Back"), "back"),
        )

    def on_mount(self) -> None:
        self.query_one("#revoke").display = False
        for widget_id in ("#pending-heading", "#pending", "#withdraw"):
            self.query_one(widget_id).display = False
        self.query_one("#invite", Button).disabled = True
        # LoadedListScreen.on_mount runs after this one (Textual calls each class's handler).

    def loaded_intro(self) -> str:
        if not any(d.active for d in self.delegations):
            if self.invitations:
                return _(
                    "Nobody may act for you at the moment. An invitation below can still be "
                    "used until it expires, unless you withdraw it."
                )
            return _("Nobody may act for you at the moment.")
        return _("Choose a person and press Enter to end their permission.")

    def request_list(self) -> Loaded | None:
        client = self.consent_app.client
        subject_id = subject_to_show(client, self.subject_id)
        if subject_id is None:
            return None
        return (
            subject_id,
            client.list_delegations(subject_id),
            client.list_invitations(subject_id),
        )

    def list_arrived(self, listed: Loaded | None) -> None:
        if listed is None:
            self.show_failure(Msg("There is no record linked to your account yet."))
            return
        subject_id, delegations, pending = listed
        still = {invitation.id for invitation in pending}
        now = type(self).now()
        for gone in self.invitations:  # gone since the last look: expired, or used
            if gone.id not in still and gone.id not in self.ended and gone.expires_at <= now:
                self.ended[gone.id] = (gone, False)
        self.invitations = [i for i in pending if i.id not in self.ended]
        self.subject_id = subject_id
        # The ones that work now first; ended ones stay visible below, for the record.
        self.delegations = sorted(delegations, key=lambda d: not d.active)
        self.query_one("#invite", Button).disabled = False
        super().list_arrived(listed)

    def show_list(self) -> None:
        self.query_one("#intro", TranslatedText).retranslate()
        self._show_pending()
        options = self.query_one("#delegations", OptionList)
        # The active ones come first (see _loaded): the first line is one that can be ended.
        active = refill(
            options,
            (
                Option(access_words.delegation_line(d), id=str(d.id), disabled=not d.active)
                for d in self.delegations
            ),
        )
        self.query_one("#revoke").display = active
        if active:
            options.focus()
        elif self.loaded and self.focused in (None, self.query_one("#back")):
            # Nobody to choose yet: the useful first step is to invite someone.
            self.query_one("#invite", Button).focus()

    def _show_pending(self) -> None:
        now = type(self).now()
        usable = [
            Option(access_words.invitation_line(i, now), id=str(i.id)) for i in self.invitations
        ]
        ended = [
            Option(access_words.invitation_line(i, now, withdrawn=w), id=str(i.id), disabled=True)
            for i, w in self.ended.values()
        ]
        refill(self.query_one("#pending", OptionList), [*usable, *ended])
        self.query_one("#pending-heading").display = bool(usable or ended)
        self.query_one("#withdraw").display = bool(usable)

    @on(OptionList.OptionSelected, "#pending")
    @on(Button.Pressed, "#withdraw")
    def withdraw_pressed(self) -> None:
        index = self.query_one("#pending", OptionList).highlighted
        if index is None or index >= len(self.invitations) or self.subject_id is None:
            return
        chosen, subject_id = self.invitations[index], self.subject_id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.call_api(
                    lambda: self.consent_app.client.withdraw_invitation(subject_id, chosen.id),
                    lambda _: self._withdrawn(chosen),
                    group="representatives-withdraw",
                    failed=self.show_failure,
                )

        self.consent_app.open_screen(
            ScreenName.confirm,
            Msg(
                "Withdraw this invitation? The code stops working at once. You can make "
                "a new one later."
            ),
            Msg("Yes, withdraw it"),
            Msg("No, keep it"),
            callback=confirmed,
        )

    def _withdrawn(self, invitation: PendingInvitation) -> None:
        self.ended[invitation.id] = (invitation, True)
        self.show_message(Msg("✓ The invitation was withdrawn. Its code no longer works."))
        self.load()

    # --- actions -------------------------------------------------------------------------

    @on(Button.Pressed, "#invite")
    def invite(self) -> None:
        if self.subject_id is not None:
            self.consent_app.open_screen(ScreenName.invitation, self.subject_id)

    @on(OptionList.OptionSelected, "#delegations")
    @on(Button.Pressed, "#revoke")
    def revoke_pressed(self) -> None:
        chosen = self._highlighted()
        if chosen is None or self.subject_id is None:
            return
        question = Msg(
            "End the permission of %(name)s? It stops at once. They can only act for you "
            "again if you invite them again.",
            name=chosen.representative_username,
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._revoke(chosen)

        self.consent_app.open_screen(
            ScreenName.confirm,
            question,
            Msg("Yes, end it now"),
            Msg("No, keep it"),
            callback=confirmed,
        )

    def _highlighted(self) -> Delegation | None:
        index = self.query_one("#delegations", OptionList).highlighted
        if index is None or index >= len(self.delegations):
            return None
        chosen = self.delegations[index]
        return chosen if chosen.active else None

    def _revoke(self, delegation: Delegation) -> None:
        subject_id = self.subject_id
        assert subject_id is not None
        self.call_api(
            lambda: self.consent_app.client.revoke_delegation(subject_id, delegation.id),
            lambda _: self._revoked(delegation.representative_username),
            group="representatives-revoke",
            failed=self.show_failure,
        )

    def _revoked(self, name: str) -> None:
        self.show_message(Msg("✓ %(name)s may no longer act for you.", name=name))
        self.load()
