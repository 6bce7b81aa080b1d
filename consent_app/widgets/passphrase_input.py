"""A passphrase field that keeps its content off the clipboard and out of memory when left."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from consent_app.widgets.text_field import TextField


class PassphraseInput(TextField):
    """Masked input that refuses copy and cut and can be wiped.

    Selecting with the mouse is off too, so the screen-level copy cannot lift it either.
    The screen that owns it calls :meth:`wipe` when it is left (see ``AppScreen``).
    """

    ALLOW_SELECT = False
    # A passphrase set before control characters were refused must still match exactly.
    KEEPS_CONTROL_CHARACTERS: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        # Same keys as Input's copy/cut, bound to nothing, so they never reach the clipboard.
        Binding("ctrl+x", "refuse_copy", show=False, id="passphrase.refuse_cut"),
        Binding("ctrl+c,super+c", "refuse_copy", show=False, id="passphrase.refuse_copy"),
    ]

    def __init__(self, placeholder: object = None, **kwargs: object) -> None:
        kwargs["password"] = True
        super().__init__(placeholder, **kwargs)  # type: ignore[arg-type]

    def action_refuse_copy(self) -> None:
        """Do nothing: a passphrase never goes to the clipboard."""

    def action_copy(self) -> None:
        """Refused (see :meth:`action_refuse_copy`)."""

    def action_cut(self) -> None:
        """Refused (see :meth:`action_refuse_copy`)."""

    def wipe(self) -> None:
        self.value = ""

    def on_unmount(self) -> None:
        self.value = ""
