"""What an entry of the contract table is, and what several entries share.

``Operation`` is one operation of the contract; the problem tables and paths below are used
by entries in more than one group of the table (``consent_server/operations/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Tag = Literal[
    "health",
    "accounts",
    "sessions",
    "me",
    "questions",
    "preferences",
    "representatives",
    "subjects",
    "notifier",
    "audit",
    "notices",
]
ProblemTypes = Mapping[int, tuple[str, ...]]

NO_PROBLEMS: ProblemTypes = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation of the contract.

    ``ok`` is the success status and its description (both what FastAPI answers with and
    what the contract documents); ``problems`` the operation's own problem types by status,
    or ``None`` for an operation that declares no problem answers at all. ``body`` says
    whether it reads a request body (a GET never does), and so may answer 415;
    ``authenticated`` whether it needs a login (401). ``headers`` and ``links`` belong to
    the success answer; ``request_headers`` are headers the server reads itself before the
    body (so they are not FastAPI parameters).
    """

    method: Method
    path: str
    operation_id: str
    tag: Tag
    summary: str
    ok: tuple[int, str]
    problems: ProblemTypes | None = field(default_factory=lambda: NO_PROBLEMS)
    body: bool = True
    authenticated: bool = True
    description: str | None = None
    headers: Mapping[str, Any] | None = None
    links: Mapping[str, Any] | None = None
    request_headers: tuple[Mapping[str, Any], ...] = ()


# An operation on one record: 404 for a record the caller may not see, 403 when they may see
# it but not do this (``require_relation``, or ``require_subject`` beyond viewing) ...
RECORD_PROBLEMS: ProblemTypes = MappingProxyType(
    {403: ("permission-denied",), 404: ("subject-not-found",)}
)
# ... only the 404 where viewing is all the operation asks (``require_subject(..., view)``:
# who may not view gets the 404, and nothing beyond viewing is checked) ...
VIEW_PROBLEMS: ProblemTypes = MappingProxyType({404: ("subject-not-found",)})
# ... and as declared where the 403 is the generic one (``StaffAccount``: staff only).
FORBIDDEN_RECORD_PROBLEMS: ProblemTypes = MappingProxyType(
    {403: ("forbidden",), 404: ("subject-not-found",)}
)

SUBJECTS = "/v1/subjects"
SUBJECT = SUBJECTS + "/{subject_id}"
DELEGATIONS = SUBJECT + "/delegations"
INVITATIONS = "/v1/invitations"
