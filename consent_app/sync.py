"""The sync engine: sends what waits in the outbox, in order per subject, exactly once.

Every attempt reuses the entry's idempotency key and base version, so a resend after a
timeout, a crash or a restart gets the server's first answer instead of a second version.
The app decides *when* to call :meth:`SyncEngine.flush_once` (at start, on reconnect, then on
a timer of :meth:`SyncEngine.next_delay` seconds); the call blocks, so run it in a thread
worker. Does not import Textual. See docs/outbox.md.
"""

from __future__ import annotations

import dataclasses
import enum
import random
import threading
import time
import uuid
from collections.abc import Callable
from typing import Literal, NoReturn

from api_client import ConsentClient, errors
from api_client.models import Preferences
from api_client.retry import jittered_backoff
from consent_app import conflicts
from consent_app.outbox import EntryState, Outbox, OutboxEntry
from consent_app.outbox.aside import UnreadableChanges

Overall = Literal["sent", "waiting", "needs_decision"]

# After this many conflicts for one entry in one flush, stop and ask the person: someone
# keeps writing at the same moment and we should not race them forever.
_MAX_CONFLICTS_PER_FLUSH = 3

# A bulk flush records sent changes in the outbox file in groups: one durable write (the
# whole file encrypted, fsynced) per sent change made a flush of 1,000 changes twice as slow
# as the requests themselves. Until its group is written a sent change still shows as
# waiting on disk; after a crash it is sent again with the same idempotency key and the
# server answers with its first answer, so nothing is written twice.
_RECORD_SENT_EVERY = 32
_RECORD_SENT_WITHIN_SECONDS = 0.25


@dataclasses.dataclass(frozen=True)
class SyncStatus:
    """What the home screen and ``consent-app status`` show."""

    sent: int
    waiting: int
    needs_decision: int
    rejected: int
    durable: bool
    needs_login: bool = False
    unreadable: tuple[UnreadableChanges, ...] = ()
    """Outbox files that could not be read, kept until the person acknowledges them."""
    newer_format: bool = False
    """The outbox file was written by a newer app version; it is left untouched."""

    @property
    def overall(self) -> Overall:
        if self.needs_decision or self.rejected:
            return "needs_decision"
        return "waiting" if self.waiting else "sent"

    @property
    def exit_code(self) -> int:
        """For the CLI: 0 everything sent, 3 changes waiting, 4 a decision is needed, 5 changes
        could not be read (until acknowledged), 6 the outbox is of a newer app version."""
        if self.newer_format:
            return EXIT_NEWER_FORMAT
        if self.unreadable:
            return EXIT_UNREADABLE
        return {"sent": 0, "waiting": 3, "needs_decision": 4}[self.overall]


EXIT_UNREADABLE = 5
EXIT_NEWER_FORMAT = 6


def summarize(outbox: Outbox, *, needs_login: bool = False) -> SyncStatus:
    states = [entry.state for entry in outbox.entries()]
    return SyncStatus(
        # Sent entries dropped to keep the file small still count as sent.
        sent=states.count(EntryState.sent) + outbox.forgotten_sent,
        waiting=states.count(EntryState.pending),
        needs_decision=states.count(EntryState.needs_decision),
        rejected=states.count(EntryState.rejected),
        durable=outbox.durable,
        needs_login=needs_login,
        unreadable=tuple(outbox.unreadable()),
        newer_format=outbox.newer_format_file is not None,
    )


class StopReason(enum.StrEnum):
    """Why a flush stopped before the outbox was empty."""

    backing_off = "backing-off"  # an earlier failure: not yet time to try again
    busy = "busy"  # another flush (this process or another) is sending
    login_needed = "login-needed"
    rate_limited = "rate-limited"
    server = "server"
    connection = "connection"


@dataclasses.dataclass
class FlushReport:
    """What one :meth:`SyncEngine.flush_once` did, by entry id."""

    sent: list[uuid.UUID] = dataclasses.field(default_factory=list)
    reapplied: list[uuid.UUID] = dataclasses.field(default_factory=list)
    needs_decision: list[uuid.UUID] = dataclasses.field(default_factory=list)
    rejected: list[uuid.UUID] = dataclasses.field(default_factory=list)
    error: StopReason | None = None
    """Why sending stopped, when it stopped before the outbox was empty."""


class _Stop(Exception):
    """Sending cannot go on in this flush (the reason is in the report)."""


class SyncEngine:
    def __init__(
        self,
        outbox: Outbox,
        client: ConsentClient,
        *,
        account_id: uuid.UUID | None = None,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        random_fraction: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.account_id = account_id
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._random = random_fraction
        self._monotonic = monotonic
        self._failures = 0
        self._due = monotonic()
        self._not_before = self._due  # the server's Retry-After: honoured even when forced
        self._needs_login = False
        self._flushing = threading.Lock()
        self._unrecorded: list[tuple[uuid.UUID, int]] = []
        self._oldest_unrecorded = 0.0

    # --- scheduling ------------------------------------------------------------------------

    def next_delay(self) -> float | None:
        """Seconds until the next flush is due; None when nothing can be sent."""
        if self._needs_login or not self.outbox.next_to_send(self.account_id):
            return None
        return max(0.0, max(self._due, self._not_before) - self._monotonic())

    def reconnected(self) -> None:
        """The network is back or the person logged in: forget the backoff."""
        self._failures = 0
        self._due = self._monotonic()
        self._needs_login = False

    def status(self) -> SyncStatus:
        return summarize(self.outbox, needs_login=self._needs_login)

    # --- sending ---------------------------------------------------------------------------

    def flush_once(self, *, force: bool = True) -> FlushReport:
        """Send every entry that can go now, oldest first per subject.

        Never raises for API errors; they end up in the report and the backoff. With
        ``force`` False nothing is tried before :meth:`next_delay` has passed; the server's
        ``Retry-After`` is honoured either way.
        """
        report = FlushReport()
        now = self._monotonic()
        if now < self._not_before or (not force and now < self._due):
            report.error = StopReason.backing_off
            return report
        if not self._flushing.acquire(blocking=False):
            report.error = StopReason.busy
            return report
        try:
            self.outbox.reload()
            conflicts_seen: dict[uuid.UUID, int] = {}
            while batch := self.outbox.next_to_send(self.account_id):
                for entry in batch:
                    self._send(entry, report, conflicts_seen)
                self._record_sent()
            self._failures = 0
            self._due = self._monotonic()
        except _Stop:
            pass
        finally:
            try:
                self._record_sent()
            finally:
                self._flushing.release()
        return report

    def _sent(self, entry: OutboxEntry, version: int) -> None:
        if not self._unrecorded:
            self._oldest_unrecorded = self._monotonic()
        self._unrecorded.append((entry.entry_id, version))
        waited = self._monotonic() - self._oldest_unrecorded
        if len(self._unrecorded) >= _RECORD_SENT_EVERY or waited >= _RECORD_SENT_WITHIN_SECONDS:
            self._record_sent()

    def _record_sent(self) -> None:
        """Write the sent changes not yet recorded to the outbox, in one durable write."""
        if self._unrecorded:
            sent, self._unrecorded = self._unrecorded, []
            self.outbox.mark_sent_many(sent)

    def _send(
        self, entry: OutboxEntry, report: FlushReport, conflicts_seen: dict[uuid.UUID, int]
    ) -> None:
        attempt = entry.outgoing()
        try:
            document = self.client.put_preferences(
                entry.subject_id,
                attempt.write,
                if_match=attempt.base_version,
                idempotency_key=attempt.idempotency_key,
            )
        except errors.PreconditionFailedError as stale:
            seen = conflicts_seen[entry.entry_id] = conflicts_seen.get(entry.entry_id, 0) + 1
            current = stale.current or self._read_current(entry, report)
            self._conflict(entry, current, report, give_up=seen >= _MAX_CONFLICTS_PER_FLUSH)
            return
        except errors.AuthenticationError:
            self._needs_login = True
            self._stop(report, StopReason.login_needed)
        except errors.RateLimitedError as limited:
            self._stop(report, StopReason.rate_limited, retry_after=limited.retry_after)
        except (
            errors.PermissionDeniedError,
            errors.NotFoundError,
            errors.UnprocessableError,
        ) as refused:
            self.outbox.mark_rejected(entry.entry_id, refused.code or str(refused.status))
            report.rejected.append(entry.entry_id)
            return
        except errors.ConflictError:  # 409: the same request is still running, or a race
            self._stop(report, StopReason.busy, retry_after=1.0)
        except errors.ServerError:
            self._stop(report, StopReason.server)
        except errors.ApiError:  # connection, timeout, redirect, an answer off the contract
            self._stop(report, StopReason.connection)
        self._sent(entry, document.version)
        report.sent.append(entry.entry_id)

    def _read_current(self, entry: OutboxEntry, report: FlushReport) -> Preferences:
        try:
            return self.client.get_preferences(entry.subject_id)
        except errors.AuthenticationError:
            self._needs_login = True
            self._stop(report, StopReason.login_needed)
        except errors.ApiError:
            self._stop(report, StopReason.connection)

    def _conflict(
        self, entry: OutboxEntry, current: Preferences, report: FlushReport, *, give_up: bool
    ) -> None:
        """412: re-apply a change that only protects; otherwise the person decides."""
        attempt = entry.attempt
        if attempt is not None and attempt.decided:
            again = conflicts.protective_reapply(attempt.write, current)
        else:
            again = conflicts.protective_reapply(entry.write, current, base=entry.base)
        if again is None or give_up:
            self.outbox.mark_needs_decision(entry.entry_id, current)
            report.needs_decision.append(entry.entry_id)
        else:
            # Sent even when the server already holds the same choices: every confirmed
            # change gets its own version and receipt.
            self.outbox.reapply(entry.entry_id, again, current)
            report.reapplied.append(entry.entry_id)

    def _stop(
        self, report: FlushReport, reason: StopReason, *, retry_after: float | None = None
    ) -> NoReturn:
        report.error = reason
        self._failures += 1
        # "Equal jitter": never less than half the ceiling, so a crowd of clients spreads out
        # without anyone hammering the server right away.
        delay = jittered_backoff(
            self._failures - 1,
            initial=self.base_delay,
            maximum=self.max_delay,
            fraction=self._random(),
            least_share=0.5,
        )
        now = self._monotonic()
        self._due = now + max(delay, retry_after or 0.0)
        if retry_after:
            self._not_before = now + retry_after
        raise _Stop
