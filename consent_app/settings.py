"""Settings of the terminal app: one class, read from ``CONSENT_APP_*`` environment variables.

Nothing here is written to disk. Paths, where the app needs any, come from platformdirs so
they follow each operating system's conventions.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from consent_app.display_settings import (
    DEFAULT_AUTO_LOCK_SECONDS,
    DEFAULT_AUTO_LOCK_WARNING_SECONDS,
    DEFAULT_THEME,
    ENV_PREFIX,
    NEUTRAL_APP_NAME,
    DisplaySettings,
    ThemeName,
)
from consent_app.i18n import Language, detect_language

__all__ = ["NEUTRAL_APP_NAME", "AppSettings", "ThemeName", "data_dir"]


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    server_url: str = "http://127.0.0.1:8000"
    language: Language | None = None
    """None: Dutch when the locale is Dutch, else English."""
    auto_lock_seconds: float = Field(default=DEFAULT_AUTO_LOCK_SECONDS, gt=0)
    auto_lock_warning_seconds: float = Field(default=DEFAULT_AUTO_LOCK_WARNING_SECONDS, ge=0)
    theme: ThemeName = DEFAULT_THEME
    reduce_motion: bool = False
    """Nothing on screen changes by itself (``CONSENT_APP_REDUCE_MOTION=1``)."""
    remember_me: bool = False
    """Default state of the "remember me on this computer" box on the login screen."""
    request_timeout_seconds: float = Field(default=10, gt=0)

    def resolved_language(self) -> Language:
        return self.language or detect_language()

    def display(self) -> DisplaySettings:
        """What the screens need before anything else (see ``display_settings``)."""
        return DisplaySettings(
            language=self.resolved_language(),
            theme=self.theme,
            auto_lock_seconds=self.auto_lock_seconds,
            auto_lock_warning_seconds=self.auto_lock_warning_seconds,
            reduce_motion=self.reduce_motion,
        )

    def warning_seconds(self) -> float:
        """How long before the lock the warning appears (never more than a third of the wait)."""
        return self.display().warning_seconds()


def data_dir() -> Path:
    """Per-user data directory under a neutral name (created by whoever writes there)."""
    return Path(platformdirs.user_data_dir(NEUTRAL_APP_NAME, appauthor=False))
