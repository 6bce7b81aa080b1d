"""Administrative actions shared by the admin CLI, the staff API and the app's demo mode.

Each function commits its own change. Errors a person can fix raise :class:`AdminError`
with a one-line message that contains no secret.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consent_common import activation_code
from consent_common.models import PASSPHRASE_MAX, PASSPHRASE_MIN, Role, SubjectCreate, Username
from consent_server.clock import age_on
from consent_server.context import prepare_sqlite_directory
from consent_server.crypto import load_cipher
from consent_server.db import make_engine, make_session_factory
from consent_server.passwords import hash_now, is_too_common
from consent_server.schema import ensure_schema
from consent_server.settings import ServerSettings
from consent_server.tables import AccountRow, ActivationCodeRow, SubjectRow
from consent_server.tokens import code_hash

_username = TypeAdapter(Username)


class AdminError(Exception):
    """A problem the operator can fix; ``str(error)`` is safe to print."""


class BirthDateInFuture(AdminError):
    """A date of birth after today (by the server's clock)."""

    def __init__(self) -> None:
        super().__init__("the date of birth is in the future")


@contextmanager
def connect(settings: ServerSettings) -> Iterator[Session]:
    """A database session on a migrated schema (migrating when ``settings.auto_migrate``)."""
    prepare_sqlite_directory(settings)
    engine = make_engine(settings.database_url)
    try:
        ensure_schema(engine, settings.auto_migrate, lambda: load_cipher(settings))
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def check_new_passphrase(passphrase: str, username: str) -> None:
    if not PASSPHRASE_MIN <= len(passphrase) <= PASSPHRASE_MAX:
        raise AdminError(f"the passphrase must be {PASSPHRASE_MIN} to {PASSPHRASE_MAX} characters")
    if is_too_common(passphrase, username):
        raise AdminError("this passphrase is too common; choose another")


def _add_unique(db: Session, row: AccountRow | SubjectRow, taken: str) -> None:
    """Store a new row whose name must be unique; ``taken`` says which name was not."""
    db.add(row)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise AdminError(taken) from None


def create_account(
    db: Session, settings: ServerSettings, username: str, passphrase: str, role: Role
) -> AccountRow:
    """Create a login; the passphrase is hashed here and never stored or logged as is."""
    try:
        _username.validate_python(username)
    except ValidationError:
        raise AdminError(
            "the username must be 3-40 letters, digits, '.', '_' or '-',"
            " starting with a letter or digit"
        ) from None
    check_new_passphrase(passphrase, username)
    now = settings.now()
    account = AccountRow.new(username, hash_now(passphrase), role.value, now)
    _add_unique(db, account, "this username is taken")
    return account


def create_staff(
    db: Session, settings: ServerSettings, username: str, passphrase: str
) -> AccountRow:
    return create_account(db, settings, username, passphrase, Role.staff)


def create_notifier(
    db: Session, settings: ServerSettings, username: str, passphrase: str
) -> AccountRow:
    """The machine account that asks for notification plans."""
    return create_account(db, settings, username, passphrase, Role.notifier)


def create_subject(
    db: Session,
    settings: ServerSettings,
    reference: str,
    date_of_birth: dt.date | None = None,
    language: str = "nl",
    created_by: uuid.UUID | None = None,
) -> SubjectRow:
    """A victim record known by a pseudonymous reference."""
    try:
        SubjectCreate(reference=reference, date_of_birth=date_of_birth, language=language)
    except ValidationError:
        raise AdminError(
            "the reference must be 1-64 letters, digits, '.', '_', '/' or '-'"
        ) from None
    now = settings.now()
    if date_of_birth is not None and date_of_birth > now.date():
        raise BirthDateInFuture()
    subject = SubjectRow(
        reference=reference,
        date_of_birth=date_of_birth,
        language=language,
        needs_reconsent=False,
        # Someone already of age when the record is made consents as an adult from the start.
        coming_of_age_marked=date_of_birth is not None
        and age_on(date_of_birth, now.date()) >= settings.coming_of_age,
        current_version=0,
        created_at=now,
        created_by=created_by,
    )
    _add_unique(db, subject, "a record with this reference exists")
    return subject


class IssuedCode(NamedTuple):
    """An activation code as issued: ``code`` is shown once and never kept."""

    code: str
    expires_at: dt.datetime


def issue_activation_code(
    db: Session,
    settings: ServerSettings,
    subject_id: uuid.UUID,
    role: str = "victim",
    issued_by: uuid.UUID | None = None,
) -> IssuedCode:
    """Issue a single-use code: grouped, e.g. ``7KQ2-M9XD-4HPA-R3TB`` (shown once), and when
    it expires.

    A new victim code replaces earlier unused ones for the same record, so a lost letter
    stops working as soon as a new one is sent.
    """
    if role not in ("victim", "representative"):
        raise AdminError("the role must be 'victim' or 'representative'")
    subject = db.get(SubjectRow, subject_id)
    if subject is None:
        raise AdminError("there is no record with this id")
    if role == "victim" and subject.account_id is not None:
        raise AdminError("this record already has an account")
    now = settings.now()
    if role == "victim":
        db.execute(
            update(ActivationCodeRow)
            .where(
                ActivationCodeRow.subject_id == subject_id,
                ActivationCodeRow.role == "victim",
                ActivationCodeRow.used_at.is_(None),
                ActivationCodeRow.expires_at > now,
            )
            .values(expires_at=now)
        )
    code = activation_code.generate()
    expires_at = now + settings.activation_code_ttl
    db.add(
        ActivationCodeRow(
            code_hash=code_hash(code),
            role=role,
            subject_id=subject_id,
            issued_by=issued_by,
            created_at=now,
            expires_at=expires_at,
        )
    )
    db.commit()
    return IssuedCode(activation_code.grouped(code), expires_at)


def find_account(db: Session, username: str) -> AccountRow | None:
    return db.scalars(select(AccountRow).where(AccountRow.username_key == username.lower())).first()
