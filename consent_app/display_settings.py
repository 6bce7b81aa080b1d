"""The few settings the first screen needs, read without pydantic.

:class:`consent_app.settings.AppSettings` (pydantic-settings) is the one settings class; it
is built in the background after the start screen is drawn, because importing pydantic costs
more than Textual itself. The start screen needs only the language, the theme and the
auto-lock times, so :func:`read_display_settings` reads exactly those from the same
``CONSENT_APP_*`` variables, with the same defaults (the constants below are what
``AppSettings`` uses). A value it cannot read falls back to the default here; the full
settings then validate it. ``tests/app/test_display_settings.py`` keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from consent_app.i18n import LANGUAGES, Language, detect_language

ThemeName = Literal["default", "high-contrast"]
THEME_NAMES: tuple[ThemeName, ...] = ("default", "high-contrast")
ENV_PREFIX = "CONSENT_APP_"
DEFAULT_THEME: ThemeName = "default"
DEFAULT_AUTO_LOCK_SECONDS = 300.0
DEFAULT_AUTO_LOCK_WARNING_SECONDS = 15.0

# A neutral name used for anything the operating system shows (directories, keyring
# entries): it must not reveal what the app is for to someone else using the computer.
NEUTRAL_APP_NAME = "notes-client"


@dataclass(frozen=True)
class DisplaySettings:
    language: Language
    theme: ThemeName
    auto_lock_seconds: float
    auto_lock_warning_seconds: float

    def warning_seconds(self) -> float:
        """How long before the lock the warning appears (never more than a third of the wait)."""
        return min(self.auto_lock_warning_seconds, self.auto_lock_seconds / 3)


def _number(text: str | None, default: float, *, positive: bool) -> float:
    try:
        value = float(text) if text is not None else default
    except ValueError:
        return default
    if value < 0 or (positive and value == 0) or value != value:  # NaN
        return default
    return value


def read_display_settings(
    overrides: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None
) -> DisplaySettings:
    """Language, theme and auto-lock from overrides (CLI flags), then the environment."""
    overrides = overrides or {}
    # pydantic-settings matches variable names without regard to case; so do we.
    source = os.environ if environ is None else environ
    env = {key.upper(): value for key, value in source.items()}

    def setting(name: str) -> str | None:
        if overrides.get(name) is not None:
            return str(overrides[name])
        return env.get(ENV_PREFIX + name.upper())

    language = setting("language")
    theme = setting("theme")
    return DisplaySettings(
        language=language if language in LANGUAGES else detect_language(environ),
        theme=theme if theme in THEME_NAMES else DEFAULT_THEME,
        auto_lock_seconds=_number(
            setting("auto_lock_seconds"), DEFAULT_AUTO_LOCK_SECONDS, positive=True
        ),
        auto_lock_warning_seconds=_number(
            setting("auto_lock_warning_seconds"), DEFAULT_AUTO_LOCK_WARNING_SECONDS, positive=False
        ),
    )
