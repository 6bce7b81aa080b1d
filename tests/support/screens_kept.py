"""Every screen an app still keeps somewhere, for tests that no personal data outlives a
session: on any mode's stack, installed by name, or still running (not yet removed).

Textual keeps installed screens in a private dictionary; reading it here (tests only) is
the one way to see them.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.app import App
from textual.screen import Screen


def kept_screens(app: App[Any]) -> list[Screen[Any]]:
    """The screens on every mode's stack, the installed ones, and any still running."""
    found: list[Screen[Any]] = []
    for mode in app.MODES:
        try:
            found.extend(app.get_screen_stack(mode))
        except KeyError:  # the mode holds no screens
            continue
    found.extend(screen for screen in app._installed_screens.values() if isinstance(screen, Screen))
    found.extend(
        thing
        for thing in gc.get_objects()
        if isinstance(thing, Screen) and thing.is_running and thing not in found
    )
    return found
