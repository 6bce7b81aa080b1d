"""The in-app inbox: notices for the victim and for representatives with receive_notices.

A representative sees a notice only while their mandate includes receiving notices: a
revoked, expired or conflicted mandate hides the notices it brought, as it hides the record.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from consent_common import models
from consent_common.notices import (
    TOPIC_OF,
    DeliveryState,
    FindingKind,
    Notice,
    NoticeResponse,
    RecordUnread,
    ResponseKind,
    UnreadCount,
)
from consent_server.access import SubjectGrant, log_access, subjects_for
from consent_server.context import ServerContext
from consent_server.due import items_of
from consent_server.notice_tables import DeliveryRow, FindingRow, NoticeResponseRow
from consent_server.preferences import current_document, write_version
from consent_server.problems import ProblemError, field_problem
from consent_server.row_models import model_from_row
from consent_server.tables import AccountRow, PreferenceVersionRow, SubjectRow

R = TypeVar("R")
S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def _receivers(db: Session, ctx: ServerContext, account: AccountRow) -> dict[uuid.UUID, str]:
    """Subjects whose notices this account may read now, with the relation ('self'/'delegate')."""
    return {
        access.subject_id: access.relation
        for access in subjects_for(db, ctx, account)
        if models.Permission.receive_notices in access.permissions
    }


def encode_cursor(at: dt.datetime, row_id: uuid.UUID) -> str:
    raw = f"{at.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, row_id = text.split("|")
        moment = dt.datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError(cursor)
        return moment.astimezone(dt.UTC), uuid.UUID(row_id)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as error:
        raise field_problem(
            "invalid-cursor", ["query", "cursor"], "This page link is not valid."
        ) from error


def _newest_first(
    query: S,
    at: InstrumentedAttribute[dt.datetime],
    row_id: InstrumentedAttribute[uuid.UUID],
    limit: int,
    cursor: str | None,
) -> S:
    """``query`` newest first by (``at``, ``row_id``), from after the cursor, one row more
    than the page (see :func:`_cursor_after`)."""
    query = query.order_by(at.desc(), row_id.desc()).limit(limit + 1)
    if cursor is not None:
        query = query.where(tuple_(at, row_id) < decode_cursor(cursor))
    return query


def _cursor_after(
    rows: Sequence[R], limit: int, key: Callable[[R], tuple[dt.datetime, uuid.UUID]]
) -> str | None:
    """The cursor after the page of a :func:`_newest_first` query; ``None`` on the last."""
    return encode_cursor(*key(rows[limit - 1])) if len(rows) > limit else None


def _responses(db: Session, delivery_id: uuid.UUID, account_id: uuid.UUID) -> list[ResponseKind]:
    kinds = db.scalars(
        select(NoticeResponseRow.kind)
        .where(
            NoticeResponseRow.delivery_id == delivery_id,
            NoticeResponseRow.account_id == account_id,
        )
        .order_by(NoticeResponseRow.created_at)
    )
    return [ResponseKind(kind) for kind in kinds]


def _kind_of(row: DeliveryRow) -> Literal["finding", "digest", "reassurance"]:
    if row.finding_id is not None:
        return "finding"
    return "digest" if row.digest_id is not None else "reassurance"


def _notice(db: Session, row: DeliveryRow, relation: str, account: AccountRow) -> Notice:
    return Notice(
        id=row.id,
        subject_id=row.subject_id,
        kind=_kind_of(row),
        relation=relation,  # type: ignore[arg-type]
        created_at=row.created_at,
        read_at=row.read_at,
        items=items_of(db, row),
        responses=_responses(db, row.id, account.id),
    )


def notices_page(
    db: Session,
    ctx: ServerContext,
    account: AccountRow,
    subject_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> models.Page[Notice]:
    """Newest first; ``subject_id`` narrows a representative's inbox to one record."""
    receivers = _receivers(db, ctx, account)
    wanted = [s for s in receivers if subject_id is None or s == subject_id]
    if not wanted:
        return models.Page[Notice](items=[])
    query = select(DeliveryRow).where(
        DeliveryRow.account_id == account.id,
        DeliveryRow.state == DeliveryState.in_app.value,
        DeliveryRow.subject_id.in_(wanted),
    )
    query = _newest_first(query, DeliveryRow.created_at, DeliveryRow.id, limit, cursor)
    rows = list(db.scalars(query))
    items = [_notice(db, row, receivers[row.subject_id], account) for row in rows[:limit]]
    for shown in {row.subject_id for row in rows[:limit]}:
        log_access(db, ctx, shown, account, "notice.list")
    db.commit()
    next_cursor = _cursor_after(rows, limit, lambda row: (row.created_at, row.id))
    return models.Page[Notice](items=items, next_cursor=next_cursor)


def unread_count(db: Session, ctx: ServerContext, account: AccountRow) -> UnreadCount:
    """The caller's unread notices per record, counted in the database (one indexed query)."""
    receivers = _receivers(db, ctx, account)
    rows = (
        db.execute(
            select(DeliveryRow.subject_id, func.count())
            .where(
                DeliveryRow.account_id == account.id,
                DeliveryRow.read_at.is_(None),
                DeliveryRow.state == DeliveryState.in_app.value,
                DeliveryRow.subject_id.in_(list(receivers)),
            )
            .group_by(DeliveryRow.subject_id)
        ).all()
        if receivers
        else []
    )
    db.commit()
    records = [RecordUnread(subject_id=subject_id, unread=count) for subject_id, count in rows]
    records.sort(key=lambda record: str(record.subject_id))
    return UnreadCount(unread=sum(record.unread for record in records), records=records)


def _stop_topics(
    db: Session, ctx: ServerContext, account: AccountRow, subject: SubjectRow, row: DeliveryRow
) -> None:
    """'Stop this topic' from the victim turns the notice's topics off, as a new version."""
    kinds = {item.kind for item in items_of(db, row)}
    document = current_document(db, ctx, subject)
    topics = document.topics.model_copy(
        update={TOPIC_OF[FindingKind(kind)]: False for kind in kinds}
    )
    if topics == document.topics:
        return
    grant = SubjectGrant(subject, "self", frozenset(models.Permission))
    choices = document.model_dump(include=set(models.PreferenceChoices.model_fields))
    current = db.scalars(
        select(PreferenceVersionRow).where(
            PreferenceVersionRow.subject_id == subject.id,
            PreferenceVersionRow.version == document.version,
        )
    ).one()
    # Everything else stands as answered, to the same question texts.
    write = models.PreferenceWrite.model_validate(
        {
            **choices,
            "topics": topics.model_dump(),
            "questions_locale": current.questions_locale,
            "questions_version": current.questions_version,
        }
    )
    write_version(db, ctx, grant, account, write, document.version)
    log_access(db, ctx, subject.id, account, "preferences.write")


def respond(
    db: Session,
    ctx: ServerContext,
    account: AccountRow,
    notice_id: uuid.UUID,
    kind: ResponseKind,
) -> NoticeResponse:
    row = db.get(DeliveryRow, notice_id)
    receivers = _receivers(db, ctx, account)
    if (
        row is None
        or row.account_id != account.id
        or row.state != DeliveryState.in_app.value
        or row.subject_id not in receivers
    ):
        raise ProblemError(404, "notice-not-found", "There is no such notice.")
    now = ctx.now()
    relation = receivers[row.subject_id]
    if row.read_at is None or kind == ResponseKind.read:  # every stored answer is logged
        row.read_at = row.read_at or now
        log_access(db, ctx, row.subject_id, account, "notice.read")
    if kind == ResponseKind.stop_this_topic and relation == "self":
        subject = db.get(SubjectRow, row.subject_id)
        assert subject is not None
        _stop_topics(db, ctx, account, subject, row)
    response = NoticeResponseRow(
        id=uuid.uuid4(),
        delivery_id=row.id,
        subject_id=row.subject_id,
        account_id=account.id,
        relation=relation,
        responder_label=None if relation == "self" else account.username,
        kind=kind.value,
        created_at=now,
    )
    db.add(response)
    if kind != ResponseKind.read:
        log_access(db, ctx, row.subject_id, account, f"notice.response.{kind.value}")
    db.commit()
    return response_of(db, response, row)


def response_of(db: Session, response: NoticeResponseRow, row: DeliveryRow) -> NoticeResponse:
    finding_ids = (
        [row.finding_id]
        if row.finding_id is not None
        else list(db.scalars(select(FindingRow.id).where(FindingRow.digest_id == row.digest_id)))
    )
    return model_from_row(NoticeResponse, response, notice_id=row.id, finding_ids=finding_ids)


def responses_page(
    db: Session, subject_id: uuid.UUID, limit: int, cursor: str | None
) -> models.Page[NoticeResponse]:
    query = (
        select(NoticeResponseRow, DeliveryRow)
        .join(DeliveryRow, DeliveryRow.id == NoticeResponseRow.delivery_id)
        .where(NoticeResponseRow.subject_id == subject_id)
    )
    query = _newest_first(query, NoticeResponseRow.created_at, NoticeResponseRow.id, limit, cursor)
    rows = db.execute(query).all()
    items = [response_of(db, response, delivery) for response, delivery in rows[:limit]]
    next_cursor = _cursor_after(rows, limit, lambda row: (row[0].created_at, row[0].id))
    return models.Page[NoticeResponse](items=items, next_cursor=next_cursor)
