"""The outbox's entries and notices: immutable values, and what each state means.

The field metadata (``Field(alias=...)``, :data:`Change`) is how they are written in the
outbox file; :mod:`consent_app.outbox.records` lets pydantic do that mapping.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import uuid
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer

from api_client.models import PreferenceChoices, Preferences, PreferenceWrite
from consent_app.i18n import _

_KEY_NAMESPACE = uuid.UUID("6f0b7a56-4f1e-4d55-9d8e-0a4b1c7e2d31")


class EntryState(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    pending = "pending"
    """Waiting to be sent (or being sent)."""
    sent = "sent"
    """The server holds it: ``result_version``."""
    needs_decision = "needs_decision"
    """Someone else changed the record first; ``current`` is what the server holds now."""
    withdrawn = "withdrawn"
    """The person chose to keep the current state instead (keep_theirs)."""
    rejected = "rejected"
    """The server refused for good (no permission, unknown record): ``rejected_code``."""


UNFINISHED = (EntryState.pending, EntryState.needs_decision)
PRUNABLE = (EntryState.sent, EntryState.withdrawn)
"""Finished entries: they keep no change (see :func:`without_change`) and are dropped
automatically (rejected ones stay: the person must see them)."""

EMPTY_WRITE = PreferenceWrite()
"""The ``write`` of a finished entry: its change is not kept."""


def _dump_change(write: PreferenceWrite) -> object:
    return None if write == EMPTY_WRITE else write.model_dump(mode="json")


def _load_change(value: object) -> object:
    return EMPTY_WRITE if value is None else value


Change = Annotated[PreferenceWrite, BeforeValidator(_load_change), PlainSerializer(_dump_change)]
"""A write, kept in the file as ``null`` when it holds nothing (a finished entry)."""


@dataclasses.dataclass(frozen=True)
class Attempt:
    """What is sent: a write, the version it goes on top of, and its idempotency key."""

    write: Change
    base_version: int
    idempotency_key: Annotated[str, Field(alias="key")]
    decided: bool = False
    """True when the write is the person's answer to a conflict (keep mine / combine)."""


@dataclasses.dataclass(frozen=True)
class OutboxEntry:
    """One confirmed change. The first five fields never change after :meth:`Outbox.enqueue`
    (until it is finished: then its change is dropped, see :func:`without_change`)."""

    entry_id: Annotated[uuid.UUID, Field(alias="id")]
    subject_id: Annotated[uuid.UUID, Field(alias="subject")]
    write: Change
    base_version: int
    idempotency_key: Annotated[str, Field(alias="key")]
    created_at: Annotated[dt.datetime, Field(alias="created")]
    state: EntryState = EntryState.pending
    account_id: Annotated[uuid.UUID | None, Field(alias="account")] = None
    base: PreferenceChoices | None = None
    """The document the person started from, when known: lets conflicts be judged 3-way."""
    follows: uuid.UUID | None = None
    """An earlier unsent entry of the same subject that this one is sent after."""
    attempt: Attempt | None = None
    """Set when the entry goes on top of another version than ``base_version``."""
    result_version: int | None = None
    current: Preferences | None = None
    rejected_code: Annotated[str | None, Field(alias="rejected")] = None
    updated_at: Annotated[dt.datetime | None, Field(alias="updated")] = None

    def outgoing(self) -> Attempt:
        """What to send now: the latest attempt, else the original write, version and key."""
        return self.attempt or Attempt(self.write, self.base_version, self.idempotency_key)

    @property
    def ready(self) -> bool:
        """Pending and not waiting for an earlier entry of the same subject."""
        return self.state is EntryState.pending and (
            self.follows is None or self.attempt is not None
        )


def without_change(entry: OutboxEntry) -> OutboxEntry:
    """A sent or withdrawn entry as it is kept: no choices, no contact details (the server has
    them, or the person dropped them); ids, versions, times and state only."""
    return dataclasses.replace(
        entry,
        write=EMPTY_WRITE,
        base=None,
        follows=None,
        attempt=None,
        current=None,
        rejected_code=None,
    )


class NoticeKind(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    reapplied_no = "reapplied_no"
    reapplied = "reapplied"


@dataclasses.dataclass(frozen=True)
class Notice:
    """Something the sync did on the person's behalf that they must be told about."""

    notice_id: Annotated[uuid.UUID, Field(alias="id")]
    subject_id: Annotated[uuid.UUID, Field(alias="subject")]
    entry_id: Annotated[uuid.UUID, Field(alias="entry")]
    kind: NoticeKind
    version: int
    created_at: Annotated[dt.datetime, Field(alias="created")]

    def message(self) -> str:
        if self.kind is NoticeKind.reapplied_no:
            return _("Your 'no' was applied again on top of a newer change.")
        return _("Your choice to be contacted less was applied again on top of a newer change.")


def derive_key(original_key: str, base_version: int, write: PreferenceWrite) -> str:
    """The idempotency key for sending ``write`` on top of ``base_version`` after a conflict.

    Derived, not random, so recomputing it after a crash gives the same key: the server then
    answers a resend with the version it already made.
    """
    body = json.dumps(write.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(body.encode()).hexdigest()
    return str(uuid.uuid5(_KEY_NAMESPACE, f"{original_key}/{base_version}/{digest}"))
