"""access log by actor: an index for a staff member's recent records

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_access_log_actor_at", "access_log", ["actor_account_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_access_log_actor_at", table_name="access_log")
