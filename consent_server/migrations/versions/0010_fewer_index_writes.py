"""fewer index pages written by every read and write of preferences

Revision ID: 0010
Revises: 0009

Every GET of preferences writes an access-log row and every PUT a version, its contact
details and an idempotency claim as well; on SQLite each index page they touch is written
to the WAL at the commit, which was the largest single cost of a request after the HTTP
work (docs/benchmarks.md section 3, "Fewer index pages per request"). Three indexes held
rows that no query looks for:

- ``ix_access_log_actor_at`` serves staff's list of their recent records only; it now holds
  staff's entries only, not every victim's and representative's;
- ``ix_preference_versions_reassurance`` serves the scheduled step's search for the yearly
  message; it now holds only the versions that ask for it;
- ``ix_contact_details_subject_id`` served erasing a person's contact details; that now
  goes through their versions (the unique index on ``preference_version_id``).

Deleting an account clears its id from the access log (ON DELETE SET NULL); for an
account other than staff that now reads the access log without an index. It happens once
per account, where the indexes cost every request.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in consent_server/tables.py when this revision was written (a migration keeps its own).
STAFF_ENTRIES = sa.text("actor_role = 'staff'")
YEARLY_REASSURANCE = sa.text("reassurance = 'yearly'")


def _replace(name: str, table: str, columns: list[str], where: sa.TextClause | None) -> None:
    """Index ``name`` again, holding only the rows ``where`` names (``None``: every row)."""
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns, sqlite_where=where, postgresql_where=where)


def upgrade() -> None:
    _replace("ix_access_log_actor_at", "access_log", ["actor_account_id", "at"], STAFF_ENTRIES)
    _replace(
        "ix_preference_versions_reassurance",
        "preference_versions",
        ["reassurance", "created_at"],
        YEARLY_REASSURANCE,
    )
    op.drop_index("ix_contact_details_subject_id", table_name="contact_details")


def downgrade() -> None:
    op.create_index("ix_contact_details_subject_id", "contact_details", ["subject_id"])
    _replace(
        "ix_preference_versions_reassurance",
        "preference_versions",
        ["reassurance", "created_at"],
        None,
    )
    _replace("ix_access_log_actor_at", "access_log", ["actor_account_id", "at"], None)
