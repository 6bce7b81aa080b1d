"""What stays on this computer once the server has a change (issue 10, item 5): no contact
details of sent changes, and without "remember me" nothing at all once the queue is empty."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api_client import ConsentClient
from api_client.models import Inform, PreferenceWrite
from consent_app.app import ConsentApp
from consent_app.outbox import KEY_ENTRY, EntryState, Outbox
from consent_app.settings import NEUTRAL_APP_NAME, AppSettings
from consent_app.sync import SyncEngine
from tests.support.keyrings import MemoryKeyring

from .helpers import ServerProcess, client_with, seed_victim
from .test_storage import PRIVATE, SECRETS


def _plaintext(path: Path, keyring: MemoryKeyring) -> bytes:
    """The outbox file decrypted with the key in the keyring, as anyone at this computer with
    access to the person's keyring could."""
    stored = keyring.get_password(NEUTRAL_APP_NAME, KEY_ENTRY)
    assert stored is not None
    blob = path.read_bytes()
    return AESGCM(base64.urlsafe_b64decode(stored)).decrypt(blob[4:16], blob[16:], blob[:4])


def _everything_on_disk(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in directory.iterdir() if p.is_file())


def _sent_private_change(
    server: ServerProcess, outbox_path: Path, keyring: MemoryKeyring
) -> tuple[Outbox, ConsentClient, uuid.UUID]:
    victim, tokens = seed_victim(server.database_url)
    server.start()
    client = client_with(server.url, tokens, max_retries=0)
    outbox = Outbox.open(outbox_path, keyring_backend=keyring)
    write = PreferenceWrite.model_validate(PRIVATE)
    entry = outbox.enqueue(victim.subject_id, write, base_version=0, base=write)
    report = SyncEngine(outbox, client).flush_once()
    assert report.sent == [entry.entry_id], report
    return outbox, client, entry.entry_id


def test_a_sent_change_keeps_no_contact_details_on_disk(
    server: ServerProcess, outbox_path: Path, memory_keyring: MemoryKeyring
) -> None:
    outbox, client, entry_id = _sent_private_change(server, outbox_path, memory_keyring)
    with client:
        plain = _plaintext(outbox_path, memory_keyring)
        for secret in SECRETS:
            assert secret.encode() not in plain, secret
        # What the home screen and the sync need is still there.
        reopened = Outbox.open(outbox_path, keyring_backend=memory_keyring)
        entry = reopened.get(entry_id)
        assert (entry.state, entry.result_version) == (EntryState.sent, 1)
        assert reopened.entries()[0].created_at == outbox.get(entry_id).created_at
        assert outbox.get(entry_id) == entry  # the process that sent it holds no more


def test_without_remember_me_nothing_stays_once_the_queue_is_empty(
    server: ServerProcess,
    outbox_path: Path,
    memory_keyring: MemoryKeyring,
    offline_client: ConsentClient,
) -> None:
    _sent_private_change(server, outbox_path, memory_keyring)[1].close()
    app = ConsentApp(
        AppSettings(language="en"),
        offline_client,
        outbox_factory=lambda: Outbox.open(outbox_path, keyring_backend=memory_keyring),
    )
    app.sync.open_outbox()  # as the app does at start
    app.after_exit()  # nobody logged in with "remember me"

    assert [p.name for p in outbox_path.parent.iterdir() if not p.name.endswith(".lock")] == []
    assert _everything_on_disk(outbox_path.parent) == b""
    assert memory_keyring.get_password(NEUTRAL_APP_NAME, KEY_ENTRY) is None


def test_a_change_still_waiting_is_kept_with_its_key_at_exit(
    outbox_path: Path, memory_keyring: MemoryKeyring, offline_client: ConsentClient
) -> None:
    outbox = Outbox.open(outbox_path, keyring_backend=memory_keyring)
    outbox.enqueue(uuid.uuid4(), PreferenceWrite(inform=Inform.no), base_version=0)
    app = ConsentApp(AppSettings(language="en"), offline_client, outbox_factory=lambda: outbox)
    app.sync.open_outbox()
    app.after_exit()

    assert outbox_path.exists()
    assert memory_keyring.get_password(NEUTRAL_APP_NAME, KEY_ENTRY) is not None
    assert len(Outbox.open(outbox_path, keyring_backend=memory_keyring).entries()) == 1
