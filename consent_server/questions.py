"""The versions of the question texts: which exist, and whether answers need asking again."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from consent_common.models import QuestionSet
from consent_server.db import Database, connection_of
from consent_server.prepared import Prepared
from consent_server.problems import field_problem
from consent_server.row_models import model_from_row
from consent_server.tables import PreferenceVersionRow, QuestionSetRow, SubjectRow


def question_set(db: Session, version: str) -> QuestionSetRow | None:
    return db.get(QuestionSetRow, version)


_PUBLISHED = Prepared(
    select(QuestionSetRow.version).where(QuestionSetRow.version == bindparam("version"))
)


def require_known(db: Database, version: str) -> None:
    """422 for a write that names question texts the server never published.

    Asks only whether the version exists (Core, built once): every write checks this, and
    loading the texts themselves would parse every language's questions each time.
    """
    if _PUBLISHED.first(connection_of(db), {"version": version}) is None:
        raise field_problem(
            "unknown-questions-version",
            ["body", "questions_version"],
            "These questions are not known.",
        )


def newest_version(db: Session) -> str:
    """The question texts published last (the app's wizard shows these)."""
    version = db.scalar(select(QuestionSetRow.version).order_by(QuestionSetRow.sequence.desc()))
    assert version is not None, "migration 0004 publishes version 1"
    return version


def answered_version(db: Session, subject: SubjectRow) -> str:
    """The question texts the current answers were given to, when the server knows them;
    else the newest. For changes made without the questions (a notice's "stop this topic"):
    they answer nothing anew, so a re-ask that was due stays due."""
    answered = db.scalar(
        select(PreferenceVersionRow.questions_version).where(
            PreferenceVersionRow.subject_id == subject.id,
            PreferenceVersionRow.version == subject.current_version,
        )
    )
    if answered is not None and question_set(db, answered) is not None:
        return answered
    return newest_version(db)


def question_set_model(row: QuestionSetRow) -> QuestionSet:
    return model_from_row(QuestionSet, row)


def questions_changed(db: Session, subject: SubjectRow) -> bool:
    """Whether the current answers were given to texts that a material change replaced."""
    if subject.current_version == 0:
        return False
    answered = db.scalar(
        select(QuestionSetRow.sequence)
        .join(
            PreferenceVersionRow,
            PreferenceVersionRow.questions_version == QuestionSetRow.version,
        )
        .where(
            PreferenceVersionRow.subject_id == subject.id,
            PreferenceVersionRow.version == subject.current_version,
        )
    )
    newest_material = db.scalar(
        select(func.max(QuestionSetRow.sequence)).where(QuestionSetRow.material.is_(True))
    )
    if answered is None or newest_material is None:
        return False
    return newest_material > answered
