"""The victim's own "no" stands until the victim changes it: the one place for that rule.

A version is the victim's own word when the victim wrote it (method ``self``) or staff wrote
it with them in an assisted entry (method ``assisted``). Representatives' versions are not.

While the victim's most recent own yes-or-no answer is "no" (a *standing no*), nobody else
may record an ``inform`` other than "no" — or, when the victim themself moved on to "decide
later", that answer. Later versions by representatives change nothing about this, however
many there are: the guard reads the victim's own versions, not the newest one.

The write path refuses such a write (:func:`check_write`); the notification plan reads
``inform`` through :func:`effective_inform`, so even a version that got past the guard
(older data, a bug) never makes the plan inform after the victim's "no".
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_common.models import ChangeMethod, Inform
from consent_server.problems import ProblemError
from consent_server.tables import PreferenceVersionRow

VICTIMS_OWN_METHODS = frozenset({ChangeMethod.self_service, ChangeMethod.assisted})


@dataclass(frozen=True)
class VictimsWord:
    """What the victim themself last said about being informed."""

    last: Inform | None
    """The victim's most recent own answer (``None``: they never answered themself)."""
    standing_no: bool
    """Their most recent own yes-or-no answer is "no"."""

    def allows(self, inform: Inform) -> bool:
        """May someone other than the victim record ``inform`` now?"""
        return not self.standing_no or inform in (Inform.no, self.last)


def _own_answers(db: Session, subject_id: uuid.UUID, *, decisive: bool) -> Inform | None:
    query = (
        select(PreferenceVersionRow.inform)
        .where(
            PreferenceVersionRow.subject_id == subject_id,
            PreferenceVersionRow.method.in_([method.value for method in VICTIMS_OWN_METHODS]),
        )
        .order_by(PreferenceVersionRow.version.desc())
        .limit(1)
    )
    if decisive:
        query = query.where(PreferenceVersionRow.inform.in_([Inform.yes.value, Inform.no.value]))
    found = db.scalar(query)
    return None if found is None else Inform(found)


def _word_of(answers: list[Inform]) -> VictimsWord:
    """The word from a victim's own answers, newest first."""
    last = answers[0] if answers else None
    decisive = next((a for a in answers if a in (Inform.yes, Inform.no)), None)
    return VictimsWord(last=last, standing_no=decisive == Inform.no)


def victims_words(db: Session, subject_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, VictimsWord]:
    """:func:`victims_word` for many records in one query (the notifier's due list)."""
    answers: dict[uuid.UUID, list[Inform]] = {subject_id: [] for subject_id in subject_ids}
    rows = db.execute(
        select(PreferenceVersionRow.subject_id, PreferenceVersionRow.inform)
        .where(
            PreferenceVersionRow.subject_id.in_(list(subject_ids)),
            PreferenceVersionRow.method.in_([method.value for method in VICTIMS_OWN_METHODS]),
        )
        .order_by(PreferenceVersionRow.subject_id, PreferenceVersionRow.version.desc())
    )
    for subject_id, inform in rows:
        answers[subject_id].append(Inform(inform))
    return {subject_id: _word_of(own) for subject_id, own in answers.items()}


def victims_word(db: Session, subject_id: uuid.UUID) -> VictimsWord:
    last = _own_answers(db, subject_id, decisive=False)
    if last in (None, Inform.yes, Inform.no):
        return VictimsWord(last=last, standing_no=last == Inform.no)
    return VictimsWord(
        last=last, standing_no=_own_answers(db, subject_id, decisive=True) == Inform.no
    )


def check_write(db: Session, subject_id: uuid.UUID, method: ChangeMethod, inform: Inform) -> None:
    """Refuse (403) a write by anyone but the victim that would overturn their standing no."""
    if method in VICTIMS_OWN_METHODS:
        return
    if not victims_word(db, subject_id).allows(inform):
        raise ProblemError(
            403, "victim-decision-protected", "Only the victim can change their 'no'."
        )


def effective_inform(
    db: Session, subject_id: uuid.UUID, recorded: Inform, word: VictimsWord | None = None
) -> Inform:
    """``inform`` as the notification plan must read it: the victim's standing no wins.

    ``word``: the victim's word when already read (:func:`victims_words`).
    """
    if word is None:
        word = victims_word(db, subject_id)
    if word.standing_no and not word.allows(recorded):
        assert word.last is not None
        return word.last
    return recorded
