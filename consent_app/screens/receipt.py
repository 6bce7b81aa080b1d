"""A receipt for one version: when it was recorded, by whom, and what, in plain words.

Shown right after sending (then it may say "waiting to be sent") and from the history, where
it can also be exported to a file the person names.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from api_client.models import ChangeMethod, ConsentReceipt, PreferenceChoices
from consent_app import summary
from consent_app.i18n import Msg, _, format_datetime
from consent_app.outbox import EntryState
from consent_app.screens.base import AppScreen
from consent_app.widgets.bars import KeyHint
from consent_app.widgets.translatable import TButton, TStatic


@dataclass(frozen=True)
class ReceiptView:
    """What a receipt shows; ``receipt`` is the server's record (None while not sent)."""

    choices: PreferenceChoices
    receipt: ConsentReceipt | None
    state: EntryState = EntryState.sent
    durable: bool = True
    subject_id: uuid.UUID | None = None

    @classmethod
    def after_sending(
        cls,
        choices: PreferenceChoices,
        receipt: ConsentReceipt | None,
        state: EntryState,
        durable: bool,
    ) -> ReceiptView:
        return cls(choices=choices, receipt=receipt, state=state, durable=durable)


def status_text(view: ReceiptView) -> str:
    receipt = view.receipt
    if view.state is EntryState.sent and receipt is not None:
        return _("✓ Sent. Version %(version)s, recorded on %(when)s.") % {
            "version": receipt.version,
            "when": format_datetime(receipt.consent_timestamp),
        }
    if view.state is EntryState.sent:
        return _("✓ Sent. You can find the receipt in your history.")
    if view.state is EntryState.needs_decision:
        return _(
            "! Not sent yet: someone else changed your choices at the same time. "
            "On the home screen you can choose what to keep."
        )
    if view.state in (EntryState.withdrawn, EntryState.rejected):
        return _(
            "! Not sent: the server did not accept this change. Please contact victim support."
        )
    text = _(
        "… Waiting to be sent. Your answers are kept, and the app sends them automatically "
        "as soon as the server can be reached."
    )
    if not view.durable:
        text += "\n" + _(
            "This computer has no safe place to keep them. If you close the app before "
            "they are sent, they are lost."
        )
    return text


def origin_text(receipt: ConsentReceipt | None) -> str:
    if receipt is None:
        return ""
    method = ChangeMethod(receipt.collection_method)
    return _("Made by: %(who)s. Questions shown in: %(language)s.") % {
        "who": summary.made_by(receipt.actor.relation, method, receipt.actor.account_id),
        "language": summary.question_language(receipt.language),
    }


class ReceiptScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("receipt.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        "A receipt shows what was recorded and when. It is your proof of what you chose. "
        "The people who inform you use the newest version."
    )
    KEY_HINTS: ClassVar[list[KeyHint]] = [("Esc", Msg("Done"))]
    BINDINGS: ClassVar = [Binding("escape", "done", show=False, id="receipt.done")]

    def __init__(self, view: ReceiptView) -> None:
        super().__init__()
        self.view = view

    def compose_body(self) -> ComposeResult:
        yield TStatic(Msg("Receipt"), classes="heading")
        yield TStatic(lambda: status_text(self.view), id="status", classes="note")
        yield TStatic(lambda: origin_text(self.view.receipt), id="origin", classes="note")
        yield TStatic(self._recorded_heading, classes="subheading")
        yield TStatic(self._recorded, id="recorded")
        yield TStatic(
            lambda: summary.what_happens_next(self.view.choices), id="next", classes="note"
        )
        with Horizontal(classes="buttons"):
            yield TButton(Msg("Done"), id="done", compact=True, variant="primary")
            if self.view.receipt is not None and self.view.subject_id is not None:
                yield TButton(Msg("Save to a file"), id="export", compact=True)

    def _recorded_heading(self) -> str:
        if self.view.state is EntryState.sent:
            return _("What was recorded:")
        return _("Your answers:")

    def _recorded(self) -> str:
        return summary.as_text(summary.detail_lines(self.view.choices))

    def on_mount(self) -> None:
        self.query_one("#origin").display = self.view.receipt is not None
        self.query_one("#done", Button).focus()

    def action_done(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#done")
    def done_pressed(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#export")
    def export_pressed(self) -> None:
        from consent_app.screens.export import ExportScreen

        if self.view.receipt is not None:
            self.app.push_screen(
                ExportScreen(self.view.receipt, self.view.choices, self.view.subject_id)
            )
