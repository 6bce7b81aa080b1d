"""The outbox itself: confirmed changes in order, in one encrypted file, with their states.

A change is written here (encrypted, fsynced, atomically replaced) *before* any request, with
the idempotency key and base version it will be sent with on every attempt, so neither a
crash, a kill nor a lost answer can lose it or make it count twice. See docs/outbox.md.

The file itself is :mod:`consent_app.outbox.file`; its AES-GCM key lives in the OS keyring
(:mod:`consent_app.outbox.keys`). When no keyring works the outbox stays in memory only and
says so (:attr:`Outbox.durable`), so the person can be told that closing the app loses what
was not sent: never a plaintext file. A file that cannot be read is set aside and reported
(:mod:`consent_app.outbox.aside`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import keyring.backend

from api_client.models import PreferenceChoices, Preferences, PreferenceWrite
from consent_app import conflicts
from consent_app.outbox import aside, changes
from consent_app.outbox.file import (
    OutboxFile,
    OutboxNewerFormatError,
    OutboxUnreadableError,
    State,
)
from consent_app.outbox.keys import forget_key, load_key
from consent_app.outbox.model import (
    PRUNABLE,
    UNFINISHED,
    EntryState,
    Notice,
    OutboxEntry,
)
from consent_app.settings import data_dir

T = TypeVar("T")

FILE_NAME = "store.bin"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the outbox ------------------------------------------------------------------------------


class Outbox:
    """Confirmed changes in order, each with its idempotency key and base version.

    Thread-safe; several processes may share one file: each change checks under an
    exclusive lock whether the file is still the one this object last wrote or read (by the
    random nonce every write puts in its header) and re-reads it when not, and every read
    re-reads it when its inode, size or mtime changed. Build with :meth:`open` (durable when a
    keyring works) or :meth:`in_memory`.
    """

    def __init__(
        self,
        path: Path | None,
        key: bytes | None,
        *,
        clock: Callable[[], dt.datetime] = _now,
        unreadable_file: Path | None = None,
    ) -> None:
        self._file = OutboxFile(path, key) if path is not None and key is not None else None
        self._clock = clock
        self._lock = threading.RLock()
        self._state = State()
        self.unreadable_file = unreadable_file
        """Where an outbox file that could not be read was moved aside by this object."""
        self.location = path
        """Where the outbox file is (also when it could not be used): set-aside files and a
        newer version's file are looked for next to it."""
        self.newer_format_file: Path | None = None
        """An outbox file of a newer app version, left untouched (this object is in memory)."""
        self._keyring: keyring.backend.KeyringBackend | None = None  # given to open()
        if self.durable:
            self._refresh(force=True)

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        keyring_backend: keyring.backend.KeyringBackend | None = None,
        clock: Callable[[], dt.datetime] = _now,
    ) -> Outbox:
        """The outbox at ``path`` (default: the app's data directory), keyed by the keyring.

        Falls back to memory only (``durable`` False) when no keyring backend works. A file
        that cannot be decrypted (its key is gone) is moved aside, never overwritten.
        """
        path = path or data_dir() / FILE_NAME
        key = load_key(keyring_backend, create=True)
        if key is None:
            return cls.in_memory(clock=clock)
        try:
            outbox = cls(path, key, clock=clock)
        except OutboxUnreadableError:
            moved = aside.set_aside(path, clock())
            outbox = cls(path, key, clock=clock, unreadable_file=moved)
        except OutboxNewerFormatError:
            outbox = cls.in_memory(clock=clock)
            outbox.location = outbox.newer_format_file = path
        outbox._keyring = keyring_backend
        return outbox

    @classmethod
    def in_memory(cls, *, clock: Callable[[], dt.datetime] = _now) -> Outbox:
        return cls(None, None, clock=clock)

    @property
    def durable(self) -> bool:
        """False: changes live in memory only and are lost when the app closes."""
        return self._file is not None

    # --- files that could not be read ----------------------------------------------------------

    def unreadable(self) -> list[aside.UnreadableChanges]:
        """Outbox files set aside because they could not be read, oldest first. Until the
        person acknowledges them (:meth:`discard_unreadable`) they must be told about them."""
        return aside.find(self.location) if self.location is not None else []

    def discard_unreadable(self) -> int:
        """The person checked their choices: remove the set-aside files; returns how many."""
        return aside.discard(self.location) if self.location is not None else 0

    def erase_if_idle(self) -> bool:
        """When nothing waits (every entry sent or withdrawn, no notice unread): remove the
        file, its summary and the key from the keyring, so nothing of it stays on this
        computer; this object is in memory from then on. For an app closing without
        "remember me". False (and nothing removed) when something still waits."""
        file = self._file
        if file is None:
            return False
        with self._lock, file.lock():
            try:
                self._refresh()
            except (OutboxUnreadableError, OutboxNewerFormatError):
                return False  # reported and handled at the next start
            state = self._state
            if state.notices or any(e.state not in PRUNABLE for e in state.entries):
                return False
            for path in (file.path, aside.summary_path(file.path)):
                path.unlink(missing_ok=True)
            forget_key(self._keyring)
            self._file = None
            self._state = State()
        return True

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the file if another process changed it since this object last saw it."""
        if self._file is not None:
            with self._lock, self._file.lock():
                self._refresh()

    def entries(self, subject_id: uuid.UUID | None = None) -> list[OutboxEntry]:
        """Every entry in the order it was confirmed, optionally for one subject."""
        with self._lock:
            self._refresh_for_reading()
            found = list(self._state.entries)
        return [e for e in found if subject_id is None or e.subject_id == subject_id]

    def get(self, entry_id: uuid.UUID) -> OutboxEntry:
        with self._lock:
            self._refresh_for_reading()
            return self._state.entries[self._state.index(entry_id)]

    @property
    def forgotten_sent(self) -> int:
        """How many sent entries were dropped from the outbox (they still count as sent)."""
        with self._lock:
            self._refresh_for_reading()
            return self._state.forgotten_sent

    def waiting_for(self, subject_id: uuid.UUID) -> list[OutboxEntry]:
        return [e for e in self.entries(subject_id) if e.state is EntryState.pending]

    def needs_decision(self) -> list[OutboxEntry]:
        return [e for e in self.entries() if e.state is EntryState.needs_decision]

    def latest_write(self, subject_id: uuid.UUID) -> PreferenceWrite | None:
        """The newest change not yet on the server: what a new edit should start from."""
        unsent = [e for e in self.entries(subject_id) if e.state in UNFINISHED]
        return unsent[-1].outgoing().write if unsent else None

    def next_to_send(self, account_id: uuid.UUID | None = None) -> list[OutboxEntry]:
        """Per subject, the oldest unfinished entry, when it can be sent now."""
        heads: dict[uuid.UUID, OutboxEntry] = {}
        for entry in self.entries():
            if entry.state in UNFINISHED and entry.subject_id not in heads:
                heads[entry.subject_id] = entry
        return [
            entry
            for entry in heads.values()
            if entry.ready and (entry.account_id in (None, account_id) or account_id is None)
        ]

    def notices(self) -> list[Notice]:
        with self._lock:
            self._refresh_for_reading()
            return list(self._state.notices)

    # --- changing (what each change does: :mod:`consent_app.outbox.changes`) ------------------

    def enqueue(
        self,
        subject_id: uuid.UUID,
        write: PreferenceWrite,
        *,
        base_version: int,
        base: PreferenceChoices | None = None,
        account_id: uuid.UUID | None = None,
    ) -> OutboxEntry:
        """Keep a confirmed change; returns once it is on disk (when durable)."""
        return self._change(
            lambda state: changes.enqueue(
                state,
                self._clock,
                subject_id,
                write,
                base_version=base_version,
                base=base,
                account_id=account_id,
            )
        )

    def mark_sent(self, entry_id: uuid.UUID, version: int) -> OutboxEntry:
        """The server holds this entry as ``version``; the next one goes on top of it."""
        (done,) = self.mark_sent_many([(entry_id, version)])
        return done

    def mark_sent_many(self, sent: Sequence[tuple[uuid.UUID, int]]) -> list[OutboxEntry]:
        """:meth:`mark_sent` for several entries, in one durable write of the file."""
        return self._change(lambda state: changes.mark_sent(state, self._clock, sent))

    def mark_needs_decision(self, entry_id: uuid.UUID, current: Preferences) -> OutboxEntry:
        return self._change(
            lambda state: changes.replace(
                state, self._clock, entry_id, state=EntryState.needs_decision, current=current
            )
        )

    def mark_rejected(self, entry_id: uuid.UUID, code: str) -> OutboxEntry:
        return self._change(lambda state: changes.mark_rejected(state, self._clock, entry_id, code))

    def reapply(self, entry_id: uuid.UUID, write: PreferenceWrite, current: Preferences) -> Notice:
        """Send ``write`` (the person's protective change) on top of ``current``; tell them."""
        return self._change(
            lambda state: changes.reapply(state, self._clock, entry_id, write, current)
        )

    def resolve(self, entry_id: uuid.UUID, choice: conflicts.MergeChoice) -> OutboxEntry:
        """Carry out the person's decision on an entry that needs one."""
        return self._change(lambda state: changes.resolve(state, self._clock, entry_id, choice))

    def acknowledge(self, notice_id: uuid.UUID) -> None:
        """The person has seen this notice."""

        def change(state: State) -> None:
            state.notices = [n for n in state.notices if n.notice_id != notice_id]

        self._change(change)

    def forget_finished(self, older_than: dt.timedelta) -> int:
        """Drop sent, withdrawn and rejected entries last changed before ``older_than`` ago."""
        return self._change(lambda state: changes.forget_finished(state, self._clock, older_than))

    # --- internals ---------------------------------------------------------------------------

    def _change(self, change: Callable[[State], T]) -> T:
        """Change the current state and write it back durably, under the thread and file
        locks. The file is re-read first only when it is not the one this object last saw."""
        with self._lock, self._file_lock():
            if self._file is not None:
                self._refresh_before_change(self._file)
            state = changes.copy_state(self._state)
            result = change(state)
            changes.prune(state, self._clock())
            if self._file is not None:
                self._file.write(state)
            self._state = state
            return result

    def _file_lock(self) -> contextlib.AbstractContextManager[None]:
        return self._file.lock() if self._file is not None else contextlib.nullcontext()

    def _refresh_before_change(self, file: OutboxFile) -> None:
        """:meth:`_refresh`; a file that became unreadable since it was last seen is set aside
        and what this object last saw is written anew (the most that can be kept)."""
        try:
            self._refresh()
        except OutboxUnreadableError:
            self.unreadable_file = aside.set_aside(file.path, self._clock())
            file.forget()
        except OutboxNewerFormatError:  # a newer app wrote it meanwhile: leave it alone
            self.newer_format_file = file.path
            self._file = None

    def _refresh(self, *, force: bool = False) -> None:
        """Make ``_state`` what the file holds (under the file lock, or at construction)."""
        assert self._file is not None
        state = self._file.read(force=force)
        if state is not None:
            self._state = state

    def _refresh_for_reading(self) -> None:
        """Re-read without waiting for the file lock, when the file looks different.

        ``os.replace`` is atomic, so an unlocked read sees a whole file. A file that cannot be
        read now leaves the cache as it is: the next change reports it.
        """
        if self._file is None or not self._file.looks_changed():
            return
        with contextlib.suppress(OutboxUnreadableError, OutboxNewerFormatError, OSError):
            self._refresh()
