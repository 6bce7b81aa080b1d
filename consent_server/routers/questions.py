"""GET /v1/questions/{version}: the exact question texts a preference version was given to."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from consent_common.models import QuestionSet
from consent_server import operations
from consent_server.deps import CurrentAccount, Db
from consent_server.problems import ProblemError
from consent_server.questions import question_set, question_set_model
from consent_server.routers.common import ContractRouter

router = ContractRouter()


@router.operation(operations.READ_QUESTIONS)
async def read_questions(
    version: Annotated[str, Path(max_length=40)], _account: CurrentAccount, db: Db
) -> QuestionSet:
    """Anyone logged in: the texts are not personal."""
    found = question_set(db, version)
    if found is None:
        raise ProblemError(404, "questions-not-found", "There are no such questions.")
    return question_set_model(found)
