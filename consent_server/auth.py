"""Login sessions: issuing, checking, rotating and revoking opaque token pairs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Row, bindparam, select, update
from sqlalchemy.orm import Session

from consent_common import models
from consent_server.context import ServerContext
from consent_server.db import Database, connection_of
from consent_server.prepared import Prepared, PreparedRow
from consent_server.problems import unauthorized
from consent_server.row_models import model_from_row
from consent_server.tables import (
    AccountRow,
    LoginSessionRow,
    SessionTokenRow,
    core_table,
    detached_row,
)
from consent_server.tokens import new_token, token_hash


@dataclass(frozen=True)
class Authenticated:
    """The account behind a valid access token, and the login it belongs to."""

    account: AccountRow
    family_id: uuid.UUID


def account_model(account: AccountRow) -> models.Account:
    return model_from_row(models.Account, account)


def _issue_pair(
    db: Session, ctx: ServerContext, family: LoginSessionRow
) -> tuple[str, str, SessionTokenRow]:
    now = ctx.now()
    settings = ctx.settings
    access, refresh = new_token(), new_token()
    row = SessionTokenRow(
        family_id=family.id,
        access_hash=token_hash(access),
        refresh_hash=token_hash(refresh),
        issued_at=now,
        access_expires_at=min(now + settings.access_token_ttl, family.absolute_expires_at),
        refresh_expires_at=min(now + settings.refresh_idle_ttl, family.absolute_expires_at),
    )
    db.add(row)
    return access, refresh, row


def _session_model(
    account: AccountRow, access: str, refresh: str, row: SessionTokenRow
) -> models.Session:
    return models.Session(
        access_token=access,
        refresh_token=refresh,
        expires_at=row.access_expires_at,
        refresh_expires_at=row.refresh_expires_at,
        account=account_model(account),
    )


def start_session(db: Session, ctx: ServerContext, account: AccountRow) -> models.Session:
    """A new login for ``account``; commits."""
    now = ctx.now()
    family = LoginSessionRow(
        account_id=account.id,
        created_at=now,
        absolute_expires_at=now + ctx.settings.session_absolute_ttl,
    )
    db.add(family)
    db.flush()
    access, refresh, row = _issue_pair(db, ctx, family)
    db.commit()
    return _session_model(account, access, refresh, row)


def _token_with_login(
    db: Session, which: ColumnElement[bool]
) -> Row[SessionTokenRow, LoginSessionRow, AccountRow] | None:
    """The token that ``which`` picks, with its login and account; ``None`` when unknown."""
    return db.execute(
        select(SessionTokenRow, LoginSessionRow, AccountRow)
        .join(LoginSessionRow, LoginSessionRow.id == SessionTokenRow.family_id)
        .join(AccountRow, AccountRow.id == LoginSessionRow.account_id)
        .where(which)
    ).one_or_none()


_tokens = core_table(SessionTokenRow).c
_logins = core_table(LoginSessionRow).c
_accounts = core_table(AccountRow).c
_ACCOUNT_COLUMNS = tuple(_accounts)
_ACCOUNT_KEYS = tuple(column.key for column in _ACCOUNT_COLUMNS)

# The token, its login and its account, for statements that read them with other things.
USABLE_TOKENS = (
    core_table(SessionTokenRow)
    .join(core_table(LoginSessionRow), _logins.id == _tokens.family_id)
    .join(core_table(AccountRow), _accounts.id == _logins.account_id)
)
# Only a usable token matches (not superseded, login not revoked, neither expired): the
# parameters are ``access_hash`` and ``now`` (:func:`token_parameters`).
USABLE_TOKEN_WHERE = (
    _tokens.access_hash == bindparam("access_hash"),
    _tokens.superseded_at.is_(None),
    _tokens.access_expires_at > bindparam("now"),
    _logins.revoked_at.is_(None),
    _logins.absolute_expires_at > bindparam("now"),
)
# What :class:`Caller` is made of, named so they can stand next to other tables' columns.
CALLER_COLUMNS = (
    _accounts.id.label("caller_id"),
    _accounts.role.label("caller_role"),
    _accounts.username.label("caller_username"),
)
# Built once in SQLAlchemy Core, compiled once per dialect, run on the driver's cursor
# (consent_server.prepared): no ORM loading, no per-execution machinery.
_USABLE_ACCESS_TOKEN = Prepared(
    select(_logins.id.label("family_id"), *_ACCOUNT_COLUMNS)
    .select_from(USABLE_TOKENS)
    .where(*USABLE_TOKEN_WHERE)
)


def token_parameters(ctx: ServerContext, access_token: str | None) -> dict[str, object]:
    """The parameters of a statement over :data:`USABLE_TOKEN_WHERE` for ``access_token``.

    401 when there is none, or it is too short or too long to be one of ours: such a token
    is never looked up.
    """
    if access_token is None or not 16 <= len(access_token) <= 200:
        raise unauthorized()
    return {"access_hash": token_hash(access_token), "now": ctx.now()}


def authenticate(
    db: Database, ctx: ServerContext, access_token: str | None
) -> Authenticated | None:
    """The login behind a usable access token, in one indexed query on ``db``'s transaction.

    The account comes back as a detached row built from the query's columns (no ORM load);
    to change the account, load it into a session (``db.get``).
    """
    found = _USABLE_ACCESS_TOKEN.first(connection_of(db), token_parameters(ctx, access_token))
    if found is None:
        return None
    account = detached_row(AccountRow, {key: getattr(found, key) for key in _ACCOUNT_KEYS})
    return Authenticated(account=account, family_id=found.family_id)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a request, as much of the account as a grant, an audit row and a version
    need (an :class:`consent_server.access.Actor`): read with what the request reads
    first, in one statement, where the whole account is not needed."""

    id: uuid.UUID
    role: str
    username: str


def caller_from(found: PreparedRow | None) -> Caller:
    """The caller in a row of a statement with :data:`CALLER_COLUMNS` over
    :data:`USABLE_TOKEN_WHERE`; no row: the token is not usable (401)."""
    if found is None:
        raise unauthorized()
    return Caller(found.caller_id, found.caller_role, found.caller_username)


def refresh_session(db: Session, ctx: ServerContext, refresh_token: str) -> models.Session | None:
    """Exchange a refresh token for a new pair; a replayed old one revokes the whole login.

    Returns None (and commits any revocation) when the token is not usable.
    """
    now = ctx.now()
    found = _token_with_login(db, SessionTokenRow.refresh_hash == token_hash(refresh_token))
    if found is None:
        return None
    token, family, account = found
    if family.revoked_at is not None:
        return None
    if token.superseded_at is not None:
        # Someone is using a refresh token that was already exchanged: one of the two holders
        # is not the user. End the login for both.
        revoke_family(db, ctx, family.id, "refresh-token-reuse")
        db.commit()
        return None
    if token.refresh_expires_at <= now or family.absolute_expires_at <= now:
        return None
    # Compare-and-set, so two concurrent refreshes with one token cannot both succeed.
    claimed = db.execute(
        update(SessionTokenRow)
        .where(SessionTokenRow.id == token.id, SessionTokenRow.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        return None
    access, refresh, row = _issue_pair(db, ctx, family)
    db.commit()
    return _session_model(account, access, refresh, row)


def revoke_family(db: Session, ctx: ServerContext, family_id: uuid.UUID, reason: str) -> None:
    db.execute(
        update(LoginSessionRow)
        .where(LoginSessionRow.id == family_id, LoginSessionRow.revoked_at.is_(None))
        .values(revoked_at=ctx.now(), revoked_reason=reason)
    )


def revoke_other_sessions(
    db: Session, ctx: ServerContext, account_id: uuid.UUID, keep: uuid.UUID | None
) -> None:
    query = update(LoginSessionRow).where(
        LoginSessionRow.account_id == account_id, LoginSessionRow.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(LoginSessionRow.id != keep)
    db.execute(query.values(revoked_at=ctx.now(), revoked_reason="passphrase-changed"))
