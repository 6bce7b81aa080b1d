"""Telling the person that changes confirmed on this computer could not be read.

:class:`UnreadableOutboxScreen` is shown once when the app starts (see
``ConsentApp._prepare_in_background``) and from the home screen's
:class:`UnreadableOutboxNotice`, which stays until the person has checked their choices and
removed the unreadable copy. The wording is shared with the command line
(:mod:`consent_app.unreadable_text`); the outbox side is :mod:`consent_app.outbox.aside`.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from consent_app import unreadable_text
from consent_app.i18n import Msg
from consent_app.outbox.aside import UnreadableChanges
from consent_app.screens.base import Dialog, InConsentApp
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

if TYPE_CHECKING:
    pass


class UnreadableOutboxScreen(Dialog[bool]):
    """What could not be read, and a way to acknowledge it. Dismissed with True when the
    person removed the unreadable copy."""

    DEFAULT_CSS = """
    UnreadableOutboxScreen { align: center middle; }
    UnreadableOutboxScreen #dialog {
        width: 76; height: auto; max-height: 90%; padding: 1 2;
        border: heavy $warning; background: $surface;
    }
    UnreadableOutboxScreen #safety-bar { dock: top; height: 1; }
    UnreadableOutboxScreen .gap { margin-top: 1; }
    """
    BINDINGS: ClassVar = [Binding("escape", "later", show=False, id="unreadable.later")]

    def __init__(self, found: list[UnreadableChanges], newer_format: bool) -> None:
        super().__init__()
        self._found, self._newer = found, newer_format

    def compose_dialog(self) -> ComposeResult:
        if self._newer:
            yield TranslatedText(unreadable_text.newer_format, id="newer-format")
        if self._found:
            yield TranslatedText(unreadable_text.headline, id="headline")
            yield TranslatedText(self._details, id="details", classes="gap")
            yield TranslatedText(
                Msg(
                    "What these changes were cannot be seen any more. Look at your "
                    "choices now and change them again where needed. Then remove the "
                    "unreadable copy."
                ),
                classes="gap",
            )
        with Horizontal(classes="buttons gap"):
            if self._found:
                yield TranslatedButton(
                    Msg("I have checked: remove the unreadable copy"),
                    id="discard",
                    compact=True,
                )
            yield TranslatedButton(
                Msg("Remind me later"), id="later", compact=True, variant="primary"
            )

    def _details(self) -> str:
        return "\n".join(unreadable_text.details(self._found))

    def on_mount(self) -> None:
        self.query_one("#later", Button).focus()

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def discard_pressed(self) -> None:
        self.query_one("#discard", Button).disabled = True
        self._discard()

    @work(thread=True, exclusive=True, group="unreadable-outbox")
    def _discard(self) -> None:
        self.consent_app.sync.open_outbox().discard_unreadable()
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_from_thread(self.dismiss, True)


class UnreadableOutboxNotice(InConsentApp, Vertical):
    """On the home screen, while there is something the person was not yet able to check."""

    DEFAULT_CSS = """
    UnreadableOutboxNotice { height: auto; border: round $warning; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._problem: tuple[list[UnreadableChanges], bool] | None = None
        self.display = False

    def compose(self) -> ComposeResult:
        yield TranslatedText(self._text, id="unreadable-text")
        yield TranslatedButton(Msg("What happened?"), id="unreadable-open", compact=True)

    def _text(self) -> str:
        if self._problem is not None and not self._problem[0]:
            return unreadable_text.newer_format()
        return unreadable_text.headline()

    def on_mount(self) -> None:
        self._check()

    @work(thread=True, exclusive=True, group="unreadable-notice")
    def _check(self) -> None:
        problem = self.consent_app.sync.unreadable_changes()
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._show, problem)

    def _show(self, problem: tuple[list[UnreadableChanges], bool] | None) -> None:
        self._problem = problem
        self.query_one("#unreadable-text", TranslatedText).retranslate()
        self.display = problem is not None

    @on(Button.Pressed, "#unreadable-open")
    def open_details(self) -> None:
        if self._problem is not None:
            found, newer = self._problem
            self.app.push_screen(UnreadableOutboxScreen(found, newer), self._after_details)

    def _after_details(self, removed: bool | None) -> None:
        if removed:
            self._check()
