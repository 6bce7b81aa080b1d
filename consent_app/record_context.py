"""Which record a screen is about: the one it was opened for, else the account's own.

Shared by the home, history, access-log, representatives and wizard screens, so none of
them has to import another screen for it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from api_client.models import Me, SubjectAccess

if TYPE_CHECKING:
    from api_client import ConsentClient


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
