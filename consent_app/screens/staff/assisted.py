"""Assisted session: support staff fill in the questions together with the victim.

First staff write down how they checked who the person is (required). The questions are the
victim's own wizard; on the review staff read the summary aloud and tick that the person
agreed. Only then can it be sent, as ``assisted`` with the identity check, attributed to the
staff account on the victim's behalf.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input

from api_client.models import AssistedEntry, PreferenceWrite
from consent_app.i18n import LANGUAGES, Msg, current_language
from consent_app.screens.staff.one_record import OneRecordScreen
from consent_app.screens.wizard import WizardScreen, WizardStart
from consent_app.widgets.button_row import message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_with_message
from consent_app.widgets.text_field import TextField
from consent_app.widgets.toggles import TranslatedCheckbox
from consent_app.widgets.translatable import TranslatedText

READ_ALOUD = Msg("I read the summary aloud and the person agreed")


class AssistedStartScreen(OneRecordScreen):
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "You fill in the questions together with the person, with your own account. How you "
        "checked who they are is recorded with their choices, and they can read it."
    )

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(Msg("Fill in together"), classes="heading")
        yield TranslatedText(
            Msg(
                "Ask the questions one by one in calm words. The person may skip any question "
                "or decide later. At the end, read the summary aloud before sending."
            ),
            classes="note",
        )
        yield from field_with_message(
            Msg("How you checked identity"),
            TextField(Msg("for example: passport seen"), id="identity", max_length=200),
        )
        yield from message_and_buttons((Msg("Start the questions"), "start"), (Msg("Back"), "back"))

    def on_mount(self) -> None:
        self.query_one("#identity", Input).focus()

    @on(Input.Submitted, "#identity")
    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        identity = self.query_one("#identity", Input).value.strip()
        message = self.query_one("#identity-message", FieldMessage)
        if len(identity) < 2:
            message.show(Msg("Please write down how you checked who the person is."))
            return
        message.clear()
        self.query_one("#start", Button).disabled = True
        self.prepare(identity)

    def prepare(self, identity: str) -> None:
        def request() -> WizardStart:
            app = self.consent_app
            account_id = app.client.me().account.id
            document = app.client.get_preferences(self.subject.id)
            waiting = app.sync.open_outbox().latest_write(self.subject.id)
            return WizardStart(self.subject.id, account_id, document, waiting)

        self.call_api(
            request,
            partial(self._open, identity=identity),
            group="assisted-prepare",
            failed=self.button_failed("start"),
        )

    def _open(self, start: WizardStart, identity: str) -> None:
        self.query_one("#start", Button).disabled = False
        self.app.switch_screen(
            AssistedWizardScreen(start, identity, questions_language=self.subject.language)
        )


class AssistedWizardScreen(WizardScreen):
    """The wizard, plus the read-back on the review and the ``assisted`` part of the write.

    The questions are asked in the record's language (the person's, chosen when the record
    was made), not in the language of the staff member's screens; the staff member's
    language comes back when the session ends. F2 still switches while it runs, and the
    language it chose is kept across the auto-lock.
    """

    def __init__(
        self, start: WizardStart, identity_check: str, *, questions_language: str | None = None
    ) -> None:
        super().__init__(start)
        self.identity_check = identity_check
        self._questions_language = questions_language
        self._staff_language = current_language()

    def reopen(self) -> Callable[[], WizardScreen]:
        # In the language the questions are shown in now: the record's, or the one chosen
        # with F2 during the session (the person may prefer another language today).
        start, identity, language = self.start, self.identity_check, current_language()
        assert start is not None  # only held once loaded
        return lambda: AssistedWizardScreen(start, identity, questions_language=language)

    def on_mount(self) -> None:
        language = self._questions_language
        if language in LANGUAGES and language != current_language():
            self.consent_app.use_language(language)
        box = Vertical(
            TranslatedText(
                Msg("Read this summary aloud to the person before sending."), classes="note"
            ),
            TranslatedCheckbox(READ_ALOUD, id="read-back"),
            id="read-back-box",
        )
        box.styles.height = "auto"
        self.query_one("#body").mount(box, before="#review-buttons")
        # WizardScreen.on_mount runs after this one (Textual calls each class's handler).

    def on_unmount(self) -> None:
        if current_language() != self._staff_language:
            self.consent_app.use_language(self._staff_language)

    def _show_buttons(self) -> None:
        super()._show_buttons()
        for box in self.query("#read-back-box"):
            box.display = self.start is not None and self.on_review

    def ready_to_send(self) -> bool:
        if self.query_one("#read-back", Checkbox).value:
            return True
        self.query_one("#wizard-message", FieldMessage).show(
            Msg("Please read the summary aloud first, and tick the box when the person agreed.")
        )
        self.query_one("#read-back", Checkbox).focus()
        return False

    def build_write(self) -> PreferenceWrite:
        assisted = AssistedEntry(identity_check=self.identity_check, read_back_confirmed=True)
        return super().build_write().model_copy(update={"assisted": assisted})
