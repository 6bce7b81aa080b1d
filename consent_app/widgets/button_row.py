"""A row of buttons under a form or a list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal

from consent_app.widgets.translatable import TextSource, TranslatedButton

if TYPE_CHECKING:
    from consent_app.widgets.field_message import FieldMessage

ButtonSpec = tuple[TextSource, str]
"""A button's label and id."""


def button_row(*buttons: ButtonSpec, primary: str | None = None) -> Horizontal:
    """The buttons side by side (``.buttons`` in app.tcss); the one whose id is ``primary``
    stands out as the main action."""
    return Horizontal(
        *(
            TranslatedButton(
                label,
                id=button_id,
                compact=True,
                variant="primary" if button_id == primary else "default",
            )
            for label, button_id in buttons
        ),
        classes="buttons",
    )


def message_and_buttons(
    *buttons: ButtonSpec, primary: str | None = None
) -> tuple[FieldMessage, Horizontal]:
    """The foot of a form or list: its general message (id ``message``, where a screen shows
    what happened or went wrong) and under it the :func:`button_row`; for ``yield from``."""
    from consent_app.widgets.field_message import FieldMessage  # the start screen has none

    return FieldMessage(id="message", classes="-general"), button_row(*buttons, primary=primary)
