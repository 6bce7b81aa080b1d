"""What every screen shares: the safety bar on top, key hints below, translatable texts,
and wiping passphrases when the screen is left."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button

from consent_app.i18n import Msg
from consent_app.loaded_classes import MASKED_FIELD, is_loaded
from consent_app.navigation import ScreenName
from consent_app.textual_internals import StyledOnce
from consent_app.widgets.key_bar import KeyBar, KeyHint
from consent_app.widgets.safety_bar import SafetyBar
from consent_app.widgets.translatable import Translatable

if TYPE_CHECKING:
    from textual.widgets import RadioSet

    from consent_app.app import ConsentApp
    from consent_app.messages import Action
    from consent_app.screens.wizard import HeldAnswers

T = TypeVar("T")

BACK_KEY: KeyHint = ("Esc", Msg("Back"))
"""Every screen can be left with Esc (see ``AppScreen.BINDINGS``)."""

DEFAULT_WHY_WE_ASK = Msg(
    "This app records whether and how you want to be informed when the police find new "
    "copies of images of you. You decide, and you can change your choices at any time. "
    "You may also decide later."
)


class InConsentApp:
    """Mixin for this app's screens and widgets: ``consent_app`` is the running app."""

    @property
    def consent_app(self) -> ConsentApp:
        return self.app  # type: ignore[attr-defined,no-any-return]


class Retranslating:
    """Mixin for screens: re-render every translatable text after a language switch."""

    def retranslate(self) -> None:
        """The one place a language switch reaches a screen (active or underneath).

        Texts change length between languages; widgets sized to their text (buttons,
        checkboxes) keep their old width unless laid out again, which would cut the new
        text. So each retranslated widget and the screen are laid out again.
        """
        widget: Widget
        for widget in self.query("*"):  # type: ignore[attr-defined]
            if isinstance(widget, Translatable):
                widget.retranslate()
                widget.refresh(layout=True)
        self.on_language_changed()
        self.refresh(layout=True)  # type: ignore[attr-defined]

    def on_language_changed(self) -> None:
        """Hook for texts that are built from data (summaries, dates)."""


class AppScreen(InConsentApp, Retranslating, StyledOnce[None]):
    """A full screen: safety bar, a scrolling body, key hints."""

    WHY_WE_ASK: ClassVar[Msg] = DEFAULT_WHY_WE_ASK
    KEY_HINTS: ClassVar[list[KeyHint]] = [BACK_KEY]
    """The screen's own keys, shown at the bottom. A mode's first screen (the start, a home,
    the lock) has nothing to go back to and lists none."""
    HOLDS_PERSONAL_DATA: ClassVar[bool] = False
    """Screens that show personal data are dropped on lock and logout."""
    OPENS: ClassVar[dict[str, ScreenName]] = {}
    """Buttons (by id) that open a screen by name, with nothing to hand over."""
    PRESS_ACTIONS: ClassVar[dict[str, str]] = {}
    """Buttons (by id) that do what a key does: the action they run, as in ``BINDINGS``."""
    # Every screen can be left with Esc (screens add their own keys; Textual merges them).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", show=False, id="screen.back"),
        # The body is no Tab stop (Tab would land on nothing visible). While a widget in it
        # has focus, the body's own keys scroll it; these do when nothing has focus.
        Binding("pageup", "scroll_body('page_up')", show=False, id="screen.page_up"),
        Binding("pagedown", "scroll_body('page_down')", show=False, id="screen.page_down"),
        Binding("up", "scroll_body('scroll_up')", show=False, id="screen.scroll_up"),
        Binding("down", "scroll_body('scroll_down')", show=False, id="screen.scroll_down"),
    ]

    def compose(self) -> ComposeResult:
        yield SafetyBar(id="safety-bar")
        with VerticalScroll(id="body", can_focus=False):
            yield from self.compose_body()
        yield KeyBar(self.KEY_HINTS, id="key-bar")

    def compose_body(self) -> ComposeResult:
        yield from ()

    def action_scroll_body(self, action: str) -> None:
        """Scroll the body by keyboard when no widget has focus."""
        if action in {"page_up", "page_down", "scroll_up", "scroll_down"}:
            getattr(self.query_one("#body", VerticalScroll), f"action_{action}")()

    def go_back(self) -> None:
        """Back to the previous screen. A mode's first screen (the start, a home, the lock)
        has nothing to go back to: the person leaves it by logging out or with Ctrl+Q."""
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def hold_answers(self) -> HeldAnswers | None:
        """Answers in progress to keep in memory while the app is locked (the wizard's)."""
        return None

    def action_back(self) -> None:
        """Esc and every "Back" button (id ``back``). Screens with steps override it."""
        self.go_back()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back()

    def from_worker(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback`` on the UI thread, unless this screen was dropped meanwhile.

        A request may outlive its screen (lock, logout, leaving): its answer is then ignored.
        """

        def run_if_still_shown() -> None:
            if self.is_attached and self in self.app.screen_stack:
                callback(*args)

        if not self.is_attached:
            return
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_from_thread(run_if_still_shown)

    @on(Button.Pressed)
    def open_named_screen(self, event: Button.Pressed) -> None:
        """Buttons listed in ``OPENS`` open their screen."""
        name = self.OPENS.get(event.button.id or "")
        if name is not None:
            self.consent_app.open_screen(name)

    @on(Button.Pressed)
    async def run_press_action(self, event: Button.Pressed) -> None:
        """Buttons listed in ``PRESS_ACTIONS`` run their action."""
        action = self.PRESS_ACTIONS.get(event.button.id or "")
        if action is not None:
            await self.run_action(action)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """A choice answers the message that asked for it (``<set id>-message``): as a text
        field's message goes when the field changes (see ``FieldMessage``).

        Found by its name, not with ``@on(RadioSet.Changed)``: that would import Textual's
        radio sets for the start screen, which has none."""
        from consent_app.widgets.field_message import FIELD_MESSAGE_SUFFIX, FieldMessage

        if event.radio_set.id:
            wanted = f"#{event.radio_set.id}{FIELD_MESSAGE_SUFFIX}"
            for message in self.query(wanted).results(FieldMessage):
                message.clear()

    @on(Button.Pressed, "#logout")
    def logout_pressed(self, event: Button.Pressed) -> None:
        """Every screen's "Log out" button (id ``logout``) does the same."""
        event.button.disabled = True
        self.consent_app.log_out()

    def call_api(
        self,
        request: Callable[[], T],
        then: Callable[[T], object],
        *,
        group: str,
        action: Action | None = None,
        failed: Callable[[Msg], object] | None = None,
    ) -> None:
        """Run ``request`` (blocking: the API client) in a thread worker.

        On the UI thread afterwards: ``then(result)``, or, when it raised, ``failed`` with the
        calm message :func:`~consent_app.messages.message_for` gives for the error (by default
        shown in the ``#message`` field). ``action`` (default: loading) gives the error its
        context. A newer call in the same ``group`` cancels the older.
        """
        # Imported here: the start screen must not pull in the API client (start-up time).
        from consent_app.messages import Action, message_for

        def work() -> None:
            try:
                result = request()
            except Exception as error:  # turned into a calm message; never shown raw
                self.from_worker(
                    failed or self.show_message, message_for(error, action or Action.load).text
                )
                return
            self.from_worker(then, result)

        self.run_worker(work, thread=True, exclusive=True, group=group)

    def button_failed(self, button_id: str) -> Callable[[Msg], None]:
        """A ``failed`` for :meth:`call_api` when the button ``button_id`` started the request
        (and was disabled against a second press): it works again and the message shows."""

        def failed(text: Msg) -> None:
            self.query_one(f"#{button_id}", Button).disabled = False
            self.show_message(text)

        return failed

    def show_message(self, text: Msg) -> None:
        """Show ``text`` in this screen's general message field (``#message``)."""
        from consent_app.widgets.field_message import FieldMessage

        self.query_one("#message", FieldMessage).show(text)

    def wipe_passphrases(self) -> None:
        if not is_loaded(MASKED_FIELD):
            return  # no screen has had a passphrase field yet (the start screen has none)
        from consent_app.widgets.passphrase_input import PassphraseInput

        for field in self.query(PassphraseInput):
            field.wipe()

    def on_screen_suspend(self) -> None:
        # A dialog on top (help) is not leaving the screen; anything else is (also the app
        # closing, when no screen is left).
        stack = self.app.screen_stack
        if not (stack and isinstance(stack[-1], ModalScreen)):
            self.wipe_passphrases()


# A dialog hides the app's own keys from Textual; F1 (help, with where to get help now) must
# work there too.
MODAL_HELP: list[BindingType] = [Binding("f1", "app.help", show=False, id="modal.help")]

DialogResult = TypeVar("DialogResult")


class Dialog(InConsentApp, Retranslating, StyledOnce[DialogResult], ModalScreen[DialogResult]):
    """A dialog over the current screen; the safety bar stays visible so leaving is always
    one key away. Its content (``compose_dialog``) stands in a box with the id ``dialog``."""

    BINDINGS: ClassVar[list[BindingType]] = MODAL_HELP

    def compose(self) -> ComposeResult:
        yield SafetyBar(id="safety-bar")
        with Vertical(id="dialog"):
            yield from self.compose_dialog()

    def compose_dialog(self) -> ComposeResult:
        yield from ()


class AppModal(Dialog[None]):
    """A dialog that gives no answer: Esc and its "Close" (or "Cancel") button, with the id
    ``close``, close it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", show=False, id="modal.close")
    ]

    def action_close(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.action_close()
