"""The outbox on disk: encrypted, private, durable only with a working keyring."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked

from api_client.models import Inform, Preferences, PreferenceWrite
from consent_app.outbox import EntryState, Outbox, load_key
from tests.support.keyrings import MemoryKeyring
from tests.support.topics import ALL_TOPICS

PRIVATE = {
    "inform": "yes",
    "channels": [
        {"kind": "email", "address": "hidden.person@example.org"},
        {"kind": "phone", "address": "+31 6 12345678"},
    ],
    "safe_contact": {
        "hours": "09:00-12:00",
        "no_voicemail": True,
        "alternative_address": "Postbus 4711, Utrecht",
        "discreet_sender": "Bibliotheek Noord",
        "household_must_not_know": True,
    },
    "paused_until": "2027-03-04",
}
SECRETS = [
    "hidden.person@example.org",
    "+31 6 12345678",
    "12345678",
    "09:00-12:00",
    "Postbus 4711",
    "Utrecht",
    "Bibliotheek Noord",
    "2027-03-04",
    "household_must_not_know",
    "alternative_address",
    "inform",
]


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")


def test_the_outbox_file_holds_no_readable_personal_data(
    outbox_path: Path, memory_keyring: MemoryKeyring
) -> None:
    outbox = Outbox.open(outbox_path, keyring_backend=memory_keyring)
    subject = uuid.uuid4()
    entry = outbox.enqueue(subject, PreferenceWrite.model_validate(PRIVATE), base_version=3)
    current = Preferences.model_validate(
        {
            **PRIVATE,
            "subject_id": str(subject),
            "version": 4,
            "updated_at": None,
            "updated_by": None,
        }
    )
    outbox.mark_needs_decision(entry.entry_id, current)  # the server's copy is kept too

    raw = b"".join(p.read_bytes() for p in outbox_path.parent.iterdir() if p.is_file())
    for secret in [*SECRETS, str(subject), subject.hex, entry.idempotency_key]:
        assert secret.encode() not in raw, secret
        assert json.dumps(secret).encode() not in raw
    assert stat.S_IMODE(outbox_path.stat().st_mode) == 0o600
    assert [p.name for p in outbox_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    # ... and yet everything comes back with the key.
    reopened = Outbox.open(outbox_path, keyring_backend=memory_keyring)
    assert reopened.entries() == outbox.entries()


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), LockedKeyring()])
def test_without_a_working_keyring_the_outbox_lives_in_memory_and_says_so(
    backend: object, outbox_path: Path
) -> None:
    outbox = Outbox.open(outbox_path, keyring_backend=backend)  # type: ignore[arg-type]
    assert outbox.durable is False
    outbox.enqueue(uuid.uuid4(), PreferenceWrite(inform=Inform.no), base_version=0)
    assert [e.state for e in outbox.entries()] == [EntryState.pending]
    assert not outbox_path.parent.exists()  # never a plaintext (or any) file


def test_a_file_whose_key_is_gone_is_moved_aside_not_overwritten(outbox_path: Path) -> None:
    first = MemoryKeyring()
    Outbox.open(outbox_path, keyring_backend=first).enqueue(
        uuid.uuid4(), PreferenceWrite(inform=Inform.no), base_version=0
    )
    before = outbox_path.read_bytes()
    outbox = Outbox.open(outbox_path, keyring_backend=MemoryKeyring())  # another key
    assert outbox.durable and outbox.entries() == []
    assert outbox.unreadable_file is not None
    assert outbox.unreadable_file.read_bytes() == before


def test_the_key_is_stored_under_the_neutral_name(memory_keyring: MemoryKeyring) -> None:
    key = load_key(memory_keyring, create=True)
    assert key is not None and len(key) == 32
    [(service, entry)] = memory_keyring.entries
    assert (service, entry) == ("notes-client", "store-key")
    assert load_key(memory_keyring) == key


def test_a_second_change_waits_for_the_first_and_goes_on_top_of_it(outbox_path: Path) -> None:
    outbox = Outbox(outbox_path, bytes(32))
    subject = uuid.uuid4()
    first = outbox.enqueue(
        subject, PreferenceWrite(inform=Inform.yes, topics=ALL_TOPICS), base_version=2
    )
    second = outbox.enqueue(subject, PreferenceWrite(inform=Inform.no), base_version=2)
    assert [e.entry_id for e in outbox.next_to_send()] == [first.entry_id]
    outbox.mark_sent(first.entry_id, 3)
    [ready] = outbox.next_to_send()
    assert ready.entry_id == second.entry_id
    assert ready.outgoing().base_version == 3
    assert ready.outgoing().idempotency_key == second.idempotency_key


_SECRET_SERVICE_SCRIPT = """
import sys, uuid, keyring
from pathlib import Path
from api_client.models import PreferenceWrite
from consent_app.outbox import Outbox
path = Path(sys.argv[1])
outbox = Outbox.open(path)
print(type(keyring.get_keyring()).__module__, outbox.durable)
outbox.enqueue(uuid.UUID(int=7), PreferenceWrite(inform="no"), base_version=0)
print(len(Outbox.open(path).entries()))
"""


@pytest.mark.keyring
def test_with_a_real_secret_service_the_outbox_is_durable(tmp_path: Path) -> None:
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        pytest.skip("dbus-run-session and gnome-keyring-daemon are needed")
    script = tmp_path / "script.py"
    script.write_text(_SECRET_SERVICE_SCRIPT)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "PYTHON_KEYRING"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_RUNTIME_DIR=str(tmp_path))
    shell = (
        "echo -n test-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f'"{sys.executable}" "{script}" "{tmp_path / "store.bin"}"'
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["keyring.backends.SecretService", "True", "1"]
