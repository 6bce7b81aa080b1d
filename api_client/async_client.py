"""The asynchronous client: the same methods as :class:`~api_client.client.ConsentClient`,
as coroutines. Only the I/O differs; the logic lives in :mod:`api_client._core`."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

import anyio
import httpx

from api_client import endpoints, models
from api_client._core import BaseConsentClient, Exchange, Outcome, Refresh, Send, Sleep
from api_client.errors import ApiError, AuthenticationError
from api_client.operations import ClientOperations
from api_client.retry import RetryPolicy

P = ParamSpec("P")
T = TypeVar("T")


class AsyncConsentClient(BaseConsentClient, ClientOperations):
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

    def _method_for(
        self, build: Callable[P, endpoints.Call[T]]
    ) -> Callable[P, Coroutine[Any, Any, T]]:
        """A coroutine method that sends the call ``build`` describes."""

        @functools.wraps(build)
        async def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return await self._request(build(*args, **kwargs))

        return method

    async def _refresh_unless_renewed(self, action: Refresh) -> None:
        async with self._refresh_lock:
            if self._tokens is action.stale:  # nobody renewed it while we waited
                await self._run(self._refresh_exchange())

    # --- operations that also keep or forget the session (the others: operations.py) --

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

    async def delete_account(self, passphrase: str, *, clear_decision: bool = False) -> None:
        """Delete this account: login and contact details go, the last decision stays unless
        ``clear_decision``; on success the tokens are forgotten."""
        await self._request(endpoints.delete_account(passphrase, clear_decision=clear_decision))
        self._forget_tokens()
