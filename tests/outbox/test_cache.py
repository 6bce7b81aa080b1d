"""The outbox keeps what it decoded in memory, yet always sees changes made by someone else,
and the file stays bounded however many changes were sent."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from api_client.models import PreferenceWrite
from consent_app.outbox import KEEP_FINISHED, KEEP_RECENT, EntryState, Outbox
from consent_app.outbox import records as outbox_records
from consent_app.sync import summarize

KEY = bytes(range(32))


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def write(inform: str = "no") -> PreferenceWrite:
    return PreferenceWrite.model_validate({"inform": inform})


def ids(outbox: Outbox) -> list[uuid.UUID]:
    return [entry.entry_id for entry in outbox.entries()]


def test_a_change_by_another_outbox_on_the_same_file_is_seen(outbox_path: Path) -> None:
    app, cli = Outbox(outbox_path, KEY), Outbox(outbox_path, KEY)
    first = app.enqueue(uuid.uuid4(), write(), base_version=0)
    assert ids(cli) == [first.entry_id]  # a read sees it
    second = cli.enqueue(uuid.uuid4(), write("yes"), base_version=0)
    assert ids(app) == [first.entry_id, second.entry_id]
    cli.mark_sent(first.entry_id, 1)
    assert app.get(first.entry_id).state is EntryState.sent
    # ... and a change made on a stale view would be wrong: the next change re-reads first.
    app.mark_sent(second.entry_id, 1)
    assert [e.state for e in cli.entries()] == [EntryState.sent, EntryState.sent]
    assert [e.state for e in Outbox(outbox_path, KEY).entries()] == [EntryState.sent] * 2


_OTHER_PROCESS = """
import sys, uuid
from pathlib import Path
from api_client.models import PreferenceWrite
from consent_app.outbox import Outbox
outbox = Outbox(Path(sys.argv[1]), bytes(range(32)))
print(outbox.enqueue(uuid.uuid4(), PreferenceWrite(inform="no"), base_version=0).entry_id)
"""


def test_a_change_by_another_process_is_seen(outbox_path: Path) -> None:
    app = Outbox(outbox_path, KEY)
    mine = app.enqueue(uuid.uuid4(), write(), base_version=0)
    assert ids(app) == [mine.entry_id]  # cached now
    done = subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS, str(outbox_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    theirs = uuid.UUID(done.stdout.strip())
    assert ids(app) == [mine.entry_id, theirs]
    later = app.enqueue(uuid.uuid4(), write(), base_version=0)
    assert ids(Outbox(outbox_path, KEY)) == [mine.entry_id, theirs, later.entry_id]


@pytest.mark.parametrize("how", ["copy-over", "replace"])
def test_the_cache_is_not_used_when_the_file_was_replaced_by_an_older_copy(
    outbox_path: Path, tmp_path: Path, how: str
) -> None:
    outbox = Outbox(outbox_path, KEY)
    first = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    older = tmp_path / "older.bin"
    shutil.copy2(outbox_path, older)
    outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    mtime = outbox_path.stat().st_mtime_ns

    if how == "copy-over":  # same inode, the old bytes, and the mtime we last saw
        with open(outbox_path, "r+b") as handle:
            handle.write(older.read_bytes())
            handle.truncate()
    else:
        os.replace(older, outbox_path)
    os.utime(outbox_path, ns=(mtime, mtime))

    third = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    assert ids(outbox) == [first.entry_id, third.entry_id]
    assert ids(Outbox(outbox_path, KEY)) == [first.entry_id, third.entry_id]


def test_a_deleted_file_is_not_resurrected_from_the_cache(outbox_path: Path) -> None:
    outbox = Outbox(outbox_path, KEY)
    outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    outbox_path.unlink()
    assert outbox.entries() == []
    later = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    assert ids(Outbox(outbox_path, KEY)) == [later.entry_id]


def test_changes_do_not_decode_the_file_again(
    outbox_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox(outbox_path, KEY)
    other = Outbox(outbox_path, KEY)
    calls: list[object] = []
    decode = outbox_records.entry_from_json

    def counting_decode(data: Any) -> Any:
        calls.append(data)
        return decode(data)

    monkeypatch.setattr(outbox_records, "entry_from_json", counting_decode)
    entries = [outbox.enqueue(uuid.uuid4(), write(), base_version=0) for _ in range(20)]
    for number, entry in enumerate(entries):
        outbox.mark_sent(entry.entry_id, number + 1)
    outbox.reload()
    assert calls == []
    # Another object re-reads what changed, and nothing else.
    assert len(other.entries()) == 20
    calls.clear()
    outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    assert len(other.entries()) == 21
    assert len(calls) == 1


def test_the_file_stays_bounded_after_many_sent_entries(outbox_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(outbox_path, KEY, clock=clock)
    waiting = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    rejected = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    outbox.mark_rejected(rejected.entry_id, "forbidden")
    sizes = []
    total = 3 * KEEP_FINISHED + 50
    for _ in range(total):
        entry = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
        outbox.mark_sent(entry.entry_id, 1)
        clock.now += dt.timedelta(hours=1)
        sizes.append(outbox_path.stat().st_size)

    kept = outbox.entries()
    finished = [e for e in kept if e.state is EntryState.sent]
    recent_hours = int(KEEP_RECENT / dt.timedelta(hours=1))
    assert KEEP_FINISHED <= len(finished) <= KEEP_FINISHED + recent_hours
    assert waiting.entry_id in ids(outbox)  # never dropped: not sent yet
    assert outbox.get(rejected.entry_id).state is EntryState.rejected  # must be seen
    # Bounded: the file no longer grows with every change sent.
    assert sizes[-1] <= sizes[KEEP_FINISHED + recent_hours] * 1.05
    # The newest ones are the ones kept, and everything still counts as sent.
    assert finished[-1].entry_id == kept[-1].entry_id
    status = summarize(outbox)
    assert (status.sent, status.waiting, status.rejected) == (total, 1, 1)
    reopened = Outbox(outbox_path, KEY, clock=clock)
    assert reopened.entries() == kept
    assert summarize(reopened).sent == total


def test_entries_sent_in_a_bulk_flush_just_now_are_all_kept(outbox_path: Path) -> None:
    outbox = Outbox(outbox_path, KEY, clock=Clock())
    entries = [outbox.enqueue(uuid.uuid4(), write(), base_version=0) for _ in range(150)]
    for entry in entries:
        outbox.mark_sent(entry.entry_id, 1)
    assert [e.entry_id for e in entries] == ids(outbox)  # a screen may still look them up


def test_forget_finished_keeps_the_sent_count(outbox_path: Path) -> None:
    clock = Clock()
    outbox = Outbox(outbox_path, KEY, clock=clock)
    entry = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    outbox.mark_sent(entry.entry_id, 1)
    clock.now += dt.timedelta(days=2)
    assert outbox.forget_finished(dt.timedelta(days=1)) == 1
    assert outbox.entries() == []
    assert summarize(Outbox(outbox_path, KEY)).sent == 1


def test_an_older_copy_that_looks_identical_on_disk_is_still_noticed(outbox_path: Path) -> None:
    """Same inode, same size, same mtime: only the content (its nonce) tells it apart."""
    outbox = Outbox(outbox_path, KEY, clock=Clock())
    first = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    older = outbox_path.read_bytes()
    outbox.mark_rejected(first.entry_id, "x")  # "pending"->"rejected", null->"x": same size
    seen = outbox_path.stat()
    assert seen.st_size == len(older)
    with open(outbox_path, "r+b") as handle:
        handle.write(older)
    os.utime(outbox_path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    assert outbox_path.stat().st_ino == seen.st_ino

    second = outbox.enqueue(uuid.uuid4(), write(), base_version=0)
    assert outbox.get(first.entry_id).state is EntryState.pending
    reopened = Outbox(outbox_path, KEY)
    assert [e.state for e in reopened.entries()] == [EntryState.pending, EntryState.pending]
    assert ids(reopened) == [first.entry_id, second.entry_id]
