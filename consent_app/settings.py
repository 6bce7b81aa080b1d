"""Settings of the terminal app: one class, read from ``CONSENT_APP_*`` environment variables.

Nothing here is written to disk. Paths, where the app needs any, come from platformdirs so
they follow each operating system's conventions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from consent_app.i18n import Language, detect_language

ThemeName = Literal["default", "high-contrast"]

# A neutral name used for anything the operating system shows (directories, keyring
# entries): it must not reveal what the app is for to someone else using the computer.
NEUTRAL_APP_NAME = "notes-client"


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSENT_APP_", extra="ignore")

    server_url: str = "http://127.0.0.1:8000"
    language: Language | None = None
    """None: Dutch when the locale is Dutch, else English."""
    auto_lock_seconds: float = Field(default=300, gt=0)
    auto_lock_warning_seconds: float = Field(default=15, ge=0)
    theme: ThemeName = "default"
    remember_me: bool = False
    """Default state of the "remember me on this computer" box on the login screen."""
    request_timeout_seconds: float = Field(default=10, gt=0)

    def resolved_language(self) -> Language:
        return self.language or detect_language()

    def warning_seconds(self) -> float:
        """How long before the lock the warning appears (never more than a third of the wait)."""
        return min(self.auto_lock_warning_seconds, self.auto_lock_seconds / 3)


def data_dir() -> Path:
    """Per-user data directory under a neutral name (created by whoever writes there)."""
    return Path(platformdirs.user_data_dir(NEUTRAL_APP_NAME, appauthor=False))
