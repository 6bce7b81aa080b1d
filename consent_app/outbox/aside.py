"""Outbox files that could not be read: set aside, reported, removed once the person says so.

When the outbox file is damaged, its key is gone from the keyring, or its content has an
unexpected shape, the changes in it cannot be sent. The file is renamed next to the outbox
(``store.bin.unreadable-<time>-<random>``) and kept until the person has checked their
choices and acknowledged it (:func:`discard`); until then the app and ``consent-app status``
keep saying so (:func:`find`).

What can be said about such a file without reading it comes from a small summary that the
outbox writes next to itself after every change (:func:`write_summary`): how many changes
were not finished yet and when the first and the last of them were confirmed. It holds counts
and times only, nothing about the person's choices, so it is not encrypted. Does not import
Textual.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import secrets
from pathlib import Path

ASIDE_MARK = ".unreadable-"
SUMMARY_SUFFIX = ".summary"
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclasses.dataclass(frozen=True)
class Summary:
    """Counts and times of the changes an outbox file held (never their content)."""

    unfinished: int
    """Changes not on the server yet: waiting, needing a decision, or refused."""
    first: dt.datetime | None = None
    """When the oldest of them was confirmed."""
    last: dt.datetime | None = None
    """When the newest of them was confirmed."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": 1,
                "unfinished": self.unfinished,
                "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None,
            },
            separators=(",", ":"),
        )


@dataclasses.dataclass(frozen=True)
class UnreadableChanges:
    """One outbox file that was set aside because it could not be read."""

    file: Path
    set_aside_at: dt.datetime
    last_written: dt.datetime
    """When the file was last written (its modification time): the last change is older."""
    summary: Summary | None
    """What it held, when the summary written next to it could be read."""


def summary_path(path: Path) -> Path:
    return path.with_name(path.name + SUMMARY_SUFFIX)


def write_summary(path: Path, summary: Summary) -> None:
    """Write the summary of the outbox at ``path`` next to it (atomic; not fsynced: it only
    describes the outbox, which is)."""
    target = summary_path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(summary.to_json())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def read_summary(path: Path) -> Summary | None:
    """The summary written for the outbox at ``path``; None when missing or unreadable."""
    try:
        data = json.loads(summary_path(path).read_text(encoding="utf-8"))
        first, last = data["first"], data["last"]
        return Summary(
            unfinished=int(data["unfinished"]),
            first=dt.datetime.fromisoformat(first) if first else None,
            last=dt.datetime.fromisoformat(last) if last else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def set_aside(path: Path, now: dt.datetime) -> Path:
    """Rename the unreadable outbox at ``path`` (and its summary) so it is kept, never
    overwritten; returns the new name."""
    stamp = now.astimezone(dt.UTC).strftime(_STAMP)
    aside = path.with_name(f"{path.name}{ASIDE_MARK}{stamp}-{secrets.token_hex(3)}")
    os.replace(path, aside)
    with contextlib.suppress(FileNotFoundError):
        os.replace(summary_path(path), summary_path(aside))
    return aside


def find(path: Path) -> list[UnreadableChanges]:
    """Every file set aside next to the outbox at ``path``, oldest first."""
    try:
        names = sorted(os.listdir(path.parent))
    except OSError:
        return []
    found = []
    prefix = path.name + ASIDE_MARK
    for name in names:
        if not name.startswith(prefix) or name.endswith(SUMMARY_SUFFIX):
            continue
        file = path.with_name(name)
        try:
            written = dt.datetime.fromtimestamp(file.stat().st_mtime, dt.UTC)
        except OSError:
            continue
        found.append(
            UnreadableChanges(
                file=file,
                set_aside_at=_set_aside_time(name[len(prefix) :]) or written,
                last_written=written,
                summary=read_summary(file),
            )
        )
    return sorted(found, key=lambda item: item.set_aside_at)


def discard(path: Path) -> int:
    """Remove every file set aside next to the outbox at ``path``; returns how many."""
    removed = 0
    for item in find(path):
        with contextlib.suppress(FileNotFoundError):
            item.file.unlink()
            removed += 1
        with contextlib.suppress(FileNotFoundError):
            summary_path(item.file).unlink()
    return removed


def _set_aside_time(tail: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(tail.split("-", 1)[0], _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None  # an older name (random suffix only): the caller uses the file's time
