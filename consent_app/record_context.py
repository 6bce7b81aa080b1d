"""Which record a screen is about: the one it was opened for, else the account's own.

Shared by the home, history, access-log, representatives and wizard screens, so none of
them has to import another screen for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from api_client.models import Me, Page, SubjectAccess

if TYPE_CHECKING:
    from api_client import ConsentClient

T = TypeVar("T")


def own_subject(me: Me) -> SubjectAccess | None:
    """The record this account is about: the person's own, else the first it may act for."""
    for subject in me.subjects:
        if subject.relation == "self":
            return subject
    return me.subjects[0] if me.subjects else None


def subject_to_show(client: ConsentClient, known: uuid.UUID | None) -> uuid.UUID | None:
    """``known`` when a screen was opened for a record, else this account's own record.

    Blocking (it may ask the server who we are): call it from a thread worker.
    """
    if known is not None:
        return known
    subject = own_subject(client.me())
    return subject.subject_id if subject is not None else None


def page_of_record(
    client: ConsentClient, known: uuid.UUID | None, read: Callable[[uuid.UUID], Page[T]]
) -> tuple[uuid.UUID | None, Page[T]]:
    """The record :func:`subject_to_show` picks and ``read``'s page of it; an empty page when
    the account has no record. Blocking: call it from a thread worker."""
    subject_id = subject_to_show(client, known)
    if subject_id is None:
        return None, Page[T](items=[])
    return subject_id, read(subject_id)
