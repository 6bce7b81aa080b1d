"""From a finding to deliveries: who is told, how, when — or why not.

The one source of "should we inform whom how" is the notification plan
(:func:`consent_server.plans.notification_plan`); this module only applies it to a finding:

1. The plan says do not inform → one withheld delivery with the plan's reason. "Undecided"
   also puts the record on the staff first-contact work-list; "paused" holds the finding
   until the pause ends, when the scheduled step decides again.
2. The finding's topic is off → withheld (``topic_off``).
3. ``frequency = only_actionable`` and nothing to do → withheld (``not_actionable``).
4. ``frequency = monthly | quarterly`` → held for the digest (``digest``), unless a deadline to
   join the case would come too soon after the digest: then it goes at once.
5. Otherwise one delivery per recipient over their first channel: the app's inbox
   (``in_app``), or ``queued`` with ``due_at`` at the next moment of the victim's safe window.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_common import models
from consent_common.notices import (
    ACTIONABLE_KINDS,
    DeliveryState,
    FindingKind,
    WithheldReason,
)
from consent_server.access import log_access
from consent_server.context import ServerContext
from consent_server.notice_tables import DeliveryRow, FindingRow, FirstContactRow
from consent_server.notice_texts import topic_on
from consent_server.safe_window import ZONE, SafeWindow, start_of_day
from consent_server.tables import AccountRow, SubjectRow

# A deadline to join a case less than this long after the digest goes out at once instead.
DEADLINE_MARGIN = dt.timedelta(days=28)
HELD_FOR_DIGEST = "digest"
HELD_WHILE_PAUSED = "paused"


def next_digest(now: dt.datetime, frequency: models.Frequency) -> dt.datetime:
    """The first moment (Dutch time) of the next month or quarter."""
    local = now.astimezone(ZONE).date()
    step = 3 if frequency == models.Frequency.quarterly else 1
    first_month = ((local.month - 1) // step) * step + 1
    month_index = local.year * 12 + first_month - 1 + step
    return start_of_day(dt.date(month_index // 12, month_index % 12 + 1, 1))


@dataclass(frozen=True)
class _About:
    """What deliveries decided now are about: one finding, or one digest, of a record."""

    subject_id: uuid.UUID
    now: dt.datetime
    finding_id: uuid.UUID | None
    digest_id: uuid.UUID | None

    def delivery(
        self,
        recipient: models.PlanRecipient | None,
        state: DeliveryState,
        *,
        reason: WithheldReason | None = None,
        channel: models.ChannelKind | None = None,
        due_at: dt.datetime | None = None,
    ) -> DeliveryRow:
        return DeliveryRow(
            id=uuid.uuid4(),
            subject_id=self.subject_id,
            finding_id=self.finding_id,
            digest_id=self.digest_id,
            recipient=recipient.who if recipient is not None else "victim",
            account_id=recipient.account_id if recipient is not None else None,
            channel=channel.value if channel is not None else None,
            state=state.value,
            reason=reason.value if reason is not None else None,
            open=state == DeliveryState.queued,
            due_at=due_at,
            created_at=self.now,
        )


def send(
    subject_id: uuid.UUID,
    plan: models.NotificationPlan,
    now: dt.datetime,
    *,
    finding_id: uuid.UUID | None = None,
    digest_id: uuid.UUID | None = None,
) -> list[DeliveryRow]:
    """One delivery per recipient of an 'inform' plan, over the recipient's first channel."""
    about = _About(subject_id, now, finding_id, digest_id)
    window = SafeWindow.of(plan.safe_contact)
    rows = []
    for recipient in plan.recipients:
        channel = recipient.channels[0].kind
        if channel == models.ChannelKind.app:
            state, due_at = DeliveryState.in_app, None
        else:
            state, due_at = DeliveryState.queued, window.next_open(now)
        rows.append(about.delivery(recipient, state, channel=channel, due_at=due_at))
    return rows


def withhold(
    subject_id: uuid.UUID,
    plan: models.NotificationPlan,
    now: dt.datetime,
    reason: WithheldReason,
    *,
    finding_id: uuid.UUID | None = None,
    digest_id: uuid.UUID | None = None,
) -> list[DeliveryRow]:
    """Withheld: one row per recipient, or one without a recipient when nobody is to be told."""
    about = _About(subject_id, now, finding_id, digest_id)
    recipients: Iterable[models.PlanRecipient | None] = plan.recipients or [None]
    return [
        about.delivery(recipient, DeliveryState.withheld, reason=reason) for recipient in recipients
    ]


def _put_on_first_contact_list(db: Session, subject_id: uuid.UUID, now: dt.datetime) -> None:
    row = db.get(FirstContactRow, subject_id)
    if row is None:
        db.add(FirstContactRow(subject_id=subject_id, since=now, findings=1, done_at=None))
    elif row.done_at is not None:
        row.since, row.findings, row.done_at = now, 1, None
    else:
        row.findings += 1


def _urgent(finding: FindingRow, release: dt.datetime) -> bool:
    deadline = finding.join_deadline
    return deadline is not None and start_of_day(deadline) < release + DEADLINE_MARGIN


def decide(
    db: Session, plan: models.NotificationPlan, finding: FindingRow, now: dt.datetime
) -> list[DeliveryRow]:
    """The deliveries for one finding under ``plan`` (see the module text); marks holds."""
    subject_id = finding.subject_id
    kind = FindingKind(finding.kind)
    finding.held, finding.held_until = None, None
    if not plan.inform:
        reason = WithheldReason(plan.reason)
        if reason == WithheldReason.paused and plan.paused_until is not None:
            finding.held, finding.held_until = HELD_WHILE_PAUSED, start_of_day(plan.paused_until)
        if reason == WithheldReason.undecided:
            _put_on_first_contact_list(db, subject_id, now)
        return withhold(subject_id, plan, now, reason, finding_id=finding.id)
    if not topic_on(plan.topics, kind):
        return withhold(subject_id, plan, now, WithheldReason.topic_off, finding_id=finding.id)
    if plan.frequency == models.Frequency.only_actionable and kind not in ACTIONABLE_KINDS:
        return withhold(subject_id, plan, now, WithheldReason.not_actionable, finding_id=finding.id)
    if plan.frequency in (models.Frequency.monthly, models.Frequency.quarterly):
        release = next_digest(now, plan.frequency)
        if not _urgent(finding, release):
            finding.held, finding.held_until = HELD_FOR_DIGEST, release
            return withhold(subject_id, plan, now, WithheldReason.digest, finding_id=finding.id)
    return send(subject_id, plan, now, finding_id=finding.id)


def log_deliveries(
    db: Session,
    ctx: ServerContext,
    account: AccountRow | None,
    deliveries: Iterable[DeliveryRow],
) -> None:
    """One access-log line per delivery, in words the app can render (docs/notices.md)."""
    for row in deliveries:
        if row.state == DeliveryState.withheld.value:
            action = f"notice.withheld.{row.reason}"
        else:
            who = "rep" if row.recipient == "representative" else "you"
            action = f"notice.{row.state}.{who}.{row.channel}"
        log_access(db, ctx, row.subject_id, account, action)


def record_finding(
    db: Session,
    ctx: ServerContext,
    account: AccountRow,
    subject: SubjectRow,
    plan: models.NotificationPlan,
    finding: FindingRow,
) -> list[DeliveryRow]:
    """Store ``finding`` decided under ``plan``, with its deliveries and log lines."""
    now = ctx.now()
    finding.plan_version, finding.decision = plan.version, plan.reason
    deliveries = decide(db, plan, finding, now)  # before the insert: no second write of it
    db.add(finding)
    db.flush()  # the finding first: its deliveries refer to it
    db.add_all(deliveries)
    log_access(db, ctx, subject.id, account, f"finding.recorded.{finding.kind}")
    log_deliveries(db, ctx, account, deliveries)
    return deliveries


def deliveries_of(db: Session, finding_id: uuid.UUID) -> list[DeliveryRow]:
    return list(
        db.scalars(
            select(DeliveryRow)
            .where(DeliveryRow.finding_id == finding_id)
            .order_by(DeliveryRow.created_at, DeliveryRow.recipient.desc(), DeliveryRow.id)
        )
    )
