"""Preference versions: the append-only history and the current document derived from it.

The hot path (read the current document, write a version) is SQLAlchemy Core with
statements built once, so no ORM loading or unit of work runs per request; the statements
are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from consent_common import models
from consent_server import identity_checks, victims_word
from consent_server.access import (
    CALLER_AND_RECORD_COLUMNS,
    CALLER_AND_RECORD_FROM,
    Actor,
    SubjectGrant,
    caller_and_subject_in,
)
from consent_server.auth import USABLE_TOKEN_WHERE, Caller
from consent_server.context import ServerContext
from consent_server.db import Database, connection_of
from consent_server.prepared import Prepared, PreparedRow, insert_all
from consent_server.problems import ProblemError, field_problem
from consent_server.questions import require_known
from consent_server.tables import (
    AccountRow,
    ContactDetailsRow,
    PreferenceVersionRow,
    SubjectRow,
    core_table,
)

_METHOD_BY_RELATION = {
    "self": models.ChangeMethod.self_service,
    "delegate": models.ChangeMethod.representative,
    "staff": models.ChangeMethod.assisted,
}


def _contact_context(subject_id: uuid.UUID, version: int) -> str:
    return f"{subject_id}:{version}"


# A preference version's columns as attributes: an ORM ``PreferenceVersionRow`` or a Core row.
VersionColumns = Any


def _choice_fields(
    ctx: ServerContext, row: VersionColumns, ciphertext: bytes | None
) -> dict[str, Any]:
    """A stored version's choices as plain values, validated once by the model that takes them."""
    secret: dict[str, Any] = {}
    if ciphertext is not None:
        secret = ctx.cipher.decrypt(ciphertext, _contact_context(row.subject_id, row.version))
    addresses = list(secret.get("addresses") or [])
    addresses += [None] * (len(row.channel_kinds) - len(addresses))
    return {
        "inform": row.inform,
        "topics": {
            "new_findings": row.topic_new_findings,
            "proceedings": row.topic_proceedings,
            "compensation": row.topic_compensation,
            "removal": row.topic_removal,
        },
        "recipients": row.recipients,
        "channels": [
            {"kind": kind, "address": address}
            for kind, address in zip(row.channel_kinds, addresses, strict=False)
        ],
        "safe_contact": {
            "hours": secret.get("hours"),
            "days": row.safe_days,
            "no_voicemail": row.no_voicemail,
            "no_post_to_home": row.no_post_to_home,
            "alternative_address": secret.get("alternative_address"),
            "discreet_sender": secret.get("discreet_sender"),
            "household_must_not_know": row.household_must_not_know,
        },
        "paused_until": row.paused_until,
        "language": row.language,
        "frequency": row.frequency,
        "reassurance": row.reassurance,
    }


def choices_of(
    ctx: ServerContext, row: VersionColumns, ciphertext: bytes | None
) -> models.PreferenceChoices:
    """The choices of a stored version; ``ciphertext`` is its contact details, if any."""
    return models.PreferenceChoices.model_validate(_choice_fields(ctx, row, ciphertext))


def _actor_fields(row: VersionColumns) -> dict[str, Any]:
    return {
        "account_id": row.actor_account_id,
        "role": row.actor_role,
        "relation": row.actor_relation,
        "label": row.actor_label,
    }


def actor_of(row: VersionColumns) -> models.Actor:
    return models.Actor.model_validate(_actor_fields(row))


_versions = core_table(PreferenceVersionRow)
_contacts = core_table(ContactDetailsRow)
_subjects = core_table(SubjectRow)
_ONE_VERSION = Prepared(
    select(_versions, _contacts.c.ciphertext.label("contact_ciphertext"))
    .outerjoin(_contacts, _contacts.c.preference_version_id == _versions.c.id)
    .where(
        _versions.c.subject_id == bindparam("subject_id"),
        _versions.c.version == bindparam("version"),
    )
)
_CLAIM_VERSION = Prepared(
    update(_subjects)
    .where(_subjects.c.id == bindparam("subject"), _subjects.c.current_version == bindparam("old"))
    .values(current_version=bindparam("new"))
)
_INSERT_VERSION = Prepared(insert_all(_versions))
_INSERT_CONTACT = Prepared(insert_all(_contacts))


# The caller behind the access token, the record, its current version and that version's
# contact details, in one statement: the whole read of a plain GET. The record's columns
# are named ``record_`` + key (the record and the version share column names); a record
# that is not there, or at version 0, leaves its outer-joined columns ``None``.
_CALLER_AND_RECORD = Prepared(
    select(
        *CALLER_AND_RECORD_COLUMNS,
        _versions,
        _contacts.c.ciphertext.label("contact_ciphertext"),
    )
    .select_from(
        CALLER_AND_RECORD_FROM.outerjoin(
            _versions,
            (_versions.c.subject_id == _subjects.c.id)
            & (_versions.c.version == _subjects.c.current_version),
        ).outerjoin(_contacts, _contacts.c.preference_version_id == _versions.c.id)
    )
    .where(*USABLE_TOKEN_WHERE)
)


@dataclass(frozen=True)
class RecordWithCurrent:
    """A record as read by :func:`caller_and_record`, with its current version's row."""

    subject: SubjectRow
    current: PreparedRow  # the version's columns are ``None`` at version 0

    def document(self, ctx: ServerContext) -> models.Preferences:
        """:func:`current_document` of the record, from the row already read."""
        return _document_or_nothing(ctx, self.subject.id, self.current)


def caller_and_record(
    db: Database, token: Mapping[str, object], subject_id: uuid.UUID
) -> tuple[Caller, RecordWithCurrent | None]:
    """The caller behind the access token (``auth.token_parameters``; else 401), the record
    (``None``: there is none) and its current version with that version's contact details,
    in one statement."""
    found = _CALLER_AND_RECORD.first(connection_of(db), {**token, "id": subject_id})
    caller, subject = caller_and_subject_in(found)
    if subject is None:
        return caller, None
    assert found is not None  # the record came from it
    return caller, RecordWithCurrent(subject, found)


def load_version(db: Database, subject_id: uuid.UUID, version: int) -> PreparedRow | None:
    """One stored version (its columns, and its contact details as ``contact_ciphertext``)."""
    return _ONE_VERSION.first(connection_of(db), {"subject_id": subject_id, "version": version})


def document_at(
    db: Database, ctx: ServerContext, subject_id: uuid.UUID, version: int
) -> models.Preferences:
    """The preferences document as it stood at ``version`` (0: nothing decided yet)."""
    row = load_version(db, subject_id, version) if version > 0 else None
    return _document_or_nothing(ctx, subject_id, row)


def _document_or_nothing(
    ctx: ServerContext, subject_id: uuid.UUID, row: VersionColumns | None
) -> models.Preferences:
    """The document of a stored version's row; without one (or an empty outer-joined one),
    the document of a record with nothing recorded yet."""
    if row is None or row.version is None:
        # Nothing recorded: every question is open. "undecided" is never read as consent.
        return models.Preferences(
            subject_id=subject_id,
            version=0,
            updated_at=None,
            updated_by=None,
            topics=models.NO_TOPICS,  # nothing chosen yet: nothing ticked beforehand
        )
    return document_of(ctx, row, row.contact_ciphertext)


def document_of(
    ctx: ServerContext, row: VersionColumns, ciphertext: bytes | None
) -> models.Preferences:
    """The document of a stored version's row and its contact details' ciphertext."""
    # One validation of the whole document (pydantic's core does the nested parts).
    return models.Preferences.model_validate(
        {
            **_choice_fields(ctx, row, ciphertext),
            "subject_id": row.subject_id,
            "version": row.version,
            "updated_at": row.created_at,
            "updated_by": _actor_fields(row),
        }
    )


def current_document(db: Database, ctx: ServerContext, subject: SubjectRow) -> models.Preferences:
    return document_at(db, ctx, subject.id, subject.current_version)


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
) -> models.Preferences:
    """Append a version if ``expected_version`` is still current; else 412 with the current state.

    Returns the new document, made from what was written (not read back). Does not commit,
    so the caller can store its idempotency record in the same transaction.
    """
    written = append_version(db, ctx, grant, account, body, expected_version)
    if written is None:
        db.rollback()
        subject = db.get(SubjectRow, grant.subject.id, populate_existing=True)
        assert subject is not None
        raise ProblemError(
            412,
            "precondition-failed",
            "Someone else changed these preferences first.",
            current=current_document(db, ctx, subject),
        )
    return written


def append_version(
    db: Database,
    ctx: ServerContext,
    grant: SubjectGrant,
    account: Actor,
    body: models.PreferenceWrite,
    expected_version: int,
) -> models.Preferences | None:
    """:func:`write_version` up to the 412: ``None`` (nothing written) when
    ``expected_version`` is no longer current."""
    method = _method_for(grant, body)
    require_known(db, body.questions_version)
    if method not in victims_word.VICTIMS_OWN_METHODS:
        assert isinstance(db, Session), "a representative's write reads the victim's word"
        victims_word.check_write(db, grant.subject.id, method, body.inform)
    subject_id = grant.subject.id
    new_version = expected_version + 1
    connection = connection_of(db)
    claimed = _CLAIM_VERSION.run(
        connection, {"subject": subject_id, "old": expected_version, "new": new_version}
    )
    if claimed != 1:
        return None
    version_id = uuid.uuid4()
    created_at = ctx.now().astimezone(dt.UTC)
    actor_label = None if grant.relation == "self" else account.username
    _INSERT_VERSION.run(
        connection,
        {
            "id": version_id,
            "subject_id": subject_id,
            "version": new_version,
            "inform": body.inform.value,
            "topic_new_findings": body.topics.new_findings,
            "topic_proceedings": body.topics.proceedings,
            "topic_compensation": body.topics.compensation,
            "topic_removal": body.topics.removal,
            "recipients": body.recipients.value,
            "channel_kinds": [channel.kind.value for channel in body.channels],
            "safe_days": [day.value for day in body.safe_contact.days],
            "no_voicemail": body.safe_contact.no_voicemail,
            "no_post_to_home": body.safe_contact.no_post_to_home,
            "household_must_not_know": body.safe_contact.household_must_not_know,
            "paused_until": body.paused_until,
            "language": body.language,
            "frequency": body.frequency.value,
            "reassurance": body.reassurance.value,
            "actor_account_id": account.id,
            "actor_role": account.role,
            "actor_relation": grant.relation,
            "actor_label": actor_label,
            "method": method.value,
            "on_behalf_of": subject_id,
            "questions_locale": body.questions_locale,
            "questions_version": body.questions_version,
            "identity_check_ciphertext": (
                identity_checks.seal(
                    ctx.cipher, body.assisted.identity_check, subject_id, new_version
                )
                if body.assisted
                else None
            ),
            "read_back_confirmed": body.assisted.read_back_confirmed if body.assisted else None,
            "created_at": created_at,
        },
    )
    addresses = [channel.address for channel in body.channels]
    free_text = {
        "hours": body.safe_contact.hours,
        "alternative_address": body.safe_contact.alternative_address,
        "discreet_sender": body.safe_contact.discreet_sender,
    }
    if any(addresses) or any(free_text.values()):
        _INSERT_CONTACT.run(
            connection,
            {
                "id": uuid.uuid4(),
                "preference_version_id": version_id,
                "subject_id": subject_id,
                "ciphertext": ctx.cipher.encrypt(
                    {"addresses": addresses, **free_text},
                    _contact_context(subject_id, new_version),
                ),
            },
        )
    # What the UPDATE above stored; set without marking the row changed (no second UPDATE).
    set_committed_value(grant.subject, "current_version", new_version)
    return models.Preferences(
        **{name: getattr(body, name) for name in models.PreferenceChoices.model_fields},
        subject_id=subject_id,
        version=new_version,
        updated_at=created_at,
        updated_by=models.Actor(
            account_id=account.id,
            role=models.Role(account.role),
            relation=grant.relation,
            label=actor_label,
        ),
    )
