"""indexes so the notices paths never read a whole table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:00:00

Found with EXPLAIN QUERY PLAN over every statement of the notices paths
(tests/server/test_notices_query_plans.py):

- the staff work-list read every row of ``first_contacts`` to find those not done;
- the scheduled step walked an index of every finding to list the held ones in victim
  order; it no longer asks for that order, and ``ix_findings_held`` holds only held ones;
- the yearly reassurance read every preference version to find who chose it;
- the inbox count gets an index on a recipient's unread notices.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HELD = sa.text("held_until IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_findings_held", table_name="findings")
    op.create_index(
        "ix_findings_held",
        "findings",
        ["held_until", "subject_id"],
        sqlite_where=HELD,
        postgresql_where=HELD,
    )
    op.create_index(
        "ix_first_contacts_waiting", "first_contacts", ["done_at", "since", "subject_id"]
    )
    op.create_index(
        "ix_preference_versions_reassurance", "preference_versions", ["reassurance", "created_at"]
    )
    op.create_index("ix_deliveries_unread", "deliveries", ["account_id", "read_at", "state"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_unread", table_name="deliveries")
    op.drop_index("ix_preference_versions_reassurance", table_name="preference_versions")
    op.drop_index("ix_first_contacts_waiting", table_name="first_contacts")
    op.drop_index("ix_findings_held", table_name="findings")
    op.create_index("ix_findings_held", "findings", ["held_until", "subject_id"])
