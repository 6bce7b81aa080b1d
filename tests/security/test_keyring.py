"""Remembered sessions and the outbox key in a real Secret Service (gnome-keyring on D-Bus).

Each test runs a small script in a subprocess under its own ``dbus-run-session`` with a
throwaway HOME, so the keyring, its files and the app's data directory are all its own.
Afterwards every file under that HOME is searched for the token and the contact details.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
ACCESS = "ACCESS-token-" + "a1" * 20
REFRESH = "REFRESH-token-" + "b2" * 20
CONTACT = "geheim.adres@example.org"

pytestmark = pytest.mark.keyring

_SCRIPT = f"""
import datetime as dt, json, os, sys, uuid
import keyring
from api_client.models import Channel, PreferenceWrite
from api_client.tokens import TokenPair
from consent_app.outbox import Outbox
from consent_app.session_store import ENTRY, SERVICE, SessionStore

later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
pair = TokenPair({ACCESS!r}, {REFRESH!r}, later, later)
store = SessionStore()
report = {{"backend": type(keyring.get_keyring()).__module__}}
report["saved"] = store.save("person.one", pair)
loaded = store.load()
report["loaded"] = loaded is not None and loaded.tokens.refresh_token == {REFRESH!r}
outbox = Outbox.open()
write = PreferenceWrite(channels=[Channel(kind="email", address={CONTACT!r})])
outbox.enqueue(uuid.UUID(int=1), write, base_version=0)
report["outbox_durable"] = outbox.durable
report["outbox_reopened"] = len(Outbox.open().entries())
if report["backend"] == "keyring.backends.SecretService" and report["saved"]:
    import secretstorage
    bus = secretstorage.dbus_init()
    items = list(secretstorage.get_default_collection(bus).get_all_items())
    report["labels"] = [item.get_label() for item in items]
    report["attributes"] = [item.get_attributes() for item in items]
    store.clear()
    report["after_clear"] = store.load() is not None
    report["raw_after_clear"] = keyring.get_password(SERVICE, ENTRY)
print(json.dumps(report))
"""


def _run(tmp_path: Path, *, unlock: bool, backend: str | None = None) -> dict[str, Any]:
    if backend is None and not (
        shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")
    ):
        pytest.skip("dbus-run-session and gnome-keyring-daemon are needed")
    script = tmp_path / "script.py"
    script.write_text(_SCRIPT)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "PYTHON_KEYRING", "XDG_", "DISPLAY", "WAYLAND"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_RUNTIME_DIR=str(tmp_path),
        PYTHONPATH=str(REPO),
    )
    python = f'"{sys.executable}" "{script}"'
    if backend is not None:
        env["PYTHON_KEYRING_BACKEND"] = backend
        command = ["sh", "-c", f"exec {python}"]
    else:
        start = "gnome-keyring-daemon --components=secrets >/dev/null"
        if unlock:
            start = "printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        command = ["dbus-run-session", "--", "sh", "-c", f"{start}; exec {python}"]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["plain_files"] = _files_holding_secrets(home)
    report["files"] = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    return report


def _files_holding_secrets(home: Path) -> list[str]:
    found = []
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (ACCESS, REFRESH, CONTACT):
                if secret.encode() in data or secret.encode("utf-16-le") in data:
                    found.append(f"{path.relative_to(home)}: {secret[:8]}")
    return found


def test_an_unlocked_secret_service_keeps_the_session_under_a_neutral_name(
    tmp_path: Path,
) -> None:
    report = _run(tmp_path, unlock=True)
    assert report["backend"] == "keyring.backends.SecretService"
    assert report["saved"] and report["loaded"]
    assert report["outbox_durable"] and report["outbox_reopened"] == 1
    described = json.dumps([report["labels"], report["attributes"]]).lower()
    for telling in ("consent", "victim", "abuse", "slachtoffer", "misbruik", "notif"):
        assert telling not in described, telling
    # Forgetting the session really removes it from the keyring.
    assert report["after_clear"] is False and report["raw_after_clear"] is None
    # The keyring file and the outbox file exist, but neither holds anything readable.
    assert any(name.startswith("data/keyrings/") for name in report["files"])
    assert report["plain_files"] == []


def test_a_locked_keyring_keeps_everything_in_memory_and_writes_nothing_readable(
    tmp_path: Path,
) -> None:
    report = _run(tmp_path, unlock=False)
    assert report["backend"] == "keyring.backends.SecretService"
    assert report["saved"] is False and report["loaded"] is False
    assert report["outbox_durable"] is False and report["outbox_reopened"] == 0
    assert report["plain_files"] == []
    assert [name for name in report["files"] if not name.startswith("data/keyrings/")] == []


@pytest.mark.parametrize(
    "backend",
    [
        "keyring.backends.fail.Keyring",
        "keyring.backends.null.Keyring",
    ],
)
def test_without_a_working_keyring_nothing_is_stored_anywhere(tmp_path: Path, backend: str) -> None:
    report = _run(tmp_path, unlock=False, backend=backend)
    assert report["saved"] is False and report["loaded"] is False
    assert report["outbox_durable"] is False and report["outbox_reopened"] == 0
    assert report["plain_files"] == [] and report["files"] == []
