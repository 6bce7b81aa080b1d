"""Real faults: the server down, the server killed mid-write, the app killed after confirming,
two devices racing. Each ends with the server holding the person's change exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from api_client.models import Channel, ChannelKind, Inform, PreferenceChoices, PreferenceWrite
from consent_app import conflicts
from consent_app.outbox import EntryState, NoticeKind, Outbox
from consent_app.sync import StopReason, SyncEngine
from tests.support.keyrings import MemoryKeyring

from .helpers import (
    ServerProcess,
    client_with,
    history,
    logged_in,
    new_victim,
    seed_victim,
)

KEY = bytes(range(32))


def a_change(marker: str, **choices: object) -> PreferenceWrite:
    """A confirmed change; ``questions_version`` carries a marker to find it in the history."""
    return PreferenceWrite.model_validate({"questions_version": marker, **choices})


def markers(base_url: str, victim) -> list[str]:  # type: ignore[no-untyped-def]
    return [version.questions_version for version in history(base_url, victim)]


def flush_until_sent(engine: SyncEngine, entry_id, seconds: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Flush as the app's timer would, until the entry is sent (a 409 "in progress" waits)."""
    deadline = time.monotonic() + seconds
    while engine.outbox.get(entry_id).state is not EntryState.sent:
        assert time.monotonic() < deadline, engine.outbox.get(entry_id).state
        engine.flush_once()
        time.sleep(0.2)


def test_change_saved_while_the_server_is_down_waits_then_is_sent_once(
    server: ServerProcess, outbox_path: Path, memory_keyring: MemoryKeyring
) -> None:
    victim, tokens = seed_victim(server.database_url)
    client = client_with(server.url, tokens, max_retries=0)  # the server is not running

    outbox = Outbox.open(outbox_path, keyring_backend=memory_keyring)
    engine = SyncEngine(outbox, client)
    entry = outbox.enqueue(victim.subject_id, a_change("m1", inform="no"), base_version=0)
    report = engine.flush_once()

    assert report.error is StopReason.connection
    assert outbox.get(entry.entry_id).state is EntryState.pending
    status = engine.status()
    assert (status.waiting, status.sent, status.exit_code) == (1, 0, 3)
    delay = engine.next_delay()
    assert delay is not None and 0 < delay <= engine.max_delay

    server.start()  # the same port: the network is back
    engine.reconnected()
    assert engine.flush_once().sent == [entry.entry_id]
    assert engine.flush_once().sent == []
    assert markers(server.url, victim) == ["m1"]
    assert outbox.get(entry.entry_id).result_version == 1
    assert engine.status().exit_code == 0
    client.close()


@pytest.mark.parametrize("stall", ["before-write", "after-commit"])
def test_server_killed_mid_write_and_restarted_makes_exactly_one_version(
    stall: str, server: ServerProcess, outbox_path: Path, tmp_path: Path
) -> None:
    victim, tokens = seed_victim(server.database_url)
    client = client_with(server.url, tokens, max_retries=1, timeout=30)
    marker = tmp_path / "stalled"
    server.start(stall=stall, marker=marker)

    outbox = Outbox(outbox_path, KEY)
    engine = SyncEngine(outbox, client)
    entry = outbox.enqueue(victim.subject_id, a_change("m1", inform="yes"), base_version=0)
    flushing = threading.Thread(target=engine.flush_once)
    flushing.start()
    deadline = time.monotonic() + 10
    while not marker.exists():
        assert time.monotonic() < deadline, "the server never got the write"
        time.sleep(0.02)
    server.kill()
    flushing.join(timeout=30)
    assert outbox.get(entry.entry_id).state is EntryState.pending

    server.start()  # same database, same key file
    engine.reconnected()
    flush_until_sent(engine, entry.entry_id)
    assert markers(server.url, victim) == ["m1"]
    assert outbox.get(entry.entry_id).result_version == 1
    client.close()


_CRASH_AFTER_CONFIRM = """
import os, signal, sys, uuid
from pathlib import Path
from api_client.models import PreferenceWrite
from consent_app.outbox import Outbox
outbox = Outbox(Path(sys.argv[1]), bytes.fromhex(os.environ["OUTBOX_KEY"]))
write = PreferenceWrite(inform="no", questions_version="m1")
outbox.enqueue(uuid.UUID(sys.argv[2]), write, base_version=0)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_app_killed_right_after_confirming_sends_the_change_once_on_restart(
    server: ServerProcess, outbox_path: Path
) -> None:
    server.start()
    victim = new_victim(server.database_url, server.url)
    env = {**os.environ, "OUTBOX_KEY": KEY.hex()}
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASH_AFTER_CONFIRM, str(outbox_path), str(victim.subject_id)],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert crashed.returncode == -9, crashed.stderr.decode()
    assert markers(server.url, victim) == []  # nothing was sent before the kill

    restarted = Outbox(outbox_path, KEY)
    [entry] = restarted.entries()
    assert entry.state is EntryState.pending
    with logged_in(server.url, victim) as client:
        engine = SyncEngine(restarted, client)
        assert engine.flush_once().sent == [entry.entry_id]
        assert engine.flush_once().sent == []
    assert markers(server.url, victim) == ["m1"]
    assert [e.state for e in Outbox(outbox_path, KEY).entries()] == [EntryState.sent]


def test_two_devices_racing_the_second_needs_a_decision(
    live_server: str, live_server_database_url: str, tmp_path: Path
) -> None:
    victim = new_victim(live_server_database_url, live_server)
    laptop, phone = Outbox(tmp_path / "a.bin", KEY), Outbox(tmp_path / "b.bin", KEY)
    email = Channel(kind=ChannelKind.email, address="a@example.org")
    by_post = Channel(kind=ChannelKind.post)
    first = laptop.enqueue(
        victim.subject_id, a_change("laptop", inform="yes", channels=[email]), base_version=0
    )
    second = phone.enqueue(
        victim.subject_id, a_change("phone", inform="yes", channels=[by_post]), base_version=0
    )
    with logged_in(live_server, victim) as one, logged_in(live_server, victim) as other:
        assert SyncEngine(laptop, one).flush_once().sent == [first.entry_id]
        engine = SyncEngine(phone, other)
        assert engine.flush_once().needs_decision == [second.entry_id]
        waiting = phone.get(second.entry_id)
        assert waiting.state is EntryState.needs_decision
        assert waiting.current is not None and waiting.current.channels == [email]
        assert engine.status().exit_code == 4
        changes = conflicts.diff(waiting.write, waiting.current)
        assert [change.field for change in changes] == ["channels"]
        assert (changes[0].mine, changes[0].theirs) == ("letter", "e-mail")

        phone.resolve(second.entry_id, conflicts.MergeChoice.keep_mine)
        assert engine.flush_once().sent == [second.entry_id]
    assert markers(live_server, victim) == ["laptop", "phone"]
    assert phone.get(second.entry_id).result_version == 2


def test_a_victims_no_racing_a_yes_is_applied_again_and_the_person_is_told(
    live_server: str, live_server_database_url: str, tmp_path: Path
) -> None:
    victim = new_victim(live_server_database_url, live_server)
    representative_device, victim_device = (
        Outbox(tmp_path / "r.bin", KEY),
        Outbox(tmp_path / "v.bin", KEY),
    )
    start = PreferenceChoices()  # what both saw: version 0, undecided
    email = Channel(kind=ChannelKind.email, address="a@example.org")
    representative_device.enqueue(
        victim.subject_id,
        a_change("yes", inform="yes", channels=[email]),
        base_version=0,
        base=start,
    )
    no = victim_device.enqueue(
        victim.subject_id, a_change("no", inform="no"), base_version=0, base=start
    )
    with logged_in(live_server, victim) as one, logged_in(live_server, victim) as other:
        SyncEngine(representative_device, one).flush_once()
        report = SyncEngine(victim_device, other).flush_once()
    assert report.reapplied == [no.entry_id]
    assert report.sent == [no.entry_id]
    [notice] = victim_device.notices()
    assert notice.kind is NoticeKind.reapplied_no
    assert notice.message() == "Your 'no' was applied again on top of a newer change."
    versions = history(live_server, victim)
    assert [(v.questions_version, v.preferences.inform) for v in versions] == [
        ("yes", Inform.yes),
        ("no", Inform.no),
    ]
    # The "no" went on top of the newer version: the other change (the channel) survives.
    assert versions[-1].preferences.channels == [email]
    victim_device.acknowledge(notice.notice_id)
    assert victim_device.notices() == []
