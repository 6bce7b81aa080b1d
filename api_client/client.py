"""The blocking client. The logic lives in :mod:`api_client._core` and the operations are
declared in :mod:`api_client.operations`; this module only does the I/O."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import ParamSpec, TypeVar, Unpack

import httpx

from api_client import _core, models
from api_client.errors import ApiError
from api_client.operations import ClientOperations

P = ParamSpec("P")
T = TypeVar("T")


class ConsentClient(_core.BaseConsentClient, ClientOperations):
    """Typed client for the consent API (docs/api.md).

    ``base_url`` must be https, or http to loopback. Timeouts, retries, redirect refusal and
    token refresh are handled here; errors are raised as :mod:`api_client.errors`.
    Safe to share between threads.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Unpack[_core.ClientOptions],
    ) -> None:
        super().__init__(base_url, **options)
        self._http = httpx.Client(
            transport=transport, timeout=self._timeout, follow_redirects=False
        )
        self._refresh_lock = threading.Lock()
        self._sleep: Callable[[float], None] = time.sleep

    # --- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ConsentClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- the I/O driver --------------------------------------------------------------------

    def _run(self, exchange: _core.Exchange[T]) -> T:
        with _core.Steps(exchange) as steps:
            while steps.action is not None:
                steps.resume(self._outcome_of(steps.action))
            return steps.result

    def _outcome_of(self, action: _core.Action) -> _core.Outcome:
        if isinstance(action, _core.Send):
            try:
                return self._http.send(action.request)
            except httpx.TransportError as error:
                return error
        if isinstance(action, _core.Sleep):
            self._sleep(action.seconds)
            return None
        try:
            self._refresh_unless_renewed(action)
        except ApiError as error:
            return error
        return None

    def _method_for(self, start: Callable[P, _core.Exchange[T]]) -> Callable[P, T]:
        """A method that runs the exchanges ``start`` begins (see :mod:`api_client.operations`)."""

        def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return self._run(start(*args, **kwargs))

        return method

    def _refresh_unless_renewed(self, action: _core.Refresh) -> None:
        with self._refresh_lock:
            if self._tokens is action.stale:  # nobody renewed it while we waited
                self._run(self._refresh_exchange())

    # --- refresh holds this client's own lock (the other operations: operations.py) ---

    def refresh(self) -> models.Session:
        """Renew the session now. If the server refuses, the tokens are forgotten."""
        with self._refresh_lock:
            return self._run(self._refresh_exchange())
