"""The blocking client. The logic lives in :mod:`api_client._core` and the operations are
declared in :mod:`api_client.operations`; this module only does the I/O."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import ParamSpec, TypeVar

import httpx

from api_client import endpoints, models
from api_client._core import BaseConsentClient, Exchange, Outcome, Refresh, Send, Sleep
from api_client.errors import ApiError, AuthenticationError
from api_client.operations import ClientOperations
from api_client.retry import RetryPolicy

P = ParamSpec("P")
T = TypeVar("T")


class ConsentClient(BaseConsentClient, ClientOperations):
    """Typed client for the consent API (docs/api.md).

    ``base_url`` must be https, or http to loopback. Timeouts, retries, redirect refusal and
    token refresh are handled here; errors are raised as :mod:`api_client.errors`.
    Safe to share between threads.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 2,
        transport: httpx.BaseTransport | None = None,
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

    def _run(self, exchange: Exchange[T]) -> T:
        try:
            action = next(exchange)
            while True:
                outcome: Outcome = None
                if isinstance(action, Send):
                    try:
                        outcome = self._http.send(action.request)
                    except httpx.TransportError as error:
                        outcome = error
                elif isinstance(action, Sleep):
                    self._sleep(action.seconds)
                elif isinstance(action, Refresh):
                    try:
                        self._refresh_unless_renewed(action)
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

    def _request(self, call: endpoints.Call[T]) -> T:
        return self._run(self._exchange(call))

    def _method_for(self, build: Callable[P, endpoints.Call[T]]) -> Callable[P, T]:
        """A method that sends the call ``build`` describes (see :mod:`api_client.operations`)."""

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return self._request(build(*args, **kwargs))

        return method

    def _refresh_unless_renewed(self, action: Refresh) -> None:
        with self._refresh_lock:
            if self._tokens is action.stale:  # nobody renewed it while we waited
                self._run(self._refresh_exchange())

    # --- operations that also keep or forget the session (the others: operations.py) --

    def login(self, username: str, passphrase: str) -> models.Session:
        """Log in and keep the tokens (``on_tokens_changed`` is called)."""
        session = self._request(self._login_call(username, passphrase))
        self._store_login(username, session)
        return session

    def refresh(self) -> models.Session:
        """Renew the session now. If the server refuses, the tokens are forgotten."""
        with self._refresh_lock:
            return self._run(self._refresh_exchange())

    def logout(self) -> None:
        """End the session on the server and forget the tokens here.

        The tokens are forgotten even when the server cannot be told; the error is then
        raised so the app can say that the server may still consider the session open.
        A session the server had already ended counts as success.
        """
        try:
            if self._tokens is not None:
                self._request(endpoints.logout())
        except AuthenticationError:
            pass
        finally:
            self._forget_tokens()

    def delete_account(self, passphrase: str, *, clear_decision: bool = False) -> None:
        """Delete this account: login and contact details go, the last decision stays unless
        ``clear_decision``; on success the tokens are forgotten."""
        self._request(endpoints.delete_account(passphrase, clear_decision=clear_decision))
        self._forget_tokens()
