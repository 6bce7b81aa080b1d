"""The client methods, declared once for both clients.

Each is an :class:`Operation`: a description of the exchange the method runs (see
:mod:`api_client._core`) and nothing else. Read on a :class:`~api_client.client.ConsentClient`
it is a method that runs the exchange and returns its result; read on an
:class:`~api_client.async_client.AsyncConsentClient` it is a coroutine method. Its
parameters, defaults and docstring are those of the function it names, so both clients
offer the same methods and the type checker sees each one's exact signature.

Most operations send the one call an endpoint function (:mod:`api_client.endpoints`,
:mod:`api_client.notice_endpoints`) describes; ``login``, ``logout`` and ``delete_account``
also keep or forget the session, which the core does (:class:`SessionOperation`). Only
``refresh``, which holds a lock of the client's own kind, is written in each client.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from api_client import endpoints, notice_endpoints
from api_client._core import BaseConsentClient, Exchange
from api_client.calls import Call

if TYPE_CHECKING:
    from api_client.async_client import AsyncConsentClient
    from api_client.client import ConsentClient

P = ParamSpec("P")
T = TypeVar("T")


class Operation(Generic[P, T]):
    """A client method that sends the one call its endpoint function describes."""

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__
        # The parameters; what comes back is the call's answer, not the Call.
        self._signature = inspect.signature(build).replace(
            return_annotation=inspect.Signature.empty
        )
        self._name = build.__name__

    def __set_name__(self, owner: type[object], name: str) -> None:
        self._name = name

    def _start(self, client: BaseConsentClient) -> Callable[P, Exchange[T]]:
        build = self._build

        def start(*args: P.args, **kwargs: P.kwargs) -> Exchange[T]:
            return client._exchange(build(*args, **kwargs))

        return start

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
        method: Any = client._method_for(self._start(client))
        method.__name__ = self._name
        method.__qualname__ = f"{type(client).__name__}.{self._name}"
        method.__doc__ = self.__doc__
        method.__signature__ = self._signature
        return method


class SessionOperation(Operation[P, T]):
    """A client method that runs one of the core's exchanges that keep or forget the session."""

    def __init__(self, exchange: Callable[Concatenate[BaseConsentClient, P], Exchange[T]]) -> None:
        self._exchange = exchange
        self.__doc__ = exchange.__doc__
        signature = inspect.signature(exchange)
        self._signature = signature.replace(
            parameters=list(signature.parameters.values())[1:],  # without the client
            return_annotation=inspect.Signature.empty,
        )
        self._name = exchange.__name__

    def _start(self, client: BaseConsentClient) -> Callable[P, Exchange[T]]:
        return functools.partial(self._exchange, client)


class ClientOperations:
    """The operations of both clients (docs/api.md, docs/notices.md), except ``refresh``."""

    # accounts and sessions
    health = Operation(endpoints.health)
    register = Operation(endpoints.register)
    login = SessionOperation(BaseConsentClient._login)
    logout = SessionOperation(BaseConsentClient._logout)
    me = Operation(endpoints.me)
    change_passphrase = Operation(endpoints.change_passphrase)
    delete_account = SessionOperation(BaseConsentClient._delete_account)

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
