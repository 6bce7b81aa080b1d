"""Save a receipt to a file the person names (SPEC §4.5).

Nothing is written until the person has typed a file name and chosen "Save". A name ending
in ``.json`` gets the receipt as JSON; anything else gets plain text in the current language.
Contact details are left out of the file: it can be read by anyone using this computer.
An existing file is never overwritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input

from api_client.models import ConsentReceipt, PreferenceChoices
from consent_app import summary
from consent_app.i18n import Msg, _, format_datetime
from consent_app.messages import file_message
from consent_app.screens.base import AppModal
from consent_app.widgets.bars import FieldMessage, SafetyBar
from consent_app.widgets.translatable import TButton, TInput, TStatic


def receipt_as_text(receipt: ConsentReceipt, choices: PreferenceChoices) -> str:
    lines = [
        _("Receipt of your choices"),
        "",
        _("Version: %(version)s") % {"version": receipt.version},
        _("Recorded on: %(when)s") % {"when": format_datetime(receipt.consent_timestamp)},
        _("Made by: %(who)s")
        % {
            "who": summary.made_by(
                receipt.actor.relation, receipt.collection_method, receipt.actor.account_id
            )
        },
        _("Questions shown in: %(language)s")
        % {"language": summary.question_language(receipt.language)},
        _("Receipt number: %(id)s") % {"id": receipt.receipt_id},
        "",
        summary.as_text(summary.summary_lines(choices)),
        "",
    ]
    return "\n".join(lines)


def receipt_as_json(receipt: ConsentReceipt) -> str:
    return json.dumps(receipt.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def write_new_file(path: Path, content: str) -> None:
    """Create ``path`` (never overwrite), readable and writable by this user only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)


class ExportScreen(AppModal):
    CSS_PATH = Path(__file__).with_name("export.tcss")
    BINDINGS: ClassVar = [Binding("escape", "cancel", show=False, id="export.cancel")]

    def __init__(self, receipt: ConsentReceipt, choices: PreferenceChoices) -> None:
        super().__init__()
        self.receipt = receipt
        self.choices = choices

    def compose(self) -> ComposeResult:
        yield SafetyBar(id="safety-bar")
        with Vertical(id="dialog"):
            yield TStatic(Msg("Save the receipt to a file"), classes="heading")
            yield TStatic(
                Msg(
                    "Please note: anyone who uses this computer can read this file. "
                    "Your contact details are not in it. Choose a place only you can reach, "
                    "or a USB stick you keep safe."
                ),
                classes="note",
            )
            yield TStatic(
                Msg("File name (ending in .txt for text, or .json):"), classes="field-label"
            )
            yield TInput(Msg("for example: receipt.txt"), id="path", max_length=1000)
            yield FieldMessage(id="path-message", classes="-general")
            with Horizontal(classes="buttons"):
                yield TButton(Msg("Save"), id="save", compact=True, variant="primary")
                yield TButton(Msg("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#path", Input).value.strip()
        message = self.query_one("#path-message", FieldMessage)
        if not name:
            message.show(Msg("Please type a file name first."))
            return
        path = Path(name).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if path.suffix.lower() == ".json":
            content = receipt_as_json(self.receipt)
        else:
            content = receipt_as_text(self.receipt, self.choices)
        self.query_one("#save", Button).disabled = True
        self.write(path, content)

    @work(thread=True, exclusive=True, group="export")
    def write(self, path: Path, content: str) -> None:
        try:
            write_new_file(path, content)
        except OSError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._written, path)

    def _failed(self, error: OSError) -> None:
        self.query_one("#save", Button).disabled = False
        self.query_one("#path-message", FieldMessage).show(file_message(error))
        self.query_one("#path", Input).focus()

    def _written(self, path: Path) -> None:
        self.app.notify(_("The receipt was saved in %(path)s.") % {"path": path}, markup=False)
        self.dismiss()
