"""The API contract, one entry per operation: what each one is, answers and can refuse.

Read top to bottom, this is the published contract (``/openapi.json``) apart from the body
and parameter schemas, which FastAPI takes from the handlers. Each handler in
``consent_server/routers/`` declares itself with ``@router.operation(operations.NAME)``
(``routers/common.py``); ``tests/server/test_operation_table.py`` checks that every entry
is routed exactly once and that every route is one of these entries. Grouped by tag, in
the order of the contract in docs/api.md. (The five preferences operations are still
declared in place in ``routers/preferences.py``, the same way; they move here next.)

Problem types are by status and only the operation's own: ``contract.problems`` adds those
every operation (or every authenticated one) shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from consent_server.contract import link

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

# -- health --------------------------------------------------------------------------------

# For a load balancer's check: FastAPI's default success answer and no problem documents.
READ_HEALTH = Operation(
    "GET",
    "/v1/health",
    "readHealth",
    "health",
    summary="Whether the server is up",
    ok=(200, "Successful Response"),
    problems=None,
    authenticated=False,
)

# -- accounts, sessions, me ----------------------------------------------------------------

REGISTER = Operation(
    "POST",
    "/v1/registrations",
    "register",
    "accounts",
    summary="Turn an activation code into an account",
    ok=(201, "The new account"),
    authenticated=False,
    problems={
        400: ("invalid-activation-code",),
        409: ("username-taken",),
        422: ("passphrase-too-common",),
        429: ("too-many-attempts",),
    },
)
LOG_IN = Operation(
    "POST",
    "/v1/sessions",
    "logIn",
    "sessions",
    summary="Log in",
    ok=(201, "A new session"),
    links={"readMe": link("readMe", "Who is logged in, and the records they may act for.")},
    authenticated=False,
    problems={401: ("invalid-credentials",), 429: ("too-many-attempts",)},
)
REFRESH_SESSION = Operation(
    "POST",
    "/v1/sessions/refresh",
    "refreshSession",
    "sessions",
    summary="New tokens for a refresh token (the old one stops working)",
    ok=(201, "The session with new tokens"),
    authenticated=False,
    problems={401: ("invalid-refresh-token",)},
)
LOG_OUT = Operation(
    "DELETE",
    "/v1/sessions/current",
    "logOut",
    "sessions",
    summary="Log out: both tokens stop working",
    ok=(204, "Logged out"),
    body=False,
)
READ_ME = Operation(
    "GET",
    "/v1/me",
    "readMe",
    "me",
    summary="The caller's account and the records it may act for",
    ok=(200, "Who am I"),
    links={
        "readPreferences": link(
            "readPreferences",
            "The preferences of the first record listed.",
            subject_id="$response.body#/subjects/0/subject_id",
        ),
        "readSubject": link(
            "readSubject",
            "The first record listed.",
            subject_id="$response.body#/subjects/0/subject_id",
        ),
    },
)
CHANGE_PASSPHRASE = Operation(
    "PUT",
    "/v1/me/passphrase",
    "changePassphrase",
    "me",
    summary="Change the passphrase; every other session ends",
    ok=(204, "Changed"),
    problems={
        403: ("invalid-credentials",),
        422: ("passphrase-too-common",),
        429: ("too-many-attempts",),
    },
)
DELETE_ACCOUNT = Operation(
    "DELETE",
    "/v1/me",
    "deleteAccount",
    "me",
    summary="Delete the caller's account and contact details",
    ok=(204, "Deleted"),
    problems={403: ("invalid-credentials",), 429: ("too-many-attempts",)},
)
READ_QUESTIONS = Operation(
    "GET",
    "/v1/questions/{version}",
    "readQuestions",
    "questions",
    summary="One version of the question texts, in every language",
    ok=(200, "The texts"),
    problems={404: ("questions-not-found",)},
)

# -- representatives -----------------------------------------------------------------------

_AFTER_DELEGATION = {
    name: link(
        name,
        description,
        subject_id="$request.path.subject_id",
        delegation_id="$response.body#/id",
    )
    for name, description in [
        ("updateDelegation", "Verify or flag the mandate just made (staff)."),
        ("revokeDelegation", "Revoke the mandate just made."),
    ]
}
LIST_DELEGATIONS = Operation(
    "GET",
    DELEGATIONS,
    "listDelegations",
    "representatives",
    summary="The record's representatives, oldest first",
    ok=(200, "Every mandate, active or not"),
    problems=RECORD_PROBLEMS,
)
CREATE_DELEGATION = Operation(
    "POST",
    DELEGATIONS,
    "createDelegation",
    "representatives",
    summary="Add a representative",
    ok=(201, "The new mandate"),
    links=_AFTER_DELEGATION,
    problems={
        **RECORD_PROBLEMS,
        409: ("delegation-exists",),
        422: ("unknown-representative", "evidence-staff-only"),
    },
)
UPDATE_DELEGATION = Operation(
    "PATCH",
    DELEGATIONS + "/{delegation_id}",
    "updateDelegation",
    "representatives",
    summary="Verify a mandate, record evidence, flag a conflict of interest (staff)",
    ok=(200, "The mandate"),
    problems={403: ("forbidden",), 404: ("subject-not-found", "delegation-not-found")},
)
REVOKE_DELEGATION = Operation(
    "DELETE",
    DELEGATIONS + "/{delegation_id}",
    "revokeDelegation",
    "representatives",
    summary="Revoke a mandate at once",
    ok=(204, "Revoked"),
    problems={403: ("permission-denied",), 404: ("subject-not-found", "delegation-not-found")},
    body=False,
)
CREATE_INVITATION = Operation(
    "POST",
    INVITATIONS,
    "createInvitation",
    "representatives",
    summary="A one-time code to hand to a representative (the victim)",
    ok=(201, "The code, shown once"),
    problems=RECORD_PROBLEMS,
)
ACCEPT_INVITATION = Operation(
    "POST",
    INVITATIONS + "/accept",
    "acceptInvitation",
    "representatives",
    summary="Turn an invitation code into a mandate (a representative)",
    ok=(201, "The new mandate"),
    links={
        "readPreferences": link(
            "readPreferences",
            "The preferences of the record the mandate is for.",
            subject_id="$response.body#/subject_id",
        ),
    },
    problems={400: ("invalid-invitation-code",), 403: ("forbidden",)},
)
LIST_INVITATIONS = Operation(
    "GET",
    SUBJECT + "/invitations",
    "listInvitations",
    "representatives",
    summary="The victim's invitation codes not used yet, oldest first",
    ok=(200, "Invitations that can still be used (never the codes)"),
    problems=RECORD_PROBLEMS,
)
WITHDRAW_INVITATION = Operation(
    "DELETE",
    SUBJECT + "/invitations/{invitation_id}",
    "withdrawInvitation",
    "representatives",
    summary="Withdraw an invitation code at once (it can no longer be used)",
    ok=(204, "Withdrawn"),
    problems={403: ("permission-denied",), 404: ("subject-not-found", "invitation-not-found")},
    body=False,
)

# -- subjects ------------------------------------------------------------------------------

FIND_SUBJECTS = Operation(
    "GET",
    SUBJECTS,
    "findSubjects",
    "subjects",
    summary="Find records by reference, or this staff member's recent records (staff)",
    ok=(200, "A page of records; each one returned is in its access log"),
    problems={
        403: ("forbidden",),
        422: ("search-needs-one-criterion", "reference-prefix-too-short"),
    },
)
CREATE_SUBJECT = Operation(
    "POST",
    SUBJECTS,
    "createSubject",
    "subjects",
    summary="Create a victim record (staff)",
    ok=(201, "The new record"),
    links={
        name: link(name, description, subject_id="$response.body#/id")
        for name, description in [
            ("readSubject", "The record just created."),
            ("readPreferences", "Its preferences (nothing recorded yet)."),
            ("issueActivationCode", "A code for the victim to make an account."),
            ("listDelegations", "Its representatives."),
        ]
    },
    problems={403: ("forbidden",), 409: ("reference-taken",)},
)
READ_SUBJECT = Operation(
    "GET",
    SUBJECT,
    "readSubject",
    "subjects",
    summary="A victim record",
    ok=(200, "The record"),
    problems=VIEW_PROBLEMS,
)
UPDATE_SUBJECT = Operation(
    "PATCH",
    SUBJECT,
    "updateSubject",
    "subjects",
    summary="Set or clear the re-consent mark (staff)",
    ok=(200, "The record"),
    problems=FORBIDDEN_RECORD_PROBLEMS,
)
READ_RECONSENT_WORK_LIST = Operation(
    "GET",
    "/v1/staff/reconsent",
    "readReconsentWorkList",
    "subjects",
    summary="Records due for a re-consent conversation (staff)",
    ok=(200, "A page of records"),
    problems={403: ("forbidden",), 422: ("invalid-cursor",)},
)
ISSUE_ACTIVATION_CODE = Operation(
    "POST",
    SUBJECT + "/activation-codes",
    "issueActivationCode",
    "subjects",
    summary="A one-time activation code for the record (staff); shown once",
    ok=(201, "The code"),
    problems={**FORBIDDEN_RECORD_PROBLEMS, 409: ("subject-has-account",)},
)

# -- notifier, audit -----------------------------------------------------------------------

READ_NOTIFICATION_PLAN = Operation(
    "GET",
    SUBJECT + "/notification-plan",
    "readNotificationPlan",
    "notifier",
    summary="Whether, how and whom to inform (notifier, staff); every call is logged",
    ok=(200, "The plan"),
    problems=RECORD_PROBLEMS,
)
READ_ACCESS_LOG = Operation(
    "GET",
    SUBJECT + "/access-log",
    "readAccessLog",
    "audit",
    summary="Who read or changed the record, newest first",
    ok=(200, "A page of entries"),
    problems={**RECORD_PROBLEMS, 422: ("invalid-cursor",)},
)

# -- notices: findings, deliveries, the inbox, first contacts ------------------------------

RECORD_FINDING = Operation(
    "POST",
    SUBJECT + "/findings",
    "recordFinding",
    "notices",
    summary="Record a finding about a victim record (notifier)",
    ok=(201, "The finding, with one delivery per recipient"),
    problems={
        **RECORD_PROBLEMS,
        400: ("idempotency-key-missing", "invalid-idempotency-key"),
        422: ("idempotency-key-reused",),
    },
)
LIST_DUE_DELIVERIES = Operation(
    "GET",
    "/v1/deliveries",
    "listDueDeliveries",
    "notices",
    summary="Queued deliveries whose safe window is open now (notifier)",
    ok=(200, "The deliveries to make now; each one is in its access log"),
    problems={403: ("permission-denied",)},
)
RECORD_OUTCOME = Operation(
    "POST",
    "/v1/deliveries/{delivery_id}/outcome",
    "recordOutcome",
    "notices",
    summary="How a queued delivery went (notifier)",
    ok=(200, "The delivery with its outcome"),
    problems={
        403: ("permission-denied",),
        404: ("delivery-not-found",),
        409: ("outcome-not-expected",),
        422: ("timezone-required", "outcome-time-out-of-range"),
    },
)
RUN_DIGESTS = Operation(
    "POST",
    "/v1/digests/run",
    "runDigests",
    "notices",
    summary="The scheduled step: release digests and findings whose pause ended (notifier)",
    ok=(200, "How much was released"),
    problems={403: ("permission-denied",)},
    body=False,
)
LIST_MY_NOTICES = Operation(
    "GET",
    "/v1/me/notices",
    "listMyNotices",
    "notices",
    summary="The inbox: the caller's notices, newest first",
    ok=(200, "A page of notices; each record shown is in its access log"),
)
COUNT_MY_UNREAD_NOTICES = Operation(
    "GET",
    "/v1/me/notices/unread",
    "countMyUnreadNotices",
    "notices",
    summary="How many of the caller's notices are not read yet",
    ok=(200, "The number, in all and per record; nothing about the notices"),
)
ANSWER_NOTICE = Operation(
    "POST",
    "/v1/notices/{notice_id}/responses",
    "answerNotice",
    "notices",
    summary="Answer a notice (its recipient)",
    ok=(201, "The answer as stored"),
    problems={404: ("notice-not-found",)},
)
LIST_NOTICE_RESPONSES = Operation(
    "GET",
    SUBJECT + "/notice-responses",
    "listNoticeResponses",
    "notices",
    summary="The answers given to a record's notices (notifier, staff)",
    ok=(200, "A page of answers, newest first"),
    problems=RECORD_PROBLEMS,
)
LIST_FIRST_CONTACTS = Operation(
    "GET",
    "/v1/first-contacts",
    "listFirstContacts",
    "notices",
    summary="Records waiting for a safe first contact (staff)",
    ok=(200, "The work-list; each record listed is in its access log"),
    problems={403: ("forbidden",)},
)
FINISH_FIRST_CONTACT = Operation(
    "POST",
    "/v1/first-contacts/{subject_id}/done",
    "finishFirstContact",
    "notices",
    summary="The safe first contact took place (staff)",
    ok=(204, "The record left the work-list"),
    problems=FORBIDDEN_RECORD_PROBLEMS,
    body=False,
)


def contract_operations() -> tuple[Operation, ...]:
    """Every operation above, in the order written."""
    return tuple(value for value in globals().values() if isinstance(value, Operation))
