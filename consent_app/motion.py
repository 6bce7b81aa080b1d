"""Reduced motion (``CONSENT_APP_REDUCE_MOTION=1``): nothing on screen changes by itself.

The app never animates (``animation_level`` is "none", text fields do not blink). With this
setting also: a pressed button does not flash (Textual's 0.2 s "active" effect), and a message
in the corner stays until the next key instead of vanishing after some seconds. Screen readers
then read only what the person caused, and nothing moves for people who are distracted or
made unwell by motion.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

HELD_MESSAGE_SECONDS = 24 * 60 * 60
"""How long a message stays with reduced motion: until the next key in practice."""


class MotionSetting:
    """Mixed into the app: says whether the person asked for reduced motion.

    Widgets ask it through :func:`motion_reduced`, so they need not import the app (which
    imports them)."""

    def reduces_motion(self) -> bool:
        return False


def motion_reduced(app: App[Any]) -> bool:
    return isinstance(app, MotionSetting) and app.reduces_motion()
