"""Finding a record without its id: by reference (exact or prefix) and "my recent records".

Staff only (the router requires a staff account). Each record a staff member is shown this
way is written to that record's access log as ``subject.find``, so the person can see that
their record came up. The recent list is built from the staff member's own entries in the
access log, leaving out those ``subject.find`` entries (listing must not reorder the list).
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consent_common.models import Role
from consent_server.tables import AccessLogRow, SubjectRow

FIND_ACTION = "subject.find"
PREFIX_MIN_LENGTH = 3  # a shorter prefix would list most records: look up by more
_LIKE_ESCAPE = "\\"


def _escaped(text: str) -> str:
    """``text`` for a LIKE pattern, its own ``%``, ``_`` and escape character taken literally."""
    return (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        .replace("%", _LIKE_ESCAPE + "%")
        .replace("_", _LIKE_ESCAPE + "_")
    )


def by_reference(
    db: Session, reference: str, *, prefix: bool, offset: int, limit: int
) -> list[SubjectRow]:
    """Records whose reference is ``reference`` (or starts with it), by reference; one more
    than ``limit`` when there is a next page."""
    query = select(SubjectRow)
    if prefix:
        query = query.where(SubjectRow.reference.like(_escaped(reference) + "%", escape="\\"))
    else:
        query = query.where(SubjectRow.reference == reference)
    query = query.order_by(SubjectRow.reference, SubjectRow.id).offset(offset).limit(limit + 1)
    return list(db.scalars(query).all())


def recent_for(db: Session, account_id: uuid.UUID, *, limit: int) -> list[SubjectRow]:
    """The records this staff account worked on most recently, newest first."""
    last_seen = func.max(AccessLogRow.at).label("last_seen")
    recent = (
        select(AccessLogRow.subject_id, last_seen)
        .where(
            AccessLogRow.actor_account_id == account_id,
            # Stated so the query may use ix_access_log_actor_at (tables.STAFF_ENTRIES).
            AccessLogRow.actor_role == Role.staff.value,
            AccessLogRow.action != FIND_ACTION,
        )
        .group_by(AccessLogRow.subject_id)
        .order_by(last_seen.desc(), AccessLogRow.subject_id)
        .limit(limit)
    ).subquery()
    rows = db.execute(
        select(SubjectRow)
        .join(recent, recent.c.subject_id == SubjectRow.id)
        .order_by(recent.c.last_seen.desc(), SubjectRow.id)
    )
    return list(rows.scalars().all())
