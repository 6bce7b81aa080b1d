"""Save receipts to a file the person names: the whole history, or one version.

Nothing is written until the person has typed a file name and chosen "Save"; the full path
it will be written to is shown while they type. A name ending in ``.json`` gets the receipts
as JSON; anything else gets plain text in the current language. Contact details are left out
of the file: it can be read by anyone using this computer. An existing file is never
overwritten.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Input, RadioSet

from api_client.models import ConsentReceipt, PreferenceChoices
from consent_app import summary
from consent_app.i18n import Msg, _, format_datetime
from consent_app.messages import file_message
from consent_app.screens.base import AppModal
from consent_app.widgets.button_row import button_row
from consent_app.widgets.choices import TranslatedRadioButton
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.text_field import TextField
from consent_app.widgets.translatable import TranslatedText


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


Exported = list[tuple[ConsentReceipt, PreferenceChoices]]
"""Receipts with the choices they record, newest first."""


def file_content(path: Path, receipts: Exported) -> str:
    """Plain text in the current language, or JSON when the name ends in ``.json``."""
    if path.suffix.lower() == ".json":
        if len(receipts) == 1:
            return receipt_as_json(receipts[0][0])
        data = [receipt.model_dump(mode="json") for receipt, _choices in receipts]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return ("\n" + "-" * 40 + "\n\n").join(
        receipt_as_text(receipt, choices) for receipt, choices in receipts
    )


def full_path(name: str) -> Path:
    """Where a typed name will be written: relative names are in the current folder."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def write_new_file(path: Path, content: str) -> None:
    """Create ``path`` (never overwrite), readable and writable by this user only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)


class ExportScreen(AppModal):
    CSS_PATH = Path(__file__).with_name("export.tcss")

    def __init__(
        self,
        receipt: ConsentReceipt,
        choices: PreferenceChoices,
        subject_id: uuid.UUID | None = None,
    ) -> None:
        """With ``subject_id`` the person may save every version of that record."""
        super().__init__()
        self.receipt = receipt
        self.choices = choices
        self.subject_id = subject_id

    def compose_dialog(self) -> ComposeResult:
        yield TranslatedText(Msg("Save to a file"), classes="heading")
        yield TranslatedText(
            Msg(
                "Please note: anyone who uses this computer can read this file. "
                "Your contact details are not in it. Choose a place only you can reach, "
                "or a USB stick you keep safe."
            ),
            classes="note",
        )
        if self.subject_id is not None:
            yield TranslatedText(Msg("What to save:"), classes="field-label")
            with RadioSet(id="which", compact=True):
                yield TranslatedRadioButton(Msg("Every version (the whole history)"), True)
                yield TranslatedRadioButton(Msg("Only this version"))
        # Right above its field: the label used to stand above the choice of versions.
        yield TranslatedText(
            Msg("File name (ending in .txt for text, or .json):"), classes="field-label"
        )
        yield TextField(Msg("for example: receipt.txt"), id="path", max_length=1000)
        yield TranslatedText(self._where, id="where", classes="note")
        yield FieldMessage(id="path-message", classes="-general")
        yield button_row((Msg("Save"), "save"), (Msg("Cancel"), "close"), primary="save")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def _where(self) -> str:
        """The full path before anything is written, so the person knows where it goes."""
        name = self.query_one("#path", Input).value.strip() if self.is_mounted else ""
        if not name:
            return _("Without a folder, the file goes in: %(folder)s") % {"folder": Path.cwd()}
        return _("It will be saved as: %(path)s") % {"path": full_path(name)}

    @on(Input.Changed, "#path")
    def path_changed(self) -> None:
        self.query_one("#where", TranslatedText).retranslate()

    @property
    def whole_history(self) -> bool:
        if self.subject_id is None:
            return False
        return self.query_one("#which", RadioSet).pressed_index != 1

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#path", Input).value.strip()
        message = self.query_one("#path-message", FieldMessage)
        if not name:
            message.show(Msg("Please type a file name first."))
            return
        path = full_path(name)
        self.query_one("#save", Button).disabled = True
        if self.whole_history:
            message.show(Msg("Collecting every version…"))
        self.write(path, self.subject_id if self.whole_history else None)

    @work(thread=True, exclusive=True, group="export")
    def write(self, path: Path, whole_history_of: uuid.UUID | None) -> None:
        from consent_app.messages import Action, message_for

        try:
            receipts = (
                self._every_receipt(whole_history_of)
                if whole_history_of is not None
                else [(self.receipt, self.choices)]
            )
        except Exception as error:  # turned into a calm message; never shown raw
            self.app.call_from_thread(self._not_loaded, message_for(error, Action.load).text)
            return
        try:
            write_new_file(path, file_content(path, receipts))
        except OSError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._written, path)

    def _every_receipt(self, subject_id: uuid.UUID) -> Exported:
        client = self.consent_app.client
        receipts: Exported = []
        cursor: str | None = None
        while True:
            page = client.history(subject_id, cursor=cursor, limit=50)
            for version in page.items:
                receipts.append((client.receipt(subject_id, version.version), version.preferences))
            cursor = page.next_cursor
            if cursor is None:
                return receipts

    def _not_loaded(self, text: Msg) -> None:
        self.query_one("#save", Button).disabled = False
        self.query_one("#path-message", FieldMessage).show(text)

    def _failed(self, error: OSError) -> None:
        self.query_one("#save", Button).disabled = False
        self.query_one("#path-message", FieldMessage).show(file_message(error))
        self.query_one("#path", Input).focus()

    def _written(self, path: Path) -> None:
        self.app.notify(_("Saved in %(path)s.") % {"path": path}, markup=False)
        self.dismiss()
