"""What the screens share that show a list from the server under a short note."""

from __future__ import annotations

from textual.widgets import Button

from consent_app.i18n import Msg, _
from consent_app.screens.base import AppScreen
from consent_app.widgets.translatable import TranslatedText


class LoadedListScreen(AppScreen):
    """A list asked from the server when the screen opens (``load``), under a note with the
    id ``intro``: "Loading…" until the answer is there (``loaded``), then what
    ``loaded_intro`` says (that the list is empty, or what to do with it).

    Subclasses compose ``TranslatedText(self.intro, id="intro")`` and a ``back`` button, and
    put the list on the screen in ``show_list``, also after a language switch.
    """

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()
        self.load()

    def load(self) -> None:
        raise NotImplementedError

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
