"""The API operations about findings and notices (docs/notices.md): notifiers record
findings and deliveries, people read and answer their notices. Described as in
:mod:`api_client.endpoints`, which both clients send in the same way."""

from __future__ import annotations

from api_client import models, notices
from api_client.calls import (
    Call,
    call,
    get_page,
    idempotent_write,
    on_record,
    page_of_record,
    unchecked,
)
from api_client.responses import NOTHING, Expect
from consent_common.ids import DeliveryId, NoticeId, SubjectId


def record_finding(
    subject_id: SubjectId, body: notices.FindingCreate, *, idempotency_key: str | None = None
) -> Call[notices.Finding]:
    """Notifier: record a finding; one delivery per recipient comes back.

    Safe to resend with the same key: the server answers with the first result. Without a
    key a fresh one is made for this call and reused on each of its retries, so a finding
    is never recorded twice.
    """
    return idempotent_write(
        "POST",
        "/v1/subjects/{subject_id}/findings",
        Expect(notices.Finding),
        subject_id,
        body=body,
        idempotency_key=idempotency_key,
    )


def due_deliveries(*, limit: int = 50) -> Call[list[notices.DueDelivery]]:
    """Notifier: deliveries whose safe window is open now, with what to honour."""
    return call(
        "GET",
        "/v1/deliveries",
        Expect(list[notices.DueDelivery], "list[DueDelivery]"),
        params={"due": "now", "limit": limit},
    )


def record_outcome(delivery_id: DeliveryId, body: notices.OutcomeCreate) -> Call[notices.Delivery]:
    """Notifier: delivered, not reached or refused, and when."""
    return call(
        "POST",
        "/v1/deliveries/{delivery_id}/outcome",
        Expect(notices.Delivery),
        path_params={"delivery_id": delivery_id},
        body=body,
        exclude_unset=True,
    )


def run_digests() -> Call[notices.DigestRun]:
    """Notifier: the scheduled step (digests whose period ended, pauses that ended)."""
    # Running the scheduled step twice releases nothing twice: safe to repeat.
    return call("POST", "/v1/digests/run", Expect(notices.DigestRun), repeatable=True)


def my_notices(
    *, subject_id: SubjectId | None = None, cursor: str | None = None, limit: int = 20
) -> Call[models.Page[notices.Notice]]:
    """Victim or representative with receive_notices: the inbox, newest first."""
    record = str(subject_id) if subject_id is not None else None
    return get_page("/v1/me/notices", notices.Notice, subject_id=record, cursor=cursor, limit=limit)


def my_unread_notices() -> Call[notices.UnreadCount]:
    """How many of the caller's notices are not read yet, in all and per record."""
    return call("GET", "/v1/me/notices/unread", Expect(notices.UnreadCount))


def respond_to_notice(
    notice_id: NoticeId, kind: notices.ResponseKind
) -> Call[notices.NoticeResponse]:
    """Answer a notice (``read`` marks it read)."""
    return call(
        "POST",
        "/v1/notices/{notice_id}/responses",
        Expect(notices.NoticeResponse),
        path_params={"notice_id": notice_id},
        body=unchecked(notices.NoticeResponseCreate, kind=kind),
    )


def notice_responses(
    subject_id: SubjectId, *, cursor: str | None = None, limit: int = 50
) -> Call[models.Page[notices.NoticeResponse]]:
    """Notifier or staff: the answers given to a record's notices, newest first."""
    return page_of_record(
        "/v1/subjects/{subject_id}/notice-responses",
        notices.NoticeResponse,
        subject_id,
        cursor=cursor,
        limit=limit,
    )


def first_contacts(*, limit: int = 50) -> Call[models.Page[notices.FirstContact]]:
    """Staff: records with findings for someone who has not decided yet."""
    return get_page("/v1/first-contacts", notices.FirstContact, limit=limit)


def first_contact_done(subject_id: SubjectId) -> Call[None]:
    """Staff: the safe first contact took place."""
    return on_record("POST", "/v1/first-contacts/{subject_id}/done", NOTHING, subject_id)
