"""Preference versions: the append-only history and the current document derived from it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consent_common import models
from consent_server import identity_checks, victims_word
from consent_server.access import SubjectGrant
from consent_server.context import ServerContext
from consent_server.problems import ProblemError, field_problem
from consent_server.questions import require_known
from consent_server.tables import (
    AccountRow,
    ContactDetailsRow,
    PreferenceVersionRow,
    SubjectRow,
)

_METHOD_BY_RELATION = {
    "self": models.ChangeMethod.self_service,
    "delegate": models.ChangeMethod.representative,
    "staff": models.ChangeMethod.assisted,
}


def _contact_context(subject_id: uuid.UUID, version: int) -> str:
    return f"{subject_id}:{version}"


def choices_of(
    ctx: ServerContext, row: PreferenceVersionRow, contact: ContactDetailsRow | None
) -> models.PreferenceChoices:
    secret: dict[str, object] = {}
    if contact is not None:
        secret = ctx.cipher.decrypt(
            contact.ciphertext, _contact_context(row.subject_id, row.version)
        )
    addresses = list(secret.get("addresses") or [])  # type: ignore[call-overload]
    addresses += [None] * (len(row.channel_kinds) - len(addresses))
    return models.PreferenceChoices(
        inform=models.Inform(row.inform),
        topics=models.Topics(
            new_findings=row.topic_new_findings,
            proceedings=row.topic_proceedings,
            compensation=row.topic_compensation,
            removal=row.topic_removal,
        ),
        recipients=models.Recipients(row.recipients),
        channels=[
            models.Channel(kind=models.ChannelKind(kind), address=address)
            for kind, address in zip(row.channel_kinds, addresses, strict=False)
        ],
        safe_contact=models.SafeContact(
            hours=secret.get("hours"),  # type: ignore[arg-type]
            days=[models.Weekday(day) for day in row.safe_days],
            no_voicemail=row.no_voicemail,
            no_post_to_home=row.no_post_to_home,
            alternative_address=secret.get("alternative_address"),  # type: ignore[arg-type]
            discreet_sender=secret.get("discreet_sender"),  # type: ignore[arg-type]
            household_must_not_know=row.household_must_not_know,
        ),
        paused_until=row.paused_until,
        language=row.language,
        frequency=models.Frequency(row.frequency),
        reassurance=models.Reassurance(row.reassurance),
    )


def actor_of(row: PreferenceVersionRow) -> models.Actor:
    return models.Actor(
        account_id=row.actor_account_id,
        role=models.Role(row.actor_role) if row.actor_role else None,
        relation=row.actor_relation,  # type: ignore[arg-type]
        label=row.actor_label,
    )


def load_version(
    db: Session, subject_id: uuid.UUID, version: int
) -> tuple[PreferenceVersionRow, ContactDetailsRow | None] | None:
    found = db.execute(
        select(PreferenceVersionRow, ContactDetailsRow)
        .outerjoin(
            ContactDetailsRow, ContactDetailsRow.preference_version_id == PreferenceVersionRow.id
        )
        .where(
            PreferenceVersionRow.subject_id == subject_id, PreferenceVersionRow.version == version
        )
    ).one_or_none()
    return None if found is None else (found[0], found[1])


def document_at(
    db: Session, ctx: ServerContext, subject_id: uuid.UUID, version: int
) -> models.Preferences:
    """The preferences document as it stood at ``version`` (0: nothing decided yet)."""
    found = load_version(db, subject_id, version) if version > 0 else None
    if found is None:
        # Nothing recorded: every question is open. "undecided" is never read as consent.
        return models.Preferences(
            subject_id=subject_id,
            version=0,
            updated_at=None,
            updated_by=None,
            topics=models.NO_TOPICS,  # nothing chosen yet: nothing ticked beforehand
        )
    return _document(ctx, *found)


def _document(
    ctx: ServerContext, row: PreferenceVersionRow, contact: ContactDetailsRow | None
) -> models.Preferences:
    return models.Preferences(
        **dict(choices_of(ctx, row, contact)),
        subject_id=row.subject_id,
        version=row.version,
        updated_at=row.created_at,
        updated_by=actor_of(row),
    )


def current_document(db: Session, ctx: ServerContext, subject: SubjectRow) -> models.Preferences:
    return document_at(db, ctx, subject.id, subject.current_version)


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
            found[row.subject_id] = _document(ctx, row, contact)
    for subject_id, version in versions.items():
        if subject_id not in found:
            found[subject_id] = document_at(db, ctx, subject_id, version)
    return found


def _method_for(grant: SubjectGrant, body: models.PreferenceWrite) -> models.ChangeMethod:
    if grant.relation == "staff":
        if body.assisted is None:
            raise field_problem(
                "assisted-entry-required", ["body", "assisted"], "Record how identity was checked."
            )
        if not body.assisted.read_back_confirmed:
            raise field_problem(
                "read-back-required",
                ["body", "assisted", "read_back_confirmed"],
                "Read the summary back to the victim first.",
            )
    elif body.assisted is not None:
        raise field_problem(
            "assisted-entry-not-allowed",
            ["body", "assisted"],
            "Only staff record assisted entries.",
        )
    return _METHOD_BY_RELATION[grant.relation]


def write_version(
    db: Session,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: AccountRow,
    body: models.PreferenceWrite,
    expected_version: int,
) -> PreferenceVersionRow:
    """Append a version if ``expected_version`` is still current; else 412 with the current state.

    Does not commit, so the caller can store its idempotency record in the same transaction.
    """
    method = _method_for(grant, body)
    require_known(db, body.questions_version)
    victims_word.check_write(db, grant.subject.id, method, body.inform)
    subject_id = grant.subject.id
    new_version = expected_version + 1
    claimed = db.execute(
        update(SubjectRow)
        .where(SubjectRow.id == subject_id, SubjectRow.current_version == expected_version)
        .values(current_version=new_version)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        subject = db.get(SubjectRow, subject_id, populate_existing=True)
        assert subject is not None
        raise ProblemError(
            412,
            "precondition-failed",
            "Someone else changed these preferences first.",
            current=current_document(db, ctx, subject),
        )
    row = PreferenceVersionRow(
        subject_id=subject_id,
        version=new_version,
        inform=body.inform.value,
        topic_new_findings=body.topics.new_findings,
        topic_proceedings=body.topics.proceedings,
        topic_compensation=body.topics.compensation,
        topic_removal=body.topics.removal,
        recipients=body.recipients.value,
        channel_kinds=[channel.kind.value for channel in body.channels],
        safe_days=[day.value for day in body.safe_contact.days],
        no_voicemail=body.safe_contact.no_voicemail,
        no_post_to_home=body.safe_contact.no_post_to_home,
        household_must_not_know=body.safe_contact.household_must_not_know,
        paused_until=body.paused_until,
        language=body.language,
        frequency=body.frequency.value,
        reassurance=body.reassurance.value,
        actor_account_id=account.id,
        actor_role=account.role,
        actor_relation=grant.relation,
        actor_label=None if grant.relation == "self" else account.username,
        method=method.value,
        on_behalf_of=subject_id,
        questions_locale=body.questions_locale,
        questions_version=body.questions_version,
        identity_check_ciphertext=(
            identity_checks.seal(ctx.cipher, body.assisted.identity_check, subject_id, new_version)
            if body.assisted
            else None
        ),
        read_back_confirmed=body.assisted.read_back_confirmed if body.assisted else None,
        created_at=ctx.now(),
    )
    db.add(row)
    db.flush()
    addresses = [channel.address for channel in body.channels]
    free_text = {
        "hours": body.safe_contact.hours,
        "alternative_address": body.safe_contact.alternative_address,
        "discreet_sender": body.safe_contact.discreet_sender,
    }
    if any(addresses) or any(free_text.values()):
        db.add(
            ContactDetailsRow(
                preference_version_id=row.id,
                subject_id=subject_id,
                ciphertext=ctx.cipher.encrypt(
                    {"addresses": addresses, **free_text},
                    _contact_context(subject_id, new_version),
                ),
            )
        )
    grant.subject.current_version = new_version
    return row
