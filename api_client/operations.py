"""The client methods that send one operation and return its answer, declared once.

Each is an :class:`Operation` around the function in :mod:`api_client.endpoints` or
:mod:`api_client.notice_endpoints` that describes the operation. Read on a
:class:`~api_client.client.ConsentClient` it is a method that sends the call and returns the
answer; read on an :class:`~api_client.async_client.AsyncConsentClient` it is a coroutine
method. Its parameters, defaults and docstring are those of the endpoint function, so both
clients offer the same methods and the type checker sees each one's exact signature.

Methods that do more than send one call (``login``, ``refresh``, ``logout``,
``delete_account``) are written in the clients themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

from api_client import endpoints, notice_endpoints
from api_client.endpoints import Call

if TYPE_CHECKING:
    from api_client.async_client import AsyncConsentClient
    from api_client.client import ConsentClient

P = ParamSpec("P")
T = TypeVar("T")


class Operation(Generic[P, T]):
    """A client method that builds one :class:`~api_client.endpoints.Call` and sends it."""

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, client: None, owner: type[object]) -> Operation[P, T]: ...

    @overload
    def __get__(self, client: ConsentClient, owner: type[object]) -> Callable[P, T]: ...

    @overload
    def __get__(
        self, client: AsyncConsentClient, owner: type[object]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...

    def __get__(
        self, client: ConsentClient | AsyncConsentClient | None, owner: type[object]
    ) -> object:
        if client is None:
            return self
        return client._method_for(self._build)


class ClientOperations:
    """The one-call operations of both clients (docs/api.md, docs/notices.md)."""

    # accounts and sessions
    health = Operation(endpoints.health)
    register = Operation(endpoints.register)
    me = Operation(endpoints.me)
    change_passphrase = Operation(endpoints.change_passphrase)

    # preferences
    get_preferences = Operation(endpoints.get_preferences)
    put_preferences = Operation(endpoints.put_preferences)
    history = Operation(endpoints.history)
    receipt = Operation(endpoints.receipt)

    # staff
    create_subject = Operation(endpoints.create_subject)
    issue_activation_code = Operation(endpoints.issue_activation_code)
    get_subject = Operation(endpoints.get_subject)
    update_subject = Operation(endpoints.update_subject)
    find_subjects = Operation(endpoints.find_subjects)
    recent_subjects = Operation(endpoints.recent_subjects)
    reconsent_list = Operation(endpoints.reconsent_list)

    # representatives
    list_delegations = Operation(endpoints.list_delegations)
    create_delegation = Operation(endpoints.create_delegation)
    update_delegation = Operation(endpoints.update_delegation)
    revoke_delegation = Operation(endpoints.revoke_delegation)
    create_invitation = Operation(endpoints.create_invitation)
    list_invitations = Operation(endpoints.list_invitations)
    withdraw_invitation = Operation(endpoints.withdraw_invitation)
    accept_invitation = Operation(endpoints.accept_invitation)

    # notifier and audit
    notification_plan = Operation(endpoints.notification_plan)
    access_log = Operation(endpoints.access_log)

    # findings and notices
    record_finding = Operation(notice_endpoints.record_finding)
    due_deliveries = Operation(notice_endpoints.due_deliveries)
    record_outcome = Operation(notice_endpoints.record_outcome)
    run_digests = Operation(notice_endpoints.run_digests)
    my_notices = Operation(notice_endpoints.my_notices)
    my_unread_notices = Operation(notice_endpoints.my_unread_notices)
    respond_to_notice = Operation(notice_endpoints.respond_to_notice)
    notice_responses = Operation(notice_endpoints.notice_responses)
    first_contacts = Operation(notice_endpoints.first_contacts)
    first_contact_done = Operation(notice_endpoints.first_contact_done)
