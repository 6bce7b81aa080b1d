"""The asynchronous client: the same methods as :class:`~api_client.client.ConsentClient`,
as coroutines. Only the I/O differs; the logic lives in :mod:`api_client._core`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any, ParamSpec, TypeVar, Unpack

import anyio
import httpx

from api_client import _core, models
from api_client.errors import ApiError
from api_client.operations import ClientOperations

P = ParamSpec("P")
T = TypeVar("T")


class AsyncConsentClient(_core.BaseConsentClient, ClientOperations):
    """Typed asynchronous client for the consent API (docs/api.md).

    Works under asyncio and trio (through anyio). ``base_url`` must be https, or http to
    loopback. Safe to share between tasks: a refused access token is renewed once even when
    several calls notice it at the same time.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[_core.ClientOptions],
    ) -> None:
        super().__init__(base_url, **options)
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

    async def _run(self, exchange: _core.Exchange[T]) -> T:
        with _core.Steps(exchange) as steps:
            while steps.action is not None:
                steps.resume(await self._outcome_of(steps.action))
            return steps.result

    async def _outcome_of(self, action: _core.Action) -> _core.Outcome:
        if isinstance(action, _core.Send):
            try:
                return await self._http.send(action.request)
            except httpx.TransportError as error:
                return error
        if isinstance(action, _core.Sleep):
            await self._sleep(action.seconds)
            return None
        try:
            await self._refresh_unless_renewed(action)
        except ApiError as error:
            return error
        return None

    def _method_for(
        self, start: Callable[P, _core.Exchange[T]]
    ) -> Callable[P, Coroutine[Any, Any, T]]:
        """A coroutine method that runs the exchanges ``start`` begins."""

        async def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return await self._run(start(*args, **kwargs))

        return method

    async def _refresh_unless_renewed(self, action: _core.Refresh) -> None:
        async with self._refresh_lock:
            if self._tokens is action.stale:  # nobody renewed it while we waited
                await self._run(self._refresh_exchange())

    # --- refresh holds this client's own lock (the other operations: operations.py) ---

    async def refresh(self) -> models.Session:
        """Renew the session now. If the server refuses, the tokens are forgotten."""
        async with self._refresh_lock:
            return await self._run(self._refresh_exchange())
