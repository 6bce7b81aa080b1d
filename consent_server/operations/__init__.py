"""The API contract, one entry per operation: what each one is, answers and can refuse.

Read group by group (``accounts``, ``records``, ``notices``; what entries share is in
``entry``), this is the published contract (``/openapi.json``) apart from the body and
parameter schemas, which FastAPI takes from the handlers; every entry is also a name of
this package. Each handler in
``consent_server/routers/`` declares itself with ``@router.operation(operations.NAME)``
(``routers/common.py``); ``tests/server/test_operation_table.py`` checks that every entry
is routed exactly once and that every route is one of these entries. Grouped by tag, in
the order of the contract in docs/api.md. (The five preferences operations are still
declared in place in ``routers/preferences.py``, the same way; they move here next.)

Problem types are by status and only the operation's own: ``contract.problems`` adds those
every operation (or every authenticated one) shares.
"""

from __future__ import annotations

from consent_server.operations import accounts, notices, records
from consent_server.operations.accounts import (
    CHANGE_PASSPHRASE as CHANGE_PASSPHRASE,
)
from consent_server.operations.accounts import (
    DELETE_ACCOUNT as DELETE_ACCOUNT,
)
from consent_server.operations.accounts import (
    LOG_IN as LOG_IN,
)
from consent_server.operations.accounts import (
    LOG_OUT as LOG_OUT,
)
from consent_server.operations.accounts import (
    READ_HEALTH as READ_HEALTH,
)
from consent_server.operations.accounts import (
    READ_ME as READ_ME,
)
from consent_server.operations.accounts import (
    READ_QUESTIONS as READ_QUESTIONS,
)
from consent_server.operations.accounts import (
    REFRESH_SESSION as REFRESH_SESSION,
)
from consent_server.operations.accounts import (
    REGISTER as REGISTER,
)
from consent_server.operations.entry import (
    FORBIDDEN_RECORD_PROBLEMS as FORBIDDEN_RECORD_PROBLEMS,
)
from consent_server.operations.entry import (
    NO_PROBLEMS as NO_PROBLEMS,
)
from consent_server.operations.entry import (
    RECORD_PROBLEMS as RECORD_PROBLEMS,
)
from consent_server.operations.entry import (
    VIEW_PROBLEMS as VIEW_PROBLEMS,
)
from consent_server.operations.entry import (
    Method as Method,
)
from consent_server.operations.entry import (
    Operation as Operation,
)
from consent_server.operations.entry import (
    ProblemTypes as ProblemTypes,
)
from consent_server.operations.entry import (
    Tag as Tag,
)
from consent_server.operations.notices import (
    ANSWER_NOTICE as ANSWER_NOTICE,
)
from consent_server.operations.notices import (
    COUNT_MY_UNREAD_NOTICES as COUNT_MY_UNREAD_NOTICES,
)
from consent_server.operations.notices import (
    FINISH_FIRST_CONTACT as FINISH_FIRST_CONTACT,
)
from consent_server.operations.notices import (
    LIST_DUE_DELIVERIES as LIST_DUE_DELIVERIES,
)
from consent_server.operations.notices import (
    LIST_FIRST_CONTACTS as LIST_FIRST_CONTACTS,
)
from consent_server.operations.notices import (
    LIST_MY_NOTICES as LIST_MY_NOTICES,
)
from consent_server.operations.notices import (
    LIST_NOTICE_RESPONSES as LIST_NOTICE_RESPONSES,
)
from consent_server.operations.notices import (
    READ_ACCESS_LOG as READ_ACCESS_LOG,
)
from consent_server.operations.notices import (
    READ_NOTIFICATION_PLAN as READ_NOTIFICATION_PLAN,
)
from consent_server.operations.notices import (
    RECORD_FINDING as RECORD_FINDING,
)
from consent_server.operations.notices import (
    RECORD_OUTCOME as RECORD_OUTCOME,
)
from consent_server.operations.notices import (
    RUN_DIGESTS as RUN_DIGESTS,
)
from consent_server.operations.records import (
    ACCEPT_INVITATION as ACCEPT_INVITATION,
)
from consent_server.operations.records import (
    CREATE_DELEGATION as CREATE_DELEGATION,
)
from consent_server.operations.records import (
    CREATE_INVITATION as CREATE_INVITATION,
)
from consent_server.operations.records import (
    CREATE_SUBJECT as CREATE_SUBJECT,
)
from consent_server.operations.records import (
    FIND_SUBJECTS as FIND_SUBJECTS,
)
from consent_server.operations.records import (
    ISSUE_ACTIVATION_CODE as ISSUE_ACTIVATION_CODE,
)
from consent_server.operations.records import (
    LIST_DELEGATIONS as LIST_DELEGATIONS,
)
from consent_server.operations.records import (
    LIST_INVITATIONS as LIST_INVITATIONS,
)
from consent_server.operations.records import (
    READ_RECONSENT_WORK_LIST as READ_RECONSENT_WORK_LIST,
)
from consent_server.operations.records import (
    READ_SUBJECT as READ_SUBJECT,
)
from consent_server.operations.records import (
    REVOKE_DELEGATION as REVOKE_DELEGATION,
)
from consent_server.operations.records import (
    UPDATE_DELEGATION as UPDATE_DELEGATION,
)
from consent_server.operations.records import (
    UPDATE_SUBJECT as UPDATE_SUBJECT,
)
from consent_server.operations.records import (
    WITHDRAW_INVITATION as WITHDRAW_INVITATION,
)


def contract_operations() -> tuple[Operation, ...]:
    """Every operation of the table, group by group, in the order written."""
    return tuple(
        value
        for group in (accounts, records, notices)
        for value in vars(group).values()
        if isinstance(value, Operation)
    )
