"""Queued deliveries for the notifier: only those whose safe window is open now.

A queued delivery is checked against the preferences as they stand now, not as they stood
when the finding came in: if the victim has since said no, paused, or chosen the app, the
delivery is withheld or moved to the inbox and never listed; if the window has closed, its
``due_at`` moves to the next opening. Only what is listed carries contact data, and every
listing is written in the victim's access log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from consent_common import models
from consent_common.notices import (
    Constraints,
    Delivery,
    DeliveryState,
    DueDelivery,
    NoticeItem,
    Outcome,
    WithheldReason,
)
from consent_server.access import log_access
from consent_server.context import ServerContext
from consent_server.findings import log_deliveries
from consent_server.notice_tables import DeliveryRow, FindingRow
from consent_server.notice_texts import item_of
from consent_server.plans import notification_plan
from consent_server.preferences import document_at, document_of
from consent_server.problems import ProblemError, field_problem
from consent_server.row_models import model_from_row
from consent_server.safe_window import SafeWindow
from consent_server.tables import (
    AccountRow,
    ContactDetailsRow,
    PreferenceVersionRow,
    SubjectRow,
)
from consent_server.victims_word import VictimsWord, victims_words

SCAN_BATCH = 200
# A batch is as large as what is still wanted (each row read costs a decryption), not smaller.
MIN_BATCH = 20
# Once something was found, at most this many deliveries are checked per call, so a call
# stays short when many windows closed at once (the postponed ones are out of the way for the
# next call). An empty answer always means nothing is due now.
MAX_SCAN = 1_000
# Outcomes may be recorded a little ahead of the server's clock, never in the future.
CLOCK_SKEW = dt.timedelta(minutes=5)


def current_documents(
    db: Session, ctx: ServerContext, subjects: Iterable[SubjectRow]
) -> dict[uuid.UUID, models.Preferences]:
    """:func:`current_document` for many records in one query (the notifier's due list)."""
    versions = {subject.id: subject.current_version for subject in subjects}
    found: dict[uuid.UUID, models.Preferences] = {}
    rows = db.execute(
        select(PreferenceVersionRow, ContactDetailsRow)
        .join(
            SubjectRow,
            (SubjectRow.id == PreferenceVersionRow.subject_id)
            & (SubjectRow.current_version == PreferenceVersionRow.version),
        )
        .outerjoin(
            ContactDetailsRow, ContactDetailsRow.preference_version_id == PreferenceVersionRow.id
        )
        .where(SubjectRow.id.in_(list(versions)))
    )
    for row, contact in rows:
        if versions[row.subject_id] == row.version:  # as the caller saw the record
            found[row.subject_id] = document_of(
                ctx, row, contact.ciphertext if contact is not None else None
            )
    for subject_id, version in versions.items():
        if subject_id not in found:
            found[subject_id] = document_at(db, ctx, subject_id, version)
    return found


def delivery_of(row: DeliveryRow) -> Delivery:
    return model_from_row(Delivery, row)


def items_of(db: Session, row: DeliveryRow) -> list[NoticeItem]:
    """The findings a delivery is about: its own, or every finding in its digest."""
    if row.finding_id is not None:
        finding = db.get(FindingRow, row.finding_id)
        return [item_of(finding)] if finding is not None else []
    if row.digest_id is None:
        return []  # the yearly reassurance: nothing new
    findings = db.scalars(
        select(FindingRow)
        .where(FindingRow.digest_id == row.digest_id)
        .order_by(FindingRow.created_at, FindingRow.id)
    )
    return [item_of(finding) for finding in findings]


def _victim_channel(plan: models.NotificationPlan, kind: str | None) -> models.Channel | None:
    """The channel to use now: the same kind if the victim still has it, else their first."""
    victims = [r for r in plan.recipients if r.who == "victim"]
    if not plan.inform or not victims:
        return None
    channels = victims[0].channels
    return next((c for c in channels if c.kind.value == kind), channels[0])


@dataclass(frozen=True)
class _Known:
    """What the checks of one batch need, read in a few queries for the whole batch."""

    documents: dict[uuid.UUID, models.Preferences]
    words: dict[uuid.UUID, VictimsWord]

    @classmethod
    def read(cls, db: Session, ctx: ServerContext, rows: list[DeliveryRow]) -> _Known:
        subject_ids = {row.subject_id for row in rows}
        subjects = list(db.scalars(select(SubjectRow).where(SubjectRow.id.in_(subject_ids))))
        finding_ids = {row.finding_id for row in rows if row.finding_id is not None}
        if finding_ids:  # into the session, where items_of finds them without a query
            db.scalars(select(FindingRow).where(FindingRow.id.in_(finding_ids))).all()
        return cls(current_documents(db, ctx, subjects), victims_words(db, subject_ids))


def _check(
    db: Session, ctx: ServerContext, row: DeliveryRow, now: dt.datetime, known: _Known
) -> DueDelivery | None:
    """The delivery ready to make now, or None after withholding, moving or postponing it."""
    subject = db.get(SubjectRow, row.subject_id)  # read with the batch: no query
    assert subject is not None
    plan = notification_plan(
        db,
        ctx,
        subject,
        document=known.documents[subject.id],
        word=known.words[subject.id],
    )
    channel = _victim_channel(plan, row.channel)
    if channel is None:
        reason = plan.reason if not plan.inform else WithheldReason.recipient_gone.value
        row.state, row.reason, row.open = DeliveryState.withheld.value, reason, False
        log_deliveries(db, ctx, None, [row])
        return None
    row.channel = channel.kind.value
    if channel.kind == models.ChannelKind.app:
        row.state, row.open, row.due_at = DeliveryState.in_app.value, False, None
        log_deliveries(db, ctx, None, [row])
        return None
    opens, closes = SafeWindow.of(plan.safe_contact).opening(now)
    if opens > now:
        row.due_at = opens
        return None
    safe = plan.safe_contact
    return DueDelivery(
        delivery=delivery_of(row),
        channel=channel,
        language=plan.language,
        constraints=Constraints(
            days=safe.days,
            hours=safe.hours,
            window_ends_at=closes,
            no_voicemail=safe.no_voicemail,
            discreet_sender=safe.discreet_sender,
            no_post_to_home=safe.no_post_to_home,
            alternative_address=safe.alternative_address,
            household_must_not_know=safe.household_must_not_know,
        ),
        items=items_of(db, row),
    )


def due_now(db: Session, ctx: ServerContext, account: AccountRow, limit: int) -> list[DueDelivery]:
    """Up to ``limit`` queued deliveries that may be made now, oldest due first."""
    now = ctx.now()
    found: list[DueDelivery] = []
    after: tuple[dt.datetime, uuid.UUID] | None = None
    scanned = 0
    while len(found) < limit and (scanned < MAX_SCAN or not found):
        query = (
            select(DeliveryRow)
            .where(DeliveryRow.open.is_(True), DeliveryRow.due_at <= now)
            .order_by(DeliveryRow.due_at, DeliveryRow.id)
            .limit(min(SCAN_BATCH, max(limit - len(found), MIN_BATCH)))
        )
        if after is not None:
            query = query.where(tuple_(DeliveryRow.due_at, DeliveryRow.id) > after)
        rows = list(db.scalars(query))
        if not rows:
            break
        after = (rows[-1].due_at or now, rows[-1].id)
        scanned += len(rows)
        # One flush per batch, not one per access-log line (the keyset above needs none).
        with db.no_autoflush:
            known = _Known.read(db, ctx, rows)
            for row in rows:
                ready = _check(db, ctx, row, now, known)
                if ready is None:
                    continue
                found.append(ready)
                action = f"notice.contact-read.{row.channel}"
                log_access(db, ctx, row.subject_id, account, action)
                if len(found) == limit:
                    break
        db.flush()
    db.commit()
    return found


def record_outcome(
    db: Session,
    ctx: ServerContext,
    account: AccountRow,
    row: DeliveryRow,
    outcome: Outcome,
    at: dt.datetime | None,
) -> DeliveryRow:
    now = ctx.now()
    when = at if at is not None else now
    if when.tzinfo is None:
        raise field_problem("timezone-required", ["body", "at"], "Give the time with its offset.")
    try:
        plausible = row.created_at - CLOCK_SKEW <= when.astimezone(dt.UTC) <= now + CLOCK_SKEW
    except OverflowError:
        plausible = False
    if not plausible:
        raise field_problem(
            "outcome-time-out-of-range", ["body", "at"], "That time cannot be right."
        )
    if row.state != DeliveryState.queued.value or row.outcome is not None:
        raise ProblemError(
            409, "outcome-not-expected", "This delivery is not waiting for an outcome."
        )
    row.outcome, row.outcome_at, row.open = outcome.value, when.astimezone(dt.UTC), False
    log_access(db, ctx, row.subject_id, account, f"notice.outcome.{outcome.value}.{row.channel}")
    db.commit()
    return row
