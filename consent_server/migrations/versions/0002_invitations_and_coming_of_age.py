"""invitations and coming of age

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 21:11:15.497387
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COMING_OF_AGE = 18  # the default of ServerSettings.coming_of_age when this revision was made


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name=op.f("fk_invitations_created_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_invitations_subject_id_subjects")
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["accounts.id"],
            name=op.f("fk_invitations_used_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invitations_code_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_subject_id"), ["subject_id"], unique=False)

    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "coming_of_age_marked", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.create_index(
            "ix_subjects_coming_of_age", ["coming_of_age_marked", "date_of_birth"], unique=False
        )
        batch_op.create_index("ix_subjects_needs_reconsent", ["needs_reconsent"], unique=False)
    _mark_records_made_for_adults()


def _mark_records_made_for_adults() -> None:
    """Records made for someone already of age never 'come of age': no re-consent for them."""
    subjects = sa.table(
        "subjects",
        sa.column("id", sa.Uuid()),
        sa.column("date_of_birth", sa.Date()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("coming_of_age_marked", sa.Boolean()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(subjects.c.id, subjects.c.date_of_birth, subjects.c.created_at).where(
            subjects.c.date_of_birth.is_not(None)
        )
    ).all()
    for subject_id, born, created_at in rows:
        day: dt.date = created_at.date() if isinstance(created_at, dt.datetime) else created_at
        age = day.year - born.year - int((day.month, day.day) < (born.month, born.day))
        if age >= _COMING_OF_AGE:
            connection.execute(
                sa.update(subjects)
                .where(subjects.c.id == subject_id)
                .values(coming_of_age_marked=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_subjects_needs_reconsent")
        batch_op.drop_index("ix_subjects_coming_of_age")
        batch_op.drop_column("coming_of_age_marked")

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_subject_id"))

    op.drop_table("invitations")
