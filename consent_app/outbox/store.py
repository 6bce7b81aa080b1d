"""The outbox itself: confirmed changes in order, in one encrypted file, with their states.

A change is written here (encrypted, fsynced, atomically replaced) *before* any request, with
the idempotency key and base version it will be sent with on every attempt, so neither a
crash, a kill nor a lost answer can lose it or make it count twice. See docs/outbox.md.

The AES-GCM key lives in the OS keyring (:mod:`consent_app.outbox.keys`). When no keyring
works the outbox stays in memory only and says so (:attr:`Outbox.durable`), so the person can
be told that closing the app loses what was not sent: never a plaintext file. A file that
cannot be read is set aside and reported (:mod:`consent_app.outbox.aside`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import keyring.backend

from api_client.models import Inform, PreferenceChoices, Preferences, PreferenceWrite
from consent_app import conflicts
from consent_app.outbox import aside, records
from consent_app.outbox.keys import forget_key, load_key
from consent_app.outbox.model import (
    PRUNABLE,
    UNFINISHED,
    Attempt,
    EntryState,
    Notice,
    NoticeKind,
    OutboxEntry,
    derive_key,
    without_change,
)
from consent_app.settings import data_dir
from consent_common.envelope import NONCE_BYTES, Envelope, EnvelopeError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process at a time
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

FILE_NAME = "store.bin"
_MAGIC = b"NCS1"
_MAGIC_FAMILY = b"NCS"  # followed by the format digit: 1 is this one
FORMAT = 1

KEEP_FINISHED = 100
"""Sent and withdrawn entries kept at least: the newest this many (see :data:`KEEP_RECENT`)."""
KEEP_RECENT = dt.timedelta(days=1)
"""... and every sent or withdrawn entry that finished less than this long ago. Older ones
beyond :data:`KEEP_FINISHED` are dropped when the file is written, so it stays bounded."""


class OutboxUnreadableError(Exception):
    """The outbox file exists but cannot be read: damaged, its key gone from the keyring, or
    a content of an unexpected shape."""


class OutboxNewerFormatError(Exception):
    """The outbox file was written by a newer version of the app: it is left as it is."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the outbox ------------------------------------------------------------------------------


@dataclasses.dataclass
class _State:
    entries: list[OutboxEntry] = dataclasses.field(default_factory=list)
    notices: list[Notice] = dataclasses.field(default_factory=list)
    forgotten_sent: int = 0
    """Sent entries dropped from the file: ``status().sent`` still counts them."""

    def index(self, entry_id: uuid.UUID) -> int:
        for position, entry in enumerate(self.entries):
            if entry.entry_id == entry_id:
                return position
        raise KeyError(str(entry_id))


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
        self._path = path
        self._envelope = Envelope(key, _MAGIC) if key is not None else None
        self._clock = clock
        self._lock = threading.RLock()
        self._state = _State()
        # What the file held when this object last read or wrote it: the nonce of that write
        # (unique per write, so it identifies the content) and its (ino, size, mtime_ns).
        self._nonce: bytes | None = None
        self._identity: tuple[int, int, int, int] | None = None
        self._encoded: dict[int, _Encoded] = {}  # by id() of the entry, which it keeps alive
        self.unreadable_file = unreadable_file
        """Where an outbox file that could not be read was moved aside by this object."""
        self.location = path
        """Where the outbox file is (also when it could not be used): set-aside files and a
        newer version's file are looked for next to it."""
        self.newer_format_file: Path | None = None
        """An outbox file of a newer app version, left untouched (this object is in memory)."""
        self._summary: aside.Summary | None = None  # as last written next to the file
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
        return self._path is not None and self._envelope is not None

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
        if not self.durable:
            return False
        assert self._path is not None
        with self._lock, self._file_lock():
            try:
                self._refresh()
            except (OutboxUnreadableError, OutboxNewerFormatError):
                return False  # reported and handled at the next start
            state = self._state
            if state.notices or any(e.state not in PRUNABLE for e in state.entries):
                return False
            for file in (self._path, aside.summary_path(self._path)):
                file.unlink(missing_ok=True)
            forget_key(self._keyring)
            self._path, self._envelope = None, None
            self._state = _State()
        return True

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the file if another process changed it since this object last saw it."""
        if self.durable:
            with self._lock, self._file_lock():
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

    # --- changing ----------------------------------------------------------------------------

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

        def change(state: _State) -> OutboxEntry:
            earlier = [e for e in state.entries if e.subject_id == subject_id]
            unfinished = [e for e in earlier if e.state in UNFINISHED]
            previous = unfinished[-1] if unfinished else None
            now = self._clock()
            entry = OutboxEntry(
                entry_id=uuid.uuid4(),
                subject_id=subject_id,
                write=write,
                base_version=base_version,
                idempotency_key=str(uuid.uuid4()),
                created_at=now,
                account_id=account_id,
                base=_choices(base) if base is not None else _previous_choices(previous),
                follows=previous.entry_id if previous is not None else None,
                updated_at=now,
            )
            state.entries.append(entry)
            return entry

        return self._change(change)

    def mark_sent(self, entry_id: uuid.UUID, version: int) -> OutboxEntry:
        """The server holds this entry as ``version``; the next one goes on top of it."""

        def change(state: _State) -> OutboxEntry:
            done = self._replace(state, entry_id, state=EntryState.sent, result_version=version)
            for follower in _followers(state, entry_id):
                attempt = Attempt(follower.write, version, follower.idempotency_key)
                self._replace(state, follower.entry_id, attempt=attempt)
            return done

        return self._change(change)

    def mark_needs_decision(self, entry_id: uuid.UUID, current: Preferences) -> OutboxEntry:
        return self._change(
            lambda state: self._replace(
                state, entry_id, state=EntryState.needs_decision, current=current
            )
        )

    def mark_rejected(self, entry_id: uuid.UUID, code: str) -> OutboxEntry:
        def change(state: _State) -> OutboxEntry:
            for follower in _followers(state, entry_id):
                self._replace(
                    state, follower.entry_id, state=EntryState.rejected, rejected_code=code
                )
            return self._replace(state, entry_id, state=EntryState.rejected, rejected_code=code)

        return self._change(change)

    def reapply(self, entry_id: uuid.UUID, write: PreferenceWrite, current: Preferences) -> Notice:
        """Send ``write`` (the person's protective change) on top of ``current``; tell them."""

        def change(state: _State) -> Notice:
            entry = state.entries[state.index(entry_id)]
            key = derive_key(entry.idempotency_key, current.version, write)
            self._replace(state, entry_id, attempt=Attempt(write, current.version, key))
            kind = (
                NoticeKind.reapplied_no
                if write.inform is Inform.no and current.inform is not Inform.no
                else NoticeKind.reapplied
            )
            notice = Notice(
                uuid.uuid4(), entry.subject_id, entry_id, kind, current.version, self._clock()
            )
            state.notices.append(notice)
            return notice

        return self._change(change)

    def resolve(self, entry_id: uuid.UUID, choice: conflicts.MergeChoice) -> OutboxEntry:
        """Carry out the person's decision on an entry that needs one."""

        def change(state: _State) -> OutboxEntry:
            entry = state.entries[state.index(entry_id)]
            if entry.state is not EntryState.needs_decision or entry.current is None:
                raise ValueError("this change does not wait for a decision")
            current = entry.current
            merged = conflicts.merge(entry.outgoing().write, current, choice, base=entry.base)
            if merged is None:
                for follower in _followers(state, entry_id):
                    self._replace(
                        state, follower.entry_id, state=EntryState.needs_decision, current=current
                    )
                return self._replace(state, entry_id, state=EntryState.withdrawn)
            key = derive_key(entry.idempotency_key, current.version, merged)
            return self._replace(
                state,
                entry_id,
                state=EntryState.pending,
                attempt=Attempt(merged, current.version, key, decided=True),
                current=None,
            )

        return self._change(change)

    def acknowledge(self, notice_id: uuid.UUID) -> None:
        """The person has seen this notice."""

        def change(state: _State) -> None:
            state.notices = [n for n in state.notices if n.notice_id != notice_id]

        self._change(change)

    def forget_finished(self, older_than: dt.timedelta) -> int:
        """Drop sent, withdrawn and rejected entries last changed before ``older_than`` ago."""

        def change(state: _State) -> int:
            limit = self._clock() - older_than
            keep = [
                e
                for e in state.entries
                if e.state in UNFINISHED or (e.updated_at or e.created_at) >= limit
            ]
            dropped = len(state.entries) - len(keep)
            state.forgotten_sent += _count_sent(state.entries) - _count_sent(keep)
            state.entries = keep
            return dropped

        return self._change(change)

    # --- internals ---------------------------------------------------------------------------

    def _replace(self, store: _State, entry_id: uuid.UUID, /, **changes: Any) -> OutboxEntry:
        position = store.index(entry_id)
        updated = dataclasses.replace(store.entries[position], **changes, updated_at=self._clock())
        if updated.state in PRUNABLE:
            updated = without_change(updated)
        store.entries[position] = updated
        return updated

    def _change(self, change: Callable[[_State], T]) -> T:
        """Change the current state and write it back durably, under the thread and file
        locks. The file is re-read first only when it is not the one this object last saw."""
        with self._lock, self._file_lock():
            if self.durable:
                self._refresh_before_change()
            state = _copy_state(self._state)
            result = change(state)
            _prune(state, self._clock())
            if self.durable:
                self._write(state)
            self._state = state
            return result

    def _refresh_before_change(self) -> None:
        """:meth:`_refresh`; a file that became unreadable since it was last seen is set aside
        and what this object last saw is written anew (the most that can be kept)."""
        assert self._path is not None
        try:
            self._refresh()
        except OutboxUnreadableError:
            self.unreadable_file = aside.set_aside(self._path, self._clock())
            self._nonce = self._identity = None
            self._summary = None
        except OutboxNewerFormatError:  # a newer app wrote it meanwhile: leave it alone
            self.newer_format_file = self._path
            self._path = None

    def _refresh(self, *, force: bool = False) -> None:
        """Make ``_state`` what the file holds (call under the file lock, or at construction).

        Cheap when nothing changed: the file's header nonce is compared with the nonce of the
        write this object last made or read; only a different file is decrypted and parsed.
        """
        assert self._path is not None
        try:
            with open(self._path, "rb") as handle:
                identity = _identity(os.fstat(handle.fileno()))
                head = handle.read(len(_MAGIC) + NONCE_BYTES)
                if not force and self._nonce is not None and head == _MAGIC + self._nonce:
                    self._identity = identity
                    return
                blob = head + handle.read()
        except FileNotFoundError:
            if force or self._nonce is not None:  # gone behind our back: it holds nothing
                self._adopt(_State(), None, None)
            return
        nonce, data = self._decrypt(blob)
        self._adopt(self._parse(data), nonce, identity)

    def _refresh_for_reading(self) -> None:
        """Re-read without waiting for the file lock, when the file looks different.

        ``os.replace`` is atomic, so an unlocked read sees a whole file. A file that cannot be
        read now leaves the cache as it is: the next change reports it.
        """
        if not self.durable:
            return
        assert self._path is not None
        try:
            identity: tuple[int, int, int, int] | None = _identity(os.stat(self._path))
        except FileNotFoundError:
            identity = None
        if identity == self._identity:
            return
        with contextlib.suppress(OutboxUnreadableError, OutboxNewerFormatError, OSError):
            self._refresh()

    def _adopt(
        self, state: _State, nonce: bytes | None, identity: tuple[int, int, int, int] | None
    ) -> None:
        self._state, self._nonce, self._identity = state, nonce, identity

    def _decrypt(self, blob: bytes) -> tuple[bytes, dict[str, Any]]:
        assert self._envelope is not None
        version = blob[len(_MAGIC_FAMILY) : len(_MAGIC)]
        if blob.startswith(_MAGIC_FAMILY) and version.isdigit() and int(version) > FORMAT:
            raise OutboxNewerFormatError
        try:
            data = json.loads(self._envelope.open(blob, _MAGIC))
        except (EnvelopeError, ValueError):
            raise OutboxUnreadableError from None
        nonce = self._envelope.nonce_of(blob)
        if not isinstance(data, dict):
            raise OutboxUnreadableError
        found = data.get("format")
        if isinstance(found, int) and not isinstance(found, bool) and found > FORMAT:
            raise OutboxNewerFormatError
        if found != FORMAT:
            raise OutboxUnreadableError
        return nonce, data

    def _parse(self, data: dict[str, Any]) -> _State:
        """The state in ``data``; :class:`OutboxUnreadableError` when it has another shape."""
        try:
            return self._parse_entries(data)
        except (KeyError, TypeError, ValueError, AttributeError):  # ValidationError included
            raise OutboxUnreadableError from None

    def _parse_entries(self, data: dict[str, Any]) -> _State:
        """The state in ``data``; entries identical to ones already decoded are reused as they
        are (no pydantic validation), so re-reading after another process's change is cheap."""
        by_id = {known.data["id"]: known for known in self._encoded.values()}
        encoded: dict[int, _Encoded] = {}
        entries = []
        for item in data["entries"]:
            known = by_id.get(item["id"])
            if known is not None and known.data == item:
                entry = known.entry
            else:
                entry = records.entry_from_json(item)
                known = _Encoded(entry, item)
            if entry.state in PRUNABLE and item["write"] is not None:
                entry = without_change(entry)  # an older file: written again without it
            else:
                encoded[id(entry)] = known
            entries.append(entry)
        self._encoded = encoded
        return _State(
            entries=entries,
            notices=[records.notice_from_json(n) for n in data["notices"]],
            forgotten_sent=int(data.get("forgotten_sent", 0)),
        )

    def _serialise(self, state: _State) -> bytes:
        """The file's plaintext; only entries that are new or changed are encoded again."""
        encoded: dict[int, _Encoded] = {}
        parts = []
        for entry in state.entries:
            known = self._encoded.get(id(entry))
            if known is None or known.entry is not entry:
                known = _Encoded(entry, records.entry_to_json(entry))
            encoded[id(entry)] = known
            parts.append(known.encoded())
        self._encoded = encoded
        notices = json.dumps(
            [records.notice_to_json(n) for n in state.notices], separators=(",", ":")
        )
        return b"".join(
            [
                b'{"format":1,"entries":[',
                b",".join(parts),
                f'],"notices":{notices},"forgotten_sent":{int(state.forgotten_sent)}}}'.encode(),
            ]
        )

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        if not self.durable or fcntl is None:
            yield
            return
        assert self._path is not None
        self._path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(
            self._path.with_name(self._path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600
        )
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def _write(self, state: _State) -> None:
        assert self._path is not None and self._envelope is not None
        plain = self._serialise(state)
        blob = self._envelope.seal(plain, _MAGIC)
        nonce = self._envelope.nonce_of(blob)
        directory = self._path.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = directory / f".{self._path.name}.{secrets.token_hex(6)}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
                identity = _identity(os.fstat(handle.fileno()))
            os.replace(temporary, self._path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
        # The file is now ours: remember it, so the next change does not read it back. (Should
        # the directory fsync fail, the old cache and nonce stay and the file is re-read.)
        _fsync_directory(directory)
        self._nonce, self._identity = nonce, identity
        summary = _summary(state)
        if summary != self._summary:
            with contextlib.suppress(OSError):  # it only describes the file, which is safe
                aside.write_summary(self._path, summary)
                self._summary = summary


@dataclasses.dataclass
class _Encoded:
    """An entry with its JSON form, as written to or read from the file (entries are
    immutable, so an entry object that is still in the state never needs encoding again)."""

    entry: OutboxEntry
    data: dict[str, Any]
    _encoded: bytes | None = None

    def encoded(self) -> bytes:
        if self._encoded is None:
            self._encoded = json.dumps(self.data, separators=(",", ":")).encode()
        return self._encoded


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _summary(state: _State) -> aside.Summary:
    """What may be said about the file without decrypting it, should it become unreadable."""
    unfinished = [e.created_at for e in state.entries if e.state not in PRUNABLE]
    return aside.Summary(
        len(unfinished), min(unfinished, default=None), max(unfinished, default=None)
    )


def _count_sent(entries: list[OutboxEntry]) -> int:
    return sum(1 for e in entries if e.state is EntryState.sent)


def _prune(state: _State, now: dt.datetime) -> None:
    """Drop sent and withdrawn entries beyond the newest :data:`KEEP_FINISHED` that finished
    more than :data:`KEEP_RECENT` ago; the file stays bounded. Rejected entries stay."""
    finished = [e for e in state.entries if e.state in PRUNABLE]
    if len(finished) <= KEEP_FINISHED:
        return
    limit = now - KEEP_RECENT
    if all((e.updated_at or e.created_at) >= limit for e in finished):
        return  # a bulk flush just now: nothing is old enough yet
    finished.sort(key=lambda e: e.updated_at or e.created_at, reverse=True)
    drop = {id(e) for e in finished[KEEP_FINISHED:] if (e.updated_at or e.created_at) < limit}
    if drop:
        keep = [e for e in state.entries if id(e) not in drop]
        state.forgotten_sent += _count_sent(state.entries) - _count_sent(keep)
        state.entries = keep


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _followers(state: _State, entry_id: uuid.UUID) -> list[OutboxEntry]:
    return [e for e in state.entries if e.follows == entry_id and e.state in UNFINISHED]


def _choices(document: PreferenceChoices) -> PreferenceChoices:
    return PreferenceChoices.model_validate(
        document.model_dump(include=set(PreferenceChoices.model_fields))
    )


def _previous_choices(previous: OutboxEntry | None) -> PreferenceChoices | None:
    return _choices(previous.outgoing().write) if previous is not None else None


def _copy_state(state: _State) -> _State:
    return _State(list(state.entries), list(state.notices), state.forgotten_sent)
