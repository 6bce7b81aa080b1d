"""Loading what the questions start from, and sending the answers through the outbox.

Blocking calls (network, keyring, file): the wizard runs them in thread workers, the plain
line mode calls them directly. Keeping them here gives both front ends the same order of
events: the change is put in the outbox (on disk, encrypted) first, then sent, so a lost
connection loses nothing. Does not import Textual.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from api_client.models import (
    ConsentReceipt,
    Inform,
    PreferenceChoices,
    Preferences,
    PreferenceWrite,
)
from consent_app.outbox import EntryState, Outbox
from consent_app.record_context import own_subject
from consent_app.sync import StopReason

if TYPE_CHECKING:
    from api_client import ConsentClient
    from consent_app.sync import FlushReport, SyncEngine


@dataclass(frozen=True)
class WizardStart:
    """What the questions start from: the record on the server, or a change still waiting."""

    subject_id: uuid.UUID
    account_id: uuid.UUID
    document: Preferences
    waiting: PreferenceChoices | None = None
    questions_changed: bool = False
    """The answers were given to older question texts (``SubjectAccess.questions_changed``)."""

    @property
    def volume_asked(self) -> bool:
        """Whether the volume question was ever answered (it came with questions version 2)."""
        if self.waiting is not None:
            return True
        return self.document.version > 0 and not self.questions_changed

    @property
    def unanswered(self) -> frozenset[str]:
        """The questions (by key) whose value on the record is a default nobody chose: the
        questions show them with no answer chosen. A new record has answered nothing; the
        questions after the first were only asked after a "yes"."""
        source = self.waiting or self.document
        keys: set[str] = set()
        if self.waiting is None and self.document.version == 0:
            keys.add("inform")
        if source.inform is not Inform.yes:
            keys |= {"recipients", "volume"}
        if not self.volume_asked:
            keys.add("volume")
        return frozenset(keys)


@dataclass(frozen=True)
class SendResult:
    choices: PreferenceChoices
    version: int | None
    receipt: ConsentReceipt | None
    state: EntryState
    durable: bool


class NotKept(Exception):
    """The change could not be put in the outbox: nothing was sent, nothing changed."""


def load_start(client: ConsentClient, outbox: Outbox) -> WizardStart | None:
    """The person's own record and any change of theirs still waiting; None without a record.

    Raises the client's errors (turn them into words with ``messages.message_for``).
    """
    me = client.me()
    subject = own_subject(me)
    if subject is None:
        return None
    document = client.get_preferences(subject.subject_id)
    waiting = outbox.latest_write(subject.subject_id)
    return WizardStart(
        subject.subject_id, me.account.id, document, waiting, subject.questions_changed
    )


def flush_now(engine: SyncEngine, *, wait: float = 5.0) -> FlushReport:
    """Send what waits; when a background flush is busy, wait for it a moment."""
    deadline = time.monotonic() + wait
    report = engine.flush_once()
    while report.error is StopReason.busy and time.monotonic() < deadline:
        time.sleep(0.1)
        report = engine.flush_once()
    return report


def send(
    client: ConsentClient,
    outbox: Outbox,
    engine: SyncEngine,
    start: WizardStart,
    write: PreferenceWrite,
) -> tuple[SendResult, FlushReport]:
    """Keep ``write`` in the outbox, try to send it now, and read its receipt if it went.

    Raises :class:`NotKept` when the outbox could not take it (disk or keyring failed).
    """
    try:
        entry = outbox.enqueue(
            start.subject_id,
            write,
            base_version=start.document.version,
            base=None if start.waiting is not None else start.document,
            account_id=start.account_id,
        )
    except Exception as error:  # the disk or the keyring failed: nothing was sent
        raise NotKept from error
    # From here on the change is kept: whatever happens next, it is sent later.
    report = flush_now(engine)
    entry = outbox.get(entry.entry_id)
    receipt = None
    if entry.state is EntryState.sent and entry.result_version is not None:
        try:
            receipt = client.receipt(start.subject_id, entry.result_version)
        except Exception:  # the receipt can be read later from the history
            receipt = None
    result = SendResult(
        # A sent entry keeps no choices (see docs/outbox.md): show what was confirmed.
        choices=write if entry.state is EntryState.sent else entry.outgoing().write,
        version=entry.result_version,
        receipt=receipt,
        state=entry.state,
        durable=outbox.durable,
    )
    return result, report
