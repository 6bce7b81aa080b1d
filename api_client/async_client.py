"""The asynchronous client: the same methods as :class:`~api_client.client.ConsentClient`,
as coroutines. Only the I/O differs; the logic lives in :mod:`api_client._core`."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TypeVar

import anyio
import httpx

from api_client import endpoints, models, notice_endpoints, notices
from api_client._core import BaseConsentClient, Exchange, Outcome, Refresh, Send, Sleep
from api_client.errors import ApiError, AuthenticationError
from api_client.retry import RetryPolicy
from consent_common.ids import DelegationId, DeliveryId, NoticeId, SubjectId

T = TypeVar("T")


class AsyncConsentClient(BaseConsentClient):
    """Typed asynchronous client for the consent API (docs/api.md).

    Works under asyncio and trio (through anyio). ``base_url`` must be https, or http to
    loopback. Safe to share between tasks: a refused access token is renewed once even when
    several calls notice it at the same time.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
        user_agent: str = "consent-app",
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        super().__init__(
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            retry_policy=retry_policy,
        )
        self._http = httpx.AsyncClient(
            transport=transport, timeout=self._timeout, follow_redirects=False
        )
        self._refresh_lock = anyio.Lock()
        self._sleep: Callable[[float], Awaitable[None]] = anyio.sleep

    # --- lifecycle -------------------------------------------------------------------------

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncConsentClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # --- the I/O driver --------------------------------------------------------------------

    async def _run(self, exchange: Exchange[T]) -> T:
        try:
            action = next(exchange)
            while True:
                outcome: Outcome = None
                if isinstance(action, Send):
                    try:
                        outcome = await self._http.send(action.request)
                    except httpx.TransportError as error:
                        outcome = error
                elif isinstance(action, Sleep):
                    await self._sleep(action.seconds)
                elif isinstance(action, Refresh):
                    try:
                        await self._refresh_unless_renewed(action)
                    except ApiError as error:
                        outcome = error
                # Resumed outside the except blocks, so no exception gets chained to
                # (and keeps alive) the request that failed.
                action = exchange.send(outcome)
        except StopIteration as done:
            result: T = done.value
            return result
        finally:
            exchange.close()

    async def _request(self, call: endpoints.Call[T]) -> T:
        return await self._run(self._exchange(call))

    async def _refresh_unless_renewed(self, action: Refresh) -> None:
        async with self._refresh_lock:
            if self._tokens is action.stale:  # nobody renewed it while we waited
                await self._run(self._refresh_exchange())

    # --- accounts and sessions -------------------------------------------------------------

    async def health(self) -> models.Health:
        return await self._request(endpoints.health())

    async def register(
        self, activation_code: str, username: str, passphrase: str
    ) -> models.Account:
        return await self._request(endpoints.register(activation_code, username, passphrase))

    async def login(self, username: str, passphrase: str) -> models.Session:
        """Log in and keep the tokens (``on_tokens_changed`` is called)."""
        session = await self._request(self._login_call(username, passphrase))
        self._store_login(username, session)
        return session

    async def refresh(self) -> models.Session:
        """Renew the session now. If the server refuses, the tokens are forgotten."""
        async with self._refresh_lock:
            return await self._run(self._refresh_exchange())

    async def logout(self) -> None:
        """End the session on the server and forget the tokens here.

        The tokens are forgotten even when the server cannot be told; the error is then
        raised so the app can say that the server may still consider the session open.
        A session the server had already ended counts as success.
        """
        try:
            if self._tokens is not None:
                await self._request(endpoints.logout())
        except AuthenticationError:
            pass
        finally:
            self._forget_tokens()

    async def me(self) -> models.Me:
        return await self._request(endpoints.me())

    async def change_passphrase(self, current: str, new: str) -> None:
        await self._request(endpoints.change_passphrase(current, new))

    async def delete_account(self, passphrase: str, *, clear_decision: bool = False) -> None:
        """Delete this account: login and contact details go, the last decision stays unless
        ``clear_decision``; on success the tokens are forgotten."""
        await self._request(endpoints.delete_account(passphrase, clear_decision=clear_decision))
        self._forget_tokens()

    # --- preferences -----------------------------------------------------------------------

    async def get_preferences(self, subject_id: SubjectId) -> models.Preferences:
        return await self._request(endpoints.get_preferences(subject_id))

    async def put_preferences(
        self,
        subject_id: SubjectId,
        write: models.PreferenceWrite,
        *,
        if_match: int,
        idempotency_key: str | None = None,
    ) -> models.Preferences:
        """Write new preferences over version ``if_match``.

        Pass the ``idempotency_key`` kept with an outbox entry when re-sending it; without one,
        a fresh key is made for this call and reused on each of its retries.
        """
        key = idempotency_key or str(uuid.uuid4())
        return await self._request(
            endpoints.put_preferences(subject_id, write, if_match=if_match, idempotency_key=key)
        )

    async def history(
        self, subject_id: SubjectId, *, cursor: str | None = None, limit: int = 50
    ) -> models.Page[models.PreferenceVersion]:
        return await self._request(endpoints.history(subject_id, cursor=cursor, limit=limit))

    async def receipt(self, subject_id: SubjectId, version: int) -> models.ConsentReceipt:
        return await self._request(endpoints.receipt(subject_id, version))

    # --- staff -----------------------------------------------------------------------------

    async def create_subject(self, body: models.SubjectCreate) -> models.Subject:
        return await self._request(endpoints.create_subject(body))

    async def issue_activation_code(
        self, subject_id: SubjectId, role: str = "victim"
    ) -> models.ActivationCode:
        return await self._request(endpoints.issue_activation_code(subject_id, role))

    async def get_subject(self, subject_id: SubjectId) -> models.Subject:
        return await self._request(endpoints.get_subject(subject_id))

    async def update_subject(
        self, subject_id: SubjectId, body: models.SubjectUpdate
    ) -> models.Subject:
        return await self._request(endpoints.update_subject(subject_id, body))

    async def find_subjects(
        self, reference: str, *, prefix: bool = False, cursor: str | None = None, limit: int = 20
    ) -> models.Page[models.Subject]:
        """Staff: records by reference, exactly or (``prefix=True``, 3 characters or more)
        those whose reference starts with it; each one shown is in its access log."""
        return await self._request(
            endpoints.find_subjects(reference, prefix=prefix, cursor=cursor, limit=limit)
        )

    async def recent_subjects(self, *, limit: int = 20) -> models.Page[models.Subject]:
        """Staff: the records this staff member worked on most recently, newest first."""
        return await self._request(endpoints.recent_subjects(limit=limit))

    async def reconsent_list(
        self, *, cursor: str | None = None, limit: int = 50
    ) -> models.Page[models.Subject]:
        """The re-consent work-list: records whose victim came of age."""
        return await self._request(endpoints.reconsent_list(cursor=cursor, limit=limit))

    # --- representatives -------------------------------------------------------------------

    async def list_delegations(self, subject_id: SubjectId) -> list[models.Delegation]:
        return await self._request(endpoints.list_delegations(subject_id))

    async def create_delegation(
        self, subject_id: SubjectId, body: models.DelegationCreate
    ) -> models.Delegation:
        return await self._request(endpoints.create_delegation(subject_id, body))

    async def update_delegation(
        self, subject_id: SubjectId, delegation_id: DelegationId, body: models.DelegationUpdate
    ) -> models.Delegation:
        return await self._request(endpoints.update_delegation(subject_id, delegation_id, body))

    async def revoke_delegation(self, subject_id: SubjectId, delegation_id: DelegationId) -> None:
        await self._request(endpoints.revoke_delegation(subject_id, delegation_id))

    async def create_invitation(self, body: models.InvitationCreate) -> models.Invitation:
        return await self._request(endpoints.create_invitation(body))

    async def accept_invitation(self, code: str) -> models.Delegation:
        return await self._request(endpoints.accept_invitation(code))

    # --- notifier and audit ----------------------------------------------------------------

    async def notification_plan(self, subject_id: SubjectId) -> models.NotificationPlan:
        return await self._request(endpoints.notification_plan(subject_id))

    async def access_log(
        self, subject_id: SubjectId, *, cursor: str | None = None, limit: int = 50
    ) -> models.Page[models.AccessLogEntry]:
        return await self._request(endpoints.access_log(subject_id, cursor=cursor, limit=limit))

    # --- notices (docs/notices.md) -----------------------------------------------------------

    async def record_finding(
        self,
        subject_id: SubjectId,
        body: notices.FindingCreate,
        *,
        idempotency_key: str | None = None,
    ) -> notices.Finding:
        """Notifier: record a finding; one delivery per recipient comes back.

        Retries reuse one Idempotency-Key, so a finding is never recorded twice.
        """
        key = idempotency_key or str(uuid.uuid4())
        return await self._request(
            notice_endpoints.record_finding(subject_id, body, idempotency_key=key)
        )

    async def due_deliveries(self, *, limit: int = 50) -> list[notices.DueDelivery]:
        """Notifier: deliveries whose safe window is open now, with what to honour."""
        return await self._request(notice_endpoints.due_deliveries(limit=limit))

    async def record_outcome(
        self, delivery_id: DeliveryId, body: notices.OutcomeCreate
    ) -> notices.Delivery:
        """Notifier: delivered, not reached or refused, and when."""
        return await self._request(notice_endpoints.record_outcome(delivery_id, body))

    async def run_digests(self) -> notices.DigestRun:
        """Notifier: the scheduled step (digests whose period ended, pauses that ended)."""
        return await self._request(notice_endpoints.run_digests())

    async def my_notices(
        self,
        *,
        subject_id: SubjectId | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> models.Page[notices.Notice]:
        """Victim or representative with receive_notices: the inbox, newest first."""
        return await self._request(
            notice_endpoints.my_notices(subject_id=subject_id, cursor=cursor, limit=limit)
        )

    async def my_unread_notices(self) -> notices.UnreadCount:
        """How many of the caller's notices are not read yet, in all and per record."""
        return await self._request(notice_endpoints.my_unread_notices())

    async def respond_to_notice(
        self, notice_id: NoticeId, kind: notices.ResponseKind
    ) -> notices.NoticeResponse:
        """Answer a notice (``read`` marks it read)."""
        return await self._request(notice_endpoints.respond_to_notice(notice_id, kind))

    async def notice_responses(
        self, subject_id: SubjectId, *, cursor: str | None = None, limit: int = 50
    ) -> models.Page[notices.NoticeResponse]:
        """Notifier or staff: the answers given to a record's notices, newest first."""
        return await self._request(
            notice_endpoints.notice_responses(subject_id, cursor=cursor, limit=limit)
        )

    async def first_contacts(self, *, limit: int = 50) -> models.Page[notices.FirstContact]:
        """Staff: records with findings for someone who has not decided yet."""
        return await self._request(notice_endpoints.first_contacts(limit=limit))

    async def first_contact_done(self, subject_id: SubjectId) -> None:
        """Staff: the safe first contact took place."""
        await self._request(notice_endpoints.first_contact_done(subject_id))
