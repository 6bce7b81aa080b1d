"""The tables of notices: findings, deliveries, answers and the first-contact work-list.

No contact data is stored here: a queued delivery is made with the victim's preferences as
they stand when its window opens (decrypted then), so a changed mind or a new address is
honoured and a "no" given in the meantime stops it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consent_server.columns import AccountRef, SubjectRef, UuidKey, only_where, part_of
from consent_server.db import Base


class FindingRow(Base):
    """A finding about a victim, with the decision made on it and whether it waits."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("created_by", "idempotency_key"),
        # Only held findings: the scheduled step finds the due ones without walking the rest.
        Index(
            "ix_findings_held",
            "held_until",
            "subject_id",
            **only_where("held_until IS NOT NULL"),
        ),
        Index("ix_findings_subject_created", "subject_id", "created_at"),
    )

    id: Mapped[UuidKey]
    subject_id: Mapped[SubjectRef]
    kind: Mapped[str] = mapped_column(String(40))
    case_reference: Mapped[str] = mapped_column(String(64))
    authority: Mapped[str] = mapped_column(String(100))
    join_deadline: Mapped[dt.date | None] = mapped_column(Date())
    created_at: Mapped[dt.datetime]
    created_by: Mapped[AccountRef]
    idempotency_key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    plan_version: Mapped[int] = mapped_column(Integer())
    decision: Mapped[str] = mapped_column(String(40))
    # Waiting for a digest or for a pause to end: released by the scheduled step from then.
    held: Mapped[str | None] = mapped_column(String(20))
    held_until: Mapped[dt.datetime | None]
    digest_id: Mapped[uuid.UUID | None] = mapped_column(index=True)


class DeliveryRow(Base):
    """One recipient's delivery of a finding or of a digest."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_open_due", "open", "due_at"),
        Index("ix_deliveries_account_created", "account_id", "created_at"),
        # The inbox count: a recipient's notices not read yet.
        Index("ix_deliveries_unread", "account_id", "read_at", "state"),
    )

    id: Mapped[UuidKey]
    subject_id: Mapped[SubjectRef] = mapped_column(index=True)
    finding_id: Mapped[uuid.UUID | None] = mapped_column(part_of("findings.id"), index=True)
    digest_id: Mapped[uuid.UUID | None] = mapped_column()
    recipient: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[AccountRef]
    channel: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(40))
    # True while a queued delivery waits for the notifier; cleared by its outcome.
    open: Mapped[bool] = mapped_column(Boolean(), default=False)
    due_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    read_at: Mapped[dt.datetime | None]


class NoticeResponseRow(Base):
    """An answer a recipient gave from a notice in the inbox."""

    __tablename__ = "notice_responses"

    id: Mapped[UuidKey]
    delivery_id: Mapped[uuid.UUID] = mapped_column(part_of("deliveries.id"), index=True)
    subject_id: Mapped[SubjectRef] = mapped_column(index=True)
    account_id: Mapped[AccountRef]
    relation: Mapped[str] = mapped_column(String(20))
    responder_label: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime]


class FirstContactRow(Base):
    """Staff work-list: a finding arrived for someone who has not decided yet."""

    __tablename__ = "first_contacts"
    __table_args__ = (Index("ix_first_contacts_waiting", "done_at", "since", "subject_id"),)

    subject_id: Mapped[SubjectRef] = mapped_column(primary_key=True)
    since: Mapped[dt.datetime]
    findings: Mapped[int] = mapped_column(Integer(), default=0)
    done_at: Mapped[dt.datetime | None]
