"""Invite a representative: choose who they are to you and what they may do; get a code."""

from __future__ import annotations

import uuid
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Checkbox, RadioSet

from api_client.models import DelegationKind, Invitation, InvitationCreate, Permission
from consent_app import access_words
from consent_app.i18n import Msg, _
from consent_app.navigation import ScreenName
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.choices import TranslatedRadioButton
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.toggles import TranslatedCheckbox
from consent_app.widgets.translatable import TranslatedText

KIND_ORDER = list(access_words.KINDS)
PERMISSION_ORDER = list(access_words.PERMISSIONS)


class InvitationScreen(AppScreen):
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "You get a code to give to your representative. They enter it in their own account. "
        "Then they may do only what you tick here. You can end it at any time."
    )

    def __init__(self, subject_id: uuid.UUID) -> None:
        super().__init__()
        self.subject_id = subject_id

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Invite a representative"), classes="heading")
        yield TranslatedText(Msg("Who is this person to you?"))
        with RadioSet(id="kind", compact=True):
            # Nothing chosen beforehand: who the person is, and what they may do, are choices.
            for kind in KIND_ORDER:
                yield TranslatedRadioButton(partial(access_words.kind_text, kind))
        yield FieldMessage(id="kind-message", classes="-general")
        yield TranslatedText(Msg("What may they do?"), classes="subheading")
        for permission in PERMISSION_ORDER:
            yield TranslatedCheckbox(
                partial(_permission_label, permission), id=f"permission-{permission.value}"
            )
        yield from message_and_buttons(
            (Msg("Make an invitation code"), "create"), (Msg("Back"), "back")
        )

    def on_mount(self) -> None:
        self.query_one("#kind", RadioSet).focus()

    def chosen(self) -> tuple[DelegationKind | None, list[Permission]]:
        radios = self.query_one("#kind", RadioSet)
        kind = KIND_ORDER[radios.pressed_index] if radios.pressed_index >= 0 else None
        permissions = [
            p for p in PERMISSION_ORDER if self.query_one(f"#permission-{p.value}", Checkbox).value
        ]
        return kind, permissions

    @on(Checkbox.Changed)
    def permission_changed(self) -> None:
        if self.chosen()[1]:
            self.query_one("#message", FieldMessage).clear()

    @on(Button.Pressed, "#create")
    def create_pressed(self) -> None:
        kind, permissions = self.chosen()
        message = self.query_one("#message", FieldMessage)
        kind_message = self.query_one("#kind-message", FieldMessage)
        kind_message.show(None if kind else Msg("Please choose who this person is to you."))
        message.show(None if permissions else Msg("Please tick at least one thing they may do."))
        if kind is None or not permissions:
            return
        self.query_one("#create", Button).disabled = True
        message.show(Msg("Making the code…"))
        body = InvitationCreate(subject_id=self.subject_id, kind=kind, permissions=permissions)
        self.create(body)

    def create(self, body: InvitationCreate) -> None:
        self.call_api(
            lambda: self.consent_app.client.create_invitation(body),
            self._created,
            group="invitation-create",
            failed=self.button_failed("create"),
        )

    def _created(self, invitation: Invitation) -> None:
        self.consent_app.replace_screen(
            ScreenName.one_time_code,
            invitation.code,
            invitation.expires_at,
            heading=Msg("Invitation code for your representative"),
            note=Msg(
                "Give this code to your representative yourself: in person or by phone. "
                "Do not send it where others can read it. They enter it in their own "
                "account, under 'Accept an invitation'."
            ),
        )


def _permission_label(permission: Permission) -> str:
    return _(access_words.PERMISSIONS[permission]).capitalize()
