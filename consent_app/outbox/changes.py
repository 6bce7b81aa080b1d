"""What each change does to the outbox's entries and notices: functions on a :class:`State`.

:class:`~consent_app.outbox.store.Outbox` runs each of them on a copy of its state, under
its thread and file locks, and writes the result; here is only how a change moves the
entries from one state to the next (docs/outbox.md). ``clock`` stamps what changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from api_client.models import Inform, PreferenceChoices, Preferences, PreferenceWrite
from consent_app import conflicts
from consent_app.outbox.file import State
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

Clock = Callable[[], dt.datetime]

KEEP_FINISHED = 100
"""Sent and withdrawn entries kept at least: the newest this many (see :data:`KEEP_RECENT`)."""
KEEP_RECENT = dt.timedelta(days=1)
"""... and every sent or withdrawn entry that finished less than this long ago. Older ones
beyond :data:`KEEP_FINISHED` are dropped when the file is written, so it stays bounded."""


def enqueue(
    state: State,
    clock: Clock,
    subject_id: uuid.UUID,
    write: PreferenceWrite,
    *,
    base_version: int,
    base: PreferenceChoices | None,
    account_id: uuid.UUID | None,
) -> OutboxEntry:
    """A new pending entry, following the subject's last unfinished one."""
    earlier = [e for e in state.entries if e.subject_id == subject_id]
    unfinished = [e for e in earlier if e.state in UNFINISHED]
    previous = unfinished[-1] if unfinished else None
    now = clock()
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


def mark_sent(
    state: State, clock: Clock, sent: Sequence[tuple[uuid.UUID, int]]
) -> list[OutboxEntry]:
    """Each entry is on the server as that version; its followers go on top of it."""
    marked = []
    for entry_id, version in sent:
        done = replace(state, clock, entry_id, state=EntryState.sent, result_version=version)
        for follower in _followers(state, entry_id):
            attempt = Attempt(follower.write, version, follower.idempotency_key)
            replace(state, clock, follower.entry_id, attempt=attempt)
        marked.append(done)
    return marked


def mark_rejected(state: State, clock: Clock, entry_id: uuid.UUID, code: str) -> OutboxEntry:
    """Refused by the server, and with it every change that followed it."""
    for follower in _followers(state, entry_id):
        replace(state, clock, follower.entry_id, state=EntryState.rejected, rejected_code=code)
    return replace(state, clock, entry_id, state=EntryState.rejected, rejected_code=code)


def reapply(
    state: State, clock: Clock, entry_id: uuid.UUID, write: PreferenceWrite, current: Preferences
) -> Notice:
    """Send ``write`` (the person's protective change) on top of ``current``; tell them."""
    entry = state.entries[state.index(entry_id)]
    key = derive_key(entry.idempotency_key, current.version, write)
    replace(state, clock, entry_id, attempt=Attempt(write, current.version, key))
    kind = (
        NoticeKind.reapplied_no
        if write.inform is Inform.no and current.inform is not Inform.no
        else NoticeKind.reapplied
    )
    notice = Notice(uuid.uuid4(), entry.subject_id, entry_id, kind, current.version, clock())
    state.notices.append(notice)
    return notice


def resolve(
    state: State, clock: Clock, entry_id: uuid.UUID, choice: conflicts.MergeChoice
) -> OutboxEntry:
    """Carry out the person's decision on an entry that needs one."""
    entry = state.entries[state.index(entry_id)]
    if entry.state is not EntryState.needs_decision or entry.current is None:
        raise ValueError("this change does not wait for a decision")
    current = entry.current
    merged = conflicts.merge(entry.outgoing().write, current, choice, base=entry.base)
    if merged is None:
        for follower in _followers(state, entry_id):
            replace(
                state, clock, follower.entry_id, state=EntryState.needs_decision, current=current
            )
        return replace(state, clock, entry_id, state=EntryState.withdrawn)
    key = derive_key(entry.idempotency_key, current.version, merged)
    return replace(
        state,
        clock,
        entry_id,
        state=EntryState.pending,
        attempt=Attempt(merged, current.version, key, decided=True),
        current=None,
    )


def forget_finished(state: State, clock: Clock, older_than: dt.timedelta) -> int:
    """Drop sent, withdrawn and rejected entries last changed before ``older_than`` ago."""
    limit = clock() - older_than
    keep = [
        e for e in state.entries if e.state in UNFINISHED or (e.updated_at or e.created_at) >= limit
    ]
    dropped = len(state.entries) - len(keep)
    state.forgotten_sent += _count_sent(state.entries) - _count_sent(keep)
    state.entries = keep
    return dropped


def replace(state: State, clock: Clock, entry_id: uuid.UUID, /, **changes: Any) -> OutboxEntry:
    """The entry with ``changes``; a finished one no longer carries the change itself."""
    position = state.index(entry_id)
    updated = dataclasses.replace(state.entries[position], **changes, updated_at=clock())
    if updated.state in PRUNABLE:
        updated = without_change(updated)
    state.entries[position] = updated
    return updated


def _count_sent(entries: list[OutboxEntry]) -> int:
    return sum(1 for e in entries if e.state is EntryState.sent)


def prune(state: State, now: dt.datetime) -> None:
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


def _followers(state: State, entry_id: uuid.UUID) -> list[OutboxEntry]:
    return [e for e in state.entries if e.follows == entry_id and e.state in UNFINISHED]


def _choices(document: PreferenceChoices) -> PreferenceChoices:
    return PreferenceChoices.model_validate(
        document.model_dump(include=set(PreferenceChoices.model_fields))
    )


def _previous_choices(previous: OutboxEntry | None) -> PreferenceChoices | None:
    return _choices(previous.outgoing().write) if previous is not None else None


def copy_state(state: State) -> State:
    return State(list(state.entries), list(state.notices), state.forgotten_sent)
