"""Reading the history of a subject's preferences: pages of versions and consent receipts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_common import models
from consent_server import identity_checks
from consent_server.access import SubjectGrant
from consent_server.context import ServerContext
from consent_server.paging import key_cursor, newest_first
from consent_server.preferences import actor_of, choices_of, load_version
from consent_server.problems import ProblemError
from consent_server.tables import ContactDetailsRow, PreferenceVersionRow


def history_page(
    db: Session, ctx: ServerContext, grant: SubjectGrant, limit: int, cursor: str | None
) -> models.Page[models.PreferenceVersion]:
    """A page of versions, newest first; the identity-check note only for its readers."""
    subject_id = grant.subject.id
    query = (
        select(PreferenceVersionRow, ContactDetailsRow)
        .outerjoin(
            ContactDetailsRow, ContactDetailsRow.preference_version_id == PreferenceVersionRow.id
        )
        .where(PreferenceVersionRow.subject_id == subject_id)
    )
    query = newest_first(query, PreferenceVersionRow.version, limit, cursor)
    rows = db.execute(query).all()
    items = [
        models.PreferenceVersion(
            version=row.version,
            preferences=choices_of(ctx, row, contact.ciphertext if contact else None),
            actor=actor_of(row),
            method=models.ChangeMethod(row.method),
            on_behalf_of=row.on_behalf_of,
            questions_locale=row.questions_locale,
            questions_version=row.questions_version,
            identity_check=identity_checks.for_reader(
                ctx.cipher, grant, row.identity_check_ciphertext, subject_id, row.version
            ),
            read_back_confirmed=row.read_back_confirmed,
            created_at=row.created_at,
        )
        for row, contact in rows[:limit]
    ]
    next_cursor = key_cursor(rows, limit, lambda row: row[0].version)
    return models.Page[models.PreferenceVersion](items=items, next_cursor=next_cursor)


def receipt(
    db: Session, ctx: ServerContext, grant: SubjectGrant, version: int
) -> models.ConsentReceipt:
    subject_id = grant.subject.id
    row = load_version(db, subject_id, version) if version > 0 else None
    if row is None:
        raise ProblemError(404, "version-not-found", "There is no such version.")
    return models.ConsentReceipt(
        receipt_id=row.id,
        version=row.version,
        subject_id=subject_id,
        consent_timestamp=row.created_at,
        collection_method=models.ChangeMethod(row.method),
        actor=actor_of(row),
        language=row.questions_locale,
        notice_version=row.questions_version,
        purposes={
            "new_findings": row.topic_new_findings,
            "proceedings": row.topic_proceedings,
            "compensation": row.topic_compensation,
            "removal": row.topic_removal,
        },
        decision=models.Inform(row.inform),
        recipients=models.Recipients(row.recipients),
        channels=[models.ChannelKind(kind) for kind in row.channel_kinds],
        paused_until=row.paused_until,
        controller=ctx.settings.controller,
        on_behalf_of=row.on_behalf_of,
        identity_check=identity_checks.for_reader(
            ctx.cipher, grant, row.identity_check_ciphertext, subject_id, row.version
        ),
        read_back_confirmed=row.read_back_confirmed,
    )
