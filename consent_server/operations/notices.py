"""The contract table: the notifier's plan, the access log, findings and notices."""

from __future__ import annotations

from consent_server.operations.entry import (
    FORBIDDEN_RECORD_PROBLEMS,
    RECORD_PROBLEMS,
    SUBJECT,
    Operation,
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
