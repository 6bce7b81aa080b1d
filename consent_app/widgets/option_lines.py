"""Putting fresh lines in an option list (records, representatives, versions, messages)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import OptionList
from textual.widgets.option_list import Option


def refill(options: OptionList, lines: Iterable[Option], *, keep_place: bool = False) -> bool:
    """Show ``lines`` in ``options`` instead of what it held; the list shows only when it has
    any. The first line that can be chosen is highlighted, so that Enter opens it as soon as
    the list has focus; with ``keep_place`` the line highlighted before stays highlighted
    (the last one when the list got shorter), for a list built again in place.

    Returns whether any line can be chosen.
    """
    before = options.highlighted if keep_place else None
    options.clear_options()
    options.add_options(lines)
    options.display = options.option_count > 0
    choosable = [index for index, line in enumerate(options.options) if not line.disabled]
    if before is not None and options.option_count:
        options.highlighted = min(before, options.option_count - 1)
    elif choosable:
        options.highlighted = choosable[0]
    return bool(choosable)
