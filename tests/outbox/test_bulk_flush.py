"""A bulk flush records what it sent in groups, not with one durable file write per change."""

from __future__ import annotations

from pathlib import Path

import pytest

from api_client import ConsentClient
from api_client.models import AssistedEntry, Inform, PreferenceWrite
from consent_app.outbox import EntryState, Outbox
from consent_app.outbox.file import OutboxFile
from consent_app.sync import SyncEngine
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.keyrings import MemoryKeyring
from tests.support.topics import ALL_TOPICS

from .helpers import PASSPHRASE, ServerProcess

RECORDS = 40


def test_a_bulk_flush_sends_every_change_once_and_writes_the_file_per_group(
    server: ServerProcess,
    outbox_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = ServerSettings(database_url=server.database_url)
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, "bulk-staff", PASSPHRASE)
        subjects = [admin.create_subject(db, settings, f"BULK-{n}").id for n in range(RECORDS)]
    server.start()
    outbox = Outbox.open(outbox_path, keyring_backend=memory_keyring)
    write = PreferenceWrite(
        inform=Inform.yes,
        topics=ALL_TOPICS,
        assisted=AssistedEntry(identity_check="passport seen", read_back_confirmed=True),
    )
    entries = [outbox.enqueue(subject, write, base_version=0) for subject in subjects]
    file_writes = 0
    real_write = OutboxFile.write

    def counted_write(file: OutboxFile, state: object) -> None:
        nonlocal file_writes
        file_writes += 1
        real_write(file, state)  # type: ignore[arg-type]

    monkeypatch.setattr(OutboxFile, "write", counted_write)
    with ConsentClient(server.url) as client:
        client.login("bulk-staff", PASSPHRASE)
        # Time stands still, so only the group size decides (not how fast this machine is).
        report = SyncEngine(outbox, client, monotonic=lambda: 0.0).flush_once()
    assert sorted(report.sent) == sorted(entry.entry_id for entry in entries)
    assert file_writes == 2  # groups of 32 and 8, not 40 writes
    on_disk = Outbox.open(outbox_path, keyring_backend=memory_keyring)
    assert {entry.state for entry in on_disk.entries()} == {EntryState.sent}
    assert {entry.result_version for entry in on_disk.entries()} == {1}
