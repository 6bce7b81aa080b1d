"""encrypt staff's identity-check note

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-01 20:05:00

The note ("in person, passport") was plain text in ``preference_versions.identity_check``.
It moves to ``identity_check_ciphertext``, AES-256-GCM with the data key like contact details
(bound to ``identity-check:<subject id>:<version>``). Existing notes are encrypted here, so
this step needs the data key whenever a note exists: ``consent-server migrate`` and the
server hand it over (``consent_server.schema.upgrade(engine, cipher=...)``).
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_versions = sa.table(
    "preference_versions",
    sa.column("id", sa.Uuid()),
    sa.column("subject_id", sa.Uuid()),
    sa.column("version", sa.Integer()),
    sa.column("identity_check", sa.String()),
    sa.column("identity_check_ciphertext", sa.LargeBinary()),
)


def _context(subject_id: object, version: int) -> str:
    return f"identity-check:{subject_id}:{version}"


def _cipher() -> Any:
    source: Callable[[], Any] | None = context.config.attributes.get("cipher")
    if source is None:
        raise RuntimeError(
            "encrypting identity-check notes needs the data key: run `consent-server migrate`"
        )
    return source()


def _erase_freed_pages() -> None:
    """SQLite keeps deleted text in free pages unless told to overwrite it."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")


def upgrade() -> None:
    with op.batch_alter_table("preference_versions") as batch:
        batch.add_column(sa.Column("identity_check_ciphertext", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _versions.c.id,
            _versions.c.subject_id,
            _versions.c.version,
            _versions.c.identity_check,
        ).where(_versions.c.identity_check.is_not(None))
    ).all()
    if rows:
        cipher = _cipher()
        _erase_freed_pages()
        for row in rows:
            sealed = cipher.encrypt(
                {"identity_check": row.identity_check}, _context(row.subject_id, row.version)
            )
            bind.execute(
                _versions.update()
                .where(_versions.c.id == row.id)
                .values(identity_check_ciphertext=sealed, identity_check=None)
            )
    with op.batch_alter_table("preference_versions") as batch:
        batch.drop_column("identity_check")


def downgrade() -> None:
    with op.batch_alter_table("preference_versions") as batch:
        batch.add_column(sa.Column("identity_check", sa.String(length=200), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _versions.c.id,
            _versions.c.subject_id,
            _versions.c.version,
            _versions.c.identity_check_ciphertext,
        ).where(_versions.c.identity_check_ciphertext.is_not(None))
    ).all()
    if rows:
        cipher = _cipher()
        for row in rows:
            note = cipher.decrypt(
                row.identity_check_ciphertext, _context(row.subject_id, row.version)
            )["identity_check"]
            bind.execute(
                _versions.update().where(_versions.c.id == row.id).values(identity_check=note)
            )
    with op.batch_alter_table("preference_versions") as batch:
        batch.drop_column("identity_check_ciphertext")
