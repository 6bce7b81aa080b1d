"""What the screens share that show a list from the server under a short note."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.widgets import Button

from consent_app.i18n import Msg, _
from consent_app.screens.base import AppScreen
from consent_app.widgets.translatable import TranslatedText

Listed = TypeVar("Listed")


class LoadedListScreen(AppScreen, Generic[Listed]):
    """A list asked from the server when the screen opens (``load``), under a note with the
    id ``intro``: "Loading…" until the answer is there (``loaded``), then what
    ``loaded_intro`` says (that the list is empty, or what to do with it).

    Subclasses compose ``TranslatedText(self.intro, id="intro")`` and a ``back`` button, say
    how to ``request_list``, keep what arrives in ``list_arrived`` (then ``super()``) and put
    the list on the screen in ``show_list``, also after a language switch. A failure shows in
    the message field.
    """

    RELOAD_ON_RESUME: ClassVar[bool] = False
    """Ask for the list again when the screen is shown again after one opened from it (that
    one may have changed the list), once the first answer is there."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.RELOAD_ON_RESUME and self.loaded:
            self.load()

    def load(self) -> None:
        """Ask the server for the list (again)."""
        self.call_api(
            self.request_list, self.list_arrived, group="list-load", failed=self.show_failure
        )

    def request_list(self) -> Listed:
        """What the list shows, from the server (blocking: runs in a thread worker)."""
        raise NotImplementedError

    def list_arrived(self, listed: Listed) -> None:
        """On the UI thread: the answer is there (a subclass keeps it first), show it."""
        self.loaded = True
        self.show_list()

    def show_list(self) -> None:
        raise NotImplementedError

    def loaded_intro(self) -> str:
        raise NotImplementedError

    def intro(self) -> str:
        return self.loaded_intro() if self.loaded else _("Loading…")

    def on_language_changed(self) -> None:
        self.show_list()

    def show_failure(self, text: Msg) -> None:
        """A request about the list failed: say so (the note no longer says "Loading…")."""
        self.loaded = True
        self.query_one("#intro", TranslatedText).retranslate()
        self.show_message(text)
