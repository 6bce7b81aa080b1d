"""notices: findings, deliveries, answers, first contacts; volume control in preferences

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 19:50:00

Existing preference versions read as frequency "each" and reassurance "none".
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "findings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("case_reference", sa.String(length=64), nullable=False),
        sa.Column("authority", sa.String(length=100), nullable=False),
        sa.Column("join_deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=40), nullable=False),
        sa.Column("held", sa.String(length=20), nullable=True),
        sa.Column("held_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digest_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name=op.f("fk_findings_created_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_findings_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("created_by", "idempotency_key", name=op.f("uq_findings_created_by")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_digest_id"), ["digest_id"], unique=False)
        batch_op.create_index("ix_findings_held", ["held_until", "subject_id"], unique=False)
        batch_op.create_index(
            "ix_findings_subject_created", ["subject_id", "created_at"], unique=False
        )

    op.create_table(
        "first_contacts",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_first_contacts_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_first_contacts")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=True),
        sa.Column("digest_id", sa.Uuid(), nullable=True),
        sa.Column("recipient", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_deliveries_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_deliveries_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_deliveries_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deliveries_account_created", ["account_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deliveries_finding_id"), ["finding_id"], unique=False)
        batch_op.create_index("ix_deliveries_open_due", ["open", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_deliveries_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "notice_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("responder_label", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_notice_responses_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["deliveries.id"],
            name=op.f("fk_notice_responses_delivery_id_deliveries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_notice_responses_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_responses")),
    )
    with op.batch_alter_table("notice_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notice_responses_delivery_id"), ["delivery_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notice_responses_subject_id"), ["subject_id"], unique=False
        )

    with op.batch_alter_table("preference_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("frequency", sa.String(length=20), server_default="each", nullable=False)
        )
        batch_op.add_column(
            sa.Column("reassurance", sa.String(length=10), server_default="none", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("preference_versions", schema=None) as batch_op:
        batch_op.drop_column("reassurance")
        batch_op.drop_column("frequency")

    with op.batch_alter_table("notice_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_responses_subject_id"))
        batch_op.drop_index(batch_op.f("ix_notice_responses_delivery_id"))

    op.drop_table("notice_responses")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_subject_id"))
        batch_op.drop_index("ix_deliveries_open_due")
        batch_op.drop_index(batch_op.f("ix_deliveries_finding_id"))
        batch_op.drop_index("ix_deliveries_account_created")

    op.drop_table("deliveries")
    op.drop_table("first_contacts")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index("ix_findings_subject_created")
        batch_op.drop_index("ix_findings_held")
        batch_op.drop_index(batch_op.f("ix_findings_digest_id"))

    op.drop_table("findings")
