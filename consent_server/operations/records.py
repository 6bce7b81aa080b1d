"""The contract table: preferences, representatives and victim records."""

from __future__ import annotations

from consent_server.contract import (
    ETAG_HEADER,
    IDEMPOTENCY_KEY,
    IF_MATCH,
    WRITE_PROBLEMS,
    link,
)
from consent_server.operations.entry import (
    DELEGATIONS,
    FORBIDDEN_RECORD_PROBLEMS,
    INVITATIONS,
    RECORD_PROBLEMS,
    SUBJECT,
    SUBJECTS,
    VIEW_PROBLEMS,
    Operation,
)

# -- preferences ---------------------------------------------------------------------------

PREFERENCES = SUBJECT + "/preferences"
_NEXT_AFTER_READ = {
    "writePreferences": link(
        "writePreferences",
        "Change the document just read: send its ETag as If-Match.",
        subject_id="$request.path.subject_id",
        **{"header.If-Match": "$response.header.ETag"},
    ),
    "readHistory": link(
        "readHistory", "The versions so far.", subject_id="$request.path.subject_id"
    ),
}
_NEXT_AFTER_WRITE = {
    "readReceipt": link(
        "readReceipt",
        "The receipt of the version just written.",
        subject_id="$request.path.subject_id",
        version="$response.body#/version",
    ),
    "readPreferences": link(
        "readPreferences", "The document as now stored.", subject_id="$request.path.subject_id"
    ),
    "readHistory": link(
        "readHistory", "The versions so far.", subject_id="$request.path.subject_id"
    ),
}
_WRITE_HEADERS = (IF_MATCH, IDEMPOTENCY_KEY)

READ_PREFERENCES = Operation(
    "GET",
    PREFERENCES,
    "readPreferences",
    "preferences",
    summary="The current preferences document",
    ok=(200, "The current document"),
    headers=ETAG_HEADER,
    links=_NEXT_AFTER_READ,
    problems=VIEW_PROBLEMS,
)
WRITE_PREFERENCES = Operation(
    "PUT",
    PREFERENCES,
    "writePreferences",
    "preferences",
    summary="Record a new version of the preferences",
    description="The body may be the document a GET returned, changed: its read-only fields "
    "(`subject_id`, `version`, `updated_at`, `updated_by`) are ignored when they match and "
    "refused (422 `read-only-field-mismatch`) when they contradict the path, If-Match or the "
    "stored version. If-Match and Idempotency-Key are checked before the body.",
    request_headers=_WRITE_HEADERS,
    ok=(200, "The new version (or, for a replayed Idempotency-Key, the first answer)"),
    headers=ETAG_HEADER,
    links=_NEXT_AFTER_WRITE,
    problems=WRITE_PROBLEMS,
)
REVERT_PREFERENCES = Operation(
    "POST",
    PREFERENCES + "/revert",
    "revertPreferences",
    "preferences",
    summary="Make an earlier version's choices current again, as a new version",
    request_headers=_WRITE_HEADERS,
    ok=(200, "The new version"),
    headers=ETAG_HEADER,
    links=_NEXT_AFTER_WRITE,
    problems={**WRITE_PROBLEMS, 422: (*WRITE_PROBLEMS[422], "version-not-found")},
)
READ_HISTORY = Operation(
    "GET",
    PREFERENCES + "/history",
    "readHistory",
    "preferences",
    summary="Every version, newest first, a page at a time",
    ok=(200, "A page of versions"),
    problems={**VIEW_PROBLEMS, 422: ("invalid-cursor",)},
)
READ_RECEIPT = Operation(
    "GET",
    SUBJECT + "/receipts/{version}",
    "readReceipt",
    "preferences",
    summary="The consent receipt of one version",
    ok=(200, "The receipt"),
    problems={404: ("subject-not-found", "version-not-found")},
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
