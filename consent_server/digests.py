"""The scheduled step: release digests whose month or quarter has ended, and findings whose
pause has ended, and the yearly "nothing new" message for those who asked for it.

Run it with ``POST /v1/digests/run`` (notifier) or ``consent-server run-digests``, for
example every hour; running it more often or twice is harmless. Each released finding is
decided again with the preferences of that moment, so a "no" given in the meantime holds.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consent_common.models import Reassurance
from consent_common.notices import DeliveryState, DigestRun, WithheldReason
from consent_server.access import log_access
from consent_server.context import ServerContext
from consent_server.findings import (
    HELD_FOR_DIGEST,
    HELD_WHILE_PAUSED,
    decide,
    log_deliveries,
    send,
    withhold,
)
from consent_server.notice_tables import DeliveryRow, FindingRow
from consent_server.plans import notification_plan
from consent_server.safe_window import start_of_day
from consent_server.tables import PreferenceVersionRow, SubjectRow

BATCH = 500
# "Nothing new has been found; your wishes still stand": at most once a year.
REASSURANCE_EVERY = dt.timedelta(days=365)


def _release_subject(db: Session, ctx: ServerContext, subject: SubjectRow) -> DigestRun:
    now = ctx.now()
    held = list(
        db.scalars(
            select(FindingRow)
            .where(FindingRow.subject_id == subject.id, FindingRow.held_until <= now)
            .order_by(FindingRow.created_at, FindingRow.id)
        )
    )
    plan = notification_plan(db, ctx, subject)
    deliveries: list[DeliveryRow] = []
    released_after_pause = digests = 0
    for finding in (f for f in held if f.held == HELD_WHILE_PAUSED):
        deliveries += decide(db, plan, finding, now)
        released_after_pause += 1
    waiting = [f for f in held if f.held == HELD_FOR_DIGEST]
    if waiting and plan.reason == WithheldReason.paused.value and plan.paused_until:
        for finding in waiting:  # the digest waits for the pause too
            finding.held_until = start_of_day(plan.paused_until)
    elif waiting:
        digest_id = uuid.uuid4()
        for finding in waiting:
            finding.held, finding.held_until, finding.digest_id = None, None, digest_id
        if plan.inform:
            deliveries += send(subject.id, plan, now, digest_id=digest_id)
        else:
            reason = WithheldReason(plan.reason)
            deliveries += withhold(subject.id, plan, now, reason, digest_id=digest_id)
        digests = 1
        log_access(db, ctx, subject.id, None, "digest.released")
    db.add_all(deliveries)
    log_deliveries(db, ctx, None, deliveries)
    return DigestRun(
        digests=digests,
        released_after_pause=released_after_pause,
        deliveries=len(deliveries),
        reassurances=0,
    )


def _reassure(db: Session, ctx: ServerContext) -> int:
    """The yearly "nothing new" message to those who asked for it and heard nothing for a year.

    Counted from the later of the last message (of any kind) and the version that holds
    the wish, so nobody is reassured right after choosing it or after real news.
    """
    now = ctx.now()
    cutoff = now - REASSURANCE_EVERY
    last_message = (
        select(func.max(DeliveryRow.created_at))
        .where(
            DeliveryRow.subject_id == SubjectRow.id,
            DeliveryRow.state != DeliveryState.withheld.value,
        )
        .scalar_subquery()
    )
    subjects = db.scalars(
        select(SubjectRow)
        .join(
            PreferenceVersionRow,
            (PreferenceVersionRow.subject_id == SubjectRow.id)
            & (PreferenceVersionRow.version == SubjectRow.current_version),
        )
        .where(
            # As ix_preference_versions_reassurance states it (tables.YEARLY_REASSURANCE).
            PreferenceVersionRow.reassurance == Reassurance.yearly.value,
            PreferenceVersionRow.created_at <= cutoff,
            func.coalesce(last_message, cutoff) <= cutoff,
        )
    ).all()
    sent = 0
    for subject in subjects:
        plan = notification_plan(db, ctx, subject)
        if not plan.inform:
            continue
        deliveries = send(subject.id, plan, now)
        db.add_all(deliveries)
        log_access(db, ctx, subject.id, None, "reassurance.sent")
        log_deliveries(db, ctx, None, deliveries)
        db.commit()
        sent += len(deliveries)
    return sent


def run_digests(db: Session, ctx: ServerContext) -> DigestRun:
    """Release everything due now, one subject (one transaction) at a time; then the
    yearly reassurance messages."""
    total = DigestRun(digests=0, released_after_pause=0, deliveries=0, reassurances=0)
    # A released victim has nothing due left (what is held again waits for a later moment),
    # so each round asks afresh; ``seen`` only guards against asking about one twice.
    seen: set[uuid.UUID] = set()
    while True:
        due = select(FindingRow.subject_id).where(FindingRow.held_until <= ctx.now())
        # No DISTINCT: SQLite would walk every finding in victim order to get it for free.
        found = dict.fromkeys(db.scalars(due.limit(BATCH)))
        subject_ids = [subject_id for subject_id in found if subject_id not in seen]
        db.commit()
        if not subject_ids:
            return total.model_copy(update={"reassurances": _reassure(db, ctx)})
        seen.update(subject_ids)
        for subject_id in subject_ids:
            subject = db.get(SubjectRow, subject_id)
            assert subject is not None
            done = _release_subject(db, ctx, subject)
            db.commit()
            total = DigestRun(
                digests=total.digests + done.digests,
                released_after_pause=total.released_after_pause + done.released_after_pause,
                deliveries=total.deliveries + done.deliveries,
                reassurances=0,
            )
