"""Column declarations the tables share, so each policy is stated once.

SQLAlchemy's ``Annotated`` column types: ``id: Mapped[UuidKey]`` declares the column, and a
``mapped_column(...)`` beside it adds to it (``Mapped[AccountRef] = mapped_column(index=True)``).
"""

import uuid
from typing import Annotated, Any

from sqlalchemy import ForeignKey, text
from sqlalchemy.orm import mapped_column

ACCOUNT_FK = "accounts.id"
SUBJECT_FK = "subjects.id"

# Keys made by the application, so a row's id is known before it is written.
UuidKey = Annotated[uuid.UUID, mapped_column(primary_key=True, default=uuid.uuid4)]

# The account that did something. Deleting the account keeps what it did and clears the
# reference (ON DELETE SET NULL).
AccountRef = Annotated[uuid.UUID | None, mapped_column(ForeignKey(ACCOUNT_FK, ondelete="SET NULL"))]

# The victim's record a row belongs to. Records are never deleted while rows refer to them.
SubjectRef = Annotated[uuid.UUID, mapped_column(ForeignKey(SUBJECT_FK))]


def part_of(key: str) -> ForeignKey:
    """A reference to the row this one is part of (``"table.id"``): deleting that row deletes
    this one too (ON DELETE CASCADE), so nothing is left that belongs to nothing."""
    return ForeignKey(key, ondelete="CASCADE")


def only_where(condition: str) -> dict[str, Any]:
    """The keyword arguments of a partial ``Index`` (SQLite and PostgreSQL): only the rows
    for which ``condition`` (SQL) holds are in it, so writing any other row costs it nothing.
    A query uses it only when its own WHERE states ``condition`` too."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}
