"""Keyring backends for tests that are not about the system keyring.

The app itself refuses both: they keep secrets in this process or in a plain file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps its secrets in this process only."""

    priority = 1

    def __init__(self) -> None:
        # Named rather than super(): keyring leaves it unannotated, and the mypy setting
        # untyped_calls_exclude = ["keyring"] matches it only by this name.
        KeyringBackend.__init__(self)
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


class FileKeyring(KeyringBackend):
    """A keyring in the JSON file named by ``TEST_KEYRING_FILE``: lets a CLI subprocess and
    the test share secrets (``PYTHON_KEYRING_BACKEND=tests.support.keyrings.FileKeyring``)."""

    priority = 1

    def __init__(self) -> None:
        KeyringBackend.__init__(self)

    def _load(self) -> dict[str, str]:
        path = Path(os.environ["TEST_KEYRING_FILE"])
        loaded: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        return loaded

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}/{username}"] = password
        Path(os.environ["TEST_KEYRING_FILE"]).write_text(json.dumps(secrets))

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        secrets.pop(f"{service}/{username}", None)
        Path(os.environ["TEST_KEYRING_FILE"]).write_text(json.dumps(secrets))
