"""The outbox file: one AES-GCM envelope (:mod:`consent_common.envelope`) holding every
entry and notice as JSON, replaced atomically and fsynced on every change, under an
exclusive lock shared by every process that uses it.

:class:`OutboxFile` reads the file again only when it is not the one it last read or wrote
(the random nonce of every write identifies its content) and encodes only entries that are
new or changed. A file that cannot be read raises :class:`OutboxUnreadableError`; one of a
newer format :class:`OutboxNewerFormatError`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from consent_app.outbox import aside, records
from consent_app.outbox.model import PRUNABLE, Notice, OutboxEntry, without_change
from consent_common.envelope import NONCE_BYTES, Envelope, EnvelopeError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process at a time
    fcntl = None  # type: ignore[assignment]

_MAGIC = b"NCS1"
_MAGIC_FAMILY = b"NCS"  # followed by the format digit: 1 is this one
FORMAT = 1

Identity = tuple[int, int, int, int]


class OutboxUnreadableError(Exception):
    """The outbox file exists but cannot be read: damaged, its key gone from the keyring, or
    a content of an unexpected shape."""


class OutboxNewerFormatError(Exception):
    """The outbox file was written by a newer version of the app: it is left as it is."""


@dataclasses.dataclass
class State:
    entries: list[OutboxEntry] = dataclasses.field(default_factory=list)
    notices: list[Notice] = dataclasses.field(default_factory=list)
    forgotten_sent: int = 0
    """Sent entries dropped from the file: ``status().sent`` still counts them."""

    def index(self, entry_id: uuid.UUID) -> int:
        for position, entry in enumerate(self.entries):
            if entry.entry_id == entry_id:
                return position
        raise KeyError(str(entry_id))


class OutboxFile:
    """The encrypted file at ``path``, and what this object last read from or wrote to it."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._envelope = Envelope(key, _MAGIC)
        # What the file held when this object last read or wrote it: the nonce of that write
        # (unique per write, so it identifies the content) and its (dev, ino, size, mtime_ns).
        self._nonce: bytes | None = None
        self._identity: Identity | None = None
        self._encoded: dict[int, _Encoded] = {}  # by id() of the entry, which it keeps alive
        self._summary: aside.Summary | None = None  # as last written next to the file

    def forget(self) -> None:
        """The file was moved away: the next read or write starts afresh."""
        self._nonce = self._identity = None
        self._summary = None

    def looks_changed(self) -> bool:
        """Whether the file's inode, size or mtime differ from what this object last saw."""
        try:
            identity: Identity | None = _identity(os.stat(self.path))
        except FileNotFoundError:
            identity = None
        return identity != self._identity

    def read(self, *, force: bool = False) -> State | None:
        """What the file holds, or None when it is still what this object last read or wrote
        (call under :meth:`lock`, or before anyone else can have the file).

        Cheap when nothing changed: the file's header nonce is compared with the nonce of the
        write this object last made or read; only a different file is decrypted and parsed.
        """
        try:
            with open(self.path, "rb") as handle:
                identity = _identity(os.fstat(handle.fileno()))
                head = handle.read(len(_MAGIC) + NONCE_BYTES)
                if not force and self._nonce is not None and head == _MAGIC + self._nonce:
                    self._identity = identity
                    return None
                blob = head + handle.read()
        except FileNotFoundError:
            if force or self._nonce is not None:  # gone behind our back: it holds nothing
                self._nonce = self._identity = None
                return State()
            return None
        nonce, data = self._decrypt(blob)
        state = self._parse(data)
        self._nonce, self._identity = nonce, identity
        return state

    def _decrypt(self, blob: bytes) -> tuple[bytes, dict[str, Any]]:
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

    def _parse(self, data: dict[str, Any]) -> State:
        """The state in ``data``; :class:`OutboxUnreadableError` when it has another shape."""
        try:
            return self._parse_entries(data)
        except (KeyError, TypeError, ValueError, AttributeError):  # ValidationError included
            raise OutboxUnreadableError from None

    def _parse_entries(self, data: dict[str, Any]) -> State:
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
        return State(
            entries=entries,
            notices=[records.notice_from_json(n) for n in data["notices"]],
            forgotten_sent=int(data.get("forgotten_sent", 0)),
        )

    def _serialise(self, state: State) -> bytes:
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
    def lock(self) -> Iterator[None]:
        """Exclusive among processes (and threads: each takes its own descriptor)."""
        if fcntl is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(
            self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600
        )
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def write(self, state: State) -> None:
        """Replace the file with ``state``: encrypted, fsynced, atomically, then the directory
        fsynced; then the summary next to it (:mod:`consent_app.outbox.aside`)."""
        plain = self._serialise(state)
        blob = self._envelope.seal(plain, _MAGIC)
        nonce = self._envelope.nonce_of(blob)
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = directory / f".{self.path.name}.{secrets.token_hex(6)}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
                identity = _identity(os.fstat(handle.fileno()))
            os.replace(temporary, self.path)
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
                aside.write_summary(self.path, summary)
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


def _identity(status: os.stat_result) -> Identity:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _summary(state: State) -> aside.Summary:
    """What may be said about the file without decrypting it, should it become unreadable."""
    unfinished = [e.created_at for e in state.entries if e.state not in PRUNABLE]
    return aside.Summary(
        len(unfinished), min(unfinished, default=None), max(unfinished, default=None)
    )


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
