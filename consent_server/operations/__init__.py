"""The API contract, one entry per operation: what each one is, answers and can refuse.

Read group by group (``accounts``, ``records``, ``notices``; what entries share is in
``entry``), this is the published contract (``/openapi.json``) apart from the body and
parameter schemas, which FastAPI takes from the handlers; every entry is also a name of
this package. Each handler in ``consent_server/routers/`` declares itself with
``@router.operation(operations.NAME)`` (``routers/common.py``);
``tests/server/test_operation_table.py`` checks that every entry is routed exactly once and
that every route is one of these entries. Grouped by tag, in the order of the contract in
docs/api.md.

Problem types are by status and only the operation's own: ``contract.problems`` adds those
every operation (or every authenticated one) shares.
"""

from __future__ import annotations

from consent_server.operations import accounts, notices, records
from consent_server.operations.accounts import (
    CHANGE_PASSPHRASE,
    DELETE_ACCOUNT,
    LOG_IN,
    LOG_OUT,
    READ_HEALTH,
    READ_ME,
    READ_QUESTIONS,
    REFRESH_SESSION,
    REGISTER,
)
from consent_server.operations.entry import (
    FORBIDDEN_RECORD_PROBLEMS,
    NO_PROBLEMS,
    RECORD_PROBLEMS,
    VIEW_PROBLEMS,
    Method,
    Operation,
    ProblemTypes,
    Tag,
)
from consent_server.operations.notices import (
    ANSWER_NOTICE,
    COUNT_MY_UNREAD_NOTICES,
    FINISH_FIRST_CONTACT,
    LIST_DUE_DELIVERIES,
    LIST_FIRST_CONTACTS,
    LIST_MY_NOTICES,
    LIST_NOTICE_RESPONSES,
    READ_ACCESS_LOG,
    READ_NOTIFICATION_PLAN,
    RECORD_FINDING,
    RECORD_OUTCOME,
    RUN_DIGESTS,
)
from consent_server.operations.records import (
    ACCEPT_INVITATION,
    CREATE_DELEGATION,
    CREATE_INVITATION,
    CREATE_SUBJECT,
    FIND_SUBJECTS,
    ISSUE_ACTIVATION_CODE,
    LIST_DELEGATIONS,
    LIST_INVITATIONS,
    PREFERENCES,
    READ_HISTORY,
    READ_PREFERENCES,
    READ_RECEIPT,
    READ_RECONSENT_WORK_LIST,
    READ_SUBJECT,
    REVERT_PREFERENCES,
    REVOKE_DELEGATION,
    UPDATE_DELEGATION,
    UPDATE_SUBJECT,
    WITHDRAW_INVITATION,
    WRITE_PREFERENCES,
)

__all__ = [
    "ACCEPT_INVITATION",
    "ANSWER_NOTICE",
    "CHANGE_PASSPHRASE",
    "COUNT_MY_UNREAD_NOTICES",
    "CREATE_DELEGATION",
    "CREATE_INVITATION",
    "CREATE_SUBJECT",
    "DELETE_ACCOUNT",
    "FIND_SUBJECTS",
    "FINISH_FIRST_CONTACT",
    "FORBIDDEN_RECORD_PROBLEMS",
    "ISSUE_ACTIVATION_CODE",
    "LIST_DELEGATIONS",
    "LIST_DUE_DELIVERIES",
    "LIST_FIRST_CONTACTS",
    "LIST_INVITATIONS",
    "LIST_MY_NOTICES",
    "LIST_NOTICE_RESPONSES",
    "LOG_IN",
    "LOG_OUT",
    "NO_PROBLEMS",
    "PREFERENCES",
    "READ_ACCESS_LOG",
    "READ_HEALTH",
    "READ_HISTORY",
    "READ_ME",
    "READ_NOTIFICATION_PLAN",
    "READ_PREFERENCES",
    "READ_QUESTIONS",
    "READ_RECEIPT",
    "READ_RECONSENT_WORK_LIST",
    "READ_SUBJECT",
    "RECORD_FINDING",
    "RECORD_OUTCOME",
    "RECORD_PROBLEMS",
    "REFRESH_SESSION",
    "REGISTER",
    "REVERT_PREFERENCES",
    "REVOKE_DELEGATION",
    "RUN_DIGESTS",
    "UPDATE_DELEGATION",
    "UPDATE_SUBJECT",
    "VIEW_PROBLEMS",
    "WITHDRAW_INVITATION",
    "WRITE_PREFERENCES",
    "Method",
    "Operation",
    "ProblemTypes",
    "Tag",
]


def contract_operations() -> tuple[Operation, ...]:
    """Every operation of the table, group by group, in the order written."""
    return tuple(
        value
        for group in (accounts, records, notices)
        for value in vars(group).values()
        if isinstance(value, Operation)
    )
