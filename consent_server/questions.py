"""The versions of the question texts: which exist, and whether answers need asking again."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consent_common.models import QuestionSet
from consent_server.problems import field_problem
from consent_server.tables import PreferenceVersionRow, QuestionSetRow, SubjectRow


def question_set(db: Session, version: str) -> QuestionSetRow | None:
    return db.get(QuestionSetRow, version)


def require_known(db: Session, version: str) -> None:
    """422 for a write that names question texts the server never published."""
    if question_set(db, version) is None:
        raise field_problem(
            "unknown-questions-version",
            ["body", "questions_version"],
            "These questions are not known.",
        )


def question_set_model(row: QuestionSetRow) -> QuestionSet:
    return QuestionSet(
        version=row.version,
        material=row.material,
        published_at=row.published_at,
        texts=row.texts,
    )


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
