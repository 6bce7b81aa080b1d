"""Alembic environment: runs on the connection handed in by consent_server.schema."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from consent_server import tables  # noqa: F401  (registers the tables on the metadata)
from consent_server.db import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only change tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `consent-server migrate`")
_run(connection)
