"""Where the terminal's own cursor stands: on the focused widget.

Screen readers and braille displays follow the terminal's cursor. Textual moves it only for
text fields (``Input`` sets ``App.cursor_position``); elsewhere it stays wherever it was last
put. :func:`focus_offset` gives the cell the cursor belongs on for the focused widget: the
start of a button, checkbox or radio button, the highlighted row of a radio set or option
list, the typing position of a text field. The app reads it each time the screen is written
(``ConsentApp.cursor_position``), so it follows focus, scrolling and layout changes alike.
"""

from __future__ import annotations

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, OptionList

from consent_app.loaded_classes import RADIO_SET, is_loaded_instance
from consent_app.textual_internals import highlighted_line


def focus_offset(widget: Widget | None) -> Offset | None:
    """The screen cell for the cursor on ``widget``; None to leave it where it is."""
    if widget is None or not widget.is_attached:
        return None
    if isinstance(widget, Input):
        # Where typing goes. Read now: the field sets ``App.cursor_position`` itself only
        # when focused or typed in, which can be before it is laid out (a new wizard step).
        return widget.cursor_screen_offset
    target = widget
    if is_loaded_instance(widget, RADIO_SET):  # not imported: the start screen has none
        target = next(iter(widget.query(".-selected")), widget)
    region = target.content_region
    if not region:
        return None
    if isinstance(widget, OptionList):
        line = highlighted_line(widget)
        if line is not None:
            return Offset(region.x, region.y + line - round(widget.scroll_y))
    return region.offset
