"""Coming of age: who needs a safe conversation to consent again as an adult.

A record is due for re-consent once its victim has turned ``settings.coming_of_age``. That is
worked out from the date of birth and the injected clock whenever a record is looked at, and
written down (``needs_reconsent`` and ``coming_of_age_marked``) the first time it is seen, so
it works across any date boundary without a scheduled job. Staff clear the mark after the
conversation; ``coming_of_age_marked`` stays set, so the same birthday never marks it again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from consent_server.clock import age_on
from consent_server.context import ServerContext
from consent_server.tables import SubjectRow


def is_of_age(date_of_birth: dt.date | None, day: dt.date, coming_of_age: int) -> bool:
    return date_of_birth is not None and age_on(date_of_birth, day) >= coming_of_age


def latest_birth_date_of_age(day: dt.date, coming_of_age: int) -> dt.date:
    """The last date of birth of someone who is of age on ``day`` (29 February → 28th)."""
    try:
        return day.replace(year=day.year - coming_of_age)
    except ValueError:
        return day.replace(year=day.year - coming_of_age, day=28)


def came_of_age_unmarked(subject: SubjectRow, ctx: ServerContext) -> bool:
    return not subject.coming_of_age_marked and is_of_age(
        subject.date_of_birth, ctx.now().date(), ctx.settings.coming_of_age
    )


def needs_reconsent(subject: SubjectRow, ctx: ServerContext) -> bool:
    return subject.needs_reconsent or came_of_age_unmarked(subject, ctx)


def notice_coming_of_age(subject: SubjectRow, ctx: ServerContext) -> None:
    """Write the mark on a record seen after its victim came of age (commits with the caller)."""
    if came_of_age_unmarked(subject, ctx):
        subject.needs_reconsent = True
        subject.coming_of_age_marked = True


def notice_all_comings_of_age(db: Session, ctx: ServerContext) -> None:
    """Mark every record whose victim came of age since it was last looked at (one UPDATE)."""
    cutoff = latest_birth_date_of_age(ctx.now().date(), ctx.settings.coming_of_age)
    db.execute(
        update(SubjectRow)
        .where(
            SubjectRow.coming_of_age_marked.is_(False),
            SubjectRow.date_of_birth.is_not(None),
            SubjectRow.date_of_birth <= cutoff,
        )
        .values(needs_reconsent=True, coming_of_age_marked=True)
        .execution_options(synchronize_session=False)
    )


def clear(subject: SubjectRow, ctx: ServerContext) -> None:
    """After the safe conversation. Before the birthday the coming of age still lies ahead."""
    subject.needs_reconsent = False
    if is_of_age(subject.date_of_birth, ctx.now().date(), ctx.settings.coming_of_age):
        subject.coming_of_age_marked = True
