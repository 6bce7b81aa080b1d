"""The part of the client that does not do I/O, shared by the sync and async clients.

A request is run by :meth:`BaseConsentClient._exchange`, a generator that decides what to do
and *yields* the I/O it needs instead of doing it:

- :class:`Send` - send this request; the driver sends back the ``httpx.Response`` or the
  ``httpx.TransportError`` it got;
- :class:`Sleep` - wait this long before the next attempt;
- :class:`Refresh` - the access token was refused: renew the session (once, even when many
  calls notice at the same moment) and send back ``None`` or the error that stopped it.

``ConsentClient`` drives the generator with blocking calls and ``AsyncConsentClient`` with
``await``, both through :class:`Steps`; request building, the retry rules, token handling
(what ``login``, ``logout`` and ``delete_account`` do to the session included) and the mapping
of answers to models and exceptions exist once, here and in the modules it uses.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Generator
from typing import Generic, TypedDict, TypeVar

import httpx

from api_client import calls, endpoints, models
from api_client.errors import (
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    RedirectRefusedError,
)
from api_client.responses import error_from_response
from api_client.retry import RetryPolicy, is_transient_status
from api_client.tokens import TokenPair
from api_client.transport_policy import checked_base_url

T = TypeVar("T")

# Method, path template and status only: never a URL with ids, a header or a body.
logger = logging.getLogger("api_client")


@dataclasses.dataclass(frozen=True)
class Send:
    request: httpx.Request = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclasses.dataclass(frozen=True)
class Refresh:
    stale: TokenPair


Action = Send | Sleep | Refresh
Outcome = httpx.Response | httpx.TransportError | ApiError | None
Exchange = Generator[Action, Outcome, T]

TokensChanged = Callable[[TokenPair | None], None]


class Steps(Generic[T]):
    """An exchange being run by a client's driver, which does the I/O::

        with Steps(exchange) as steps:
            while steps.action is not None:
                steps.resume(outcome_of(steps.action))
            return steps.result

    ``resume`` is called with the outcome as a value, outside any ``except`` block, so no
    exception gets chained to (and keeps alive) the request that failed. Leaving the
    ``with`` block early (an error, a cancelled task) closes the exchange.
    """

    def __init__(self, exchange: Exchange[T]) -> None:
        self._exchange = exchange
        self._result: tuple[T] | None = None
        self.action: Action | None = None
        try:
            self.action = next(exchange)
        except StopIteration as done:
            self._result = (done.value,)

    def resume(self, outcome: Outcome) -> None:
        """Give the exchange the outcome of ``action``; ``action`` becomes the next one."""
        try:
            self.action = self._exchange.send(outcome)
        except StopIteration as done:
            self.action, self._result = None, (done.value,)

    @property
    def result(self) -> T:
        assert self._result is not None, "the exchange has not finished"
        return self._result[0]

    def __enter__(self) -> Steps[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._exchange.close()


class ClientOptions(TypedDict, total=False):
    """What both clients take besides ``base_url`` and ``transport``; defaults are in
    :meth:`BaseConsentClient.__init__`."""

    timeout: float  # seconds for each attempt
    max_retries: int  # how often a failed request may be tried again (see docs/client.md)
    user_agent: str
    retry_policy: RetryPolicy | None  # replaces max_retries and the default backoff


class BaseConsentClient:
    """Configuration, session tokens and the request logic common to both clients."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 2,
        user_agent: str = "consent-app",
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self._base_url = checked_base_url(base_url)
        self._base_path = self._base_url.path.rstrip("/")
        self._timeout = httpx.Timeout(timeout)
        self._retry_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self._user_agent = user_agent
        self._tokens: TokenPair | None = None
        self.on_tokens_changed: TokensChanged | None = None
        # Device tokens by username (lower case): sent back with the next login of that
        # username, so a shared address or an attack on the account does not lock it out.
        self._device_tokens: dict[str, str] = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={str(self._base_url)!r}, "
            f"logged_in={self._tokens is not None})"
        )

    @property
    def base_url(self) -> str:
        return str(self._base_url)

    @property
    def retry_policy(self) -> RetryPolicy:
        return self._retry_policy

    # --- tokens ----------------------------------------------------------------------------

    @property
    def tokens(self) -> TokenPair | None:
        return self._tokens

    def set_tokens(self, pair: TokenPair | None) -> None:
        """Use a remembered session (or none). Does not call ``on_tokens_changed``."""
        self._tokens = pair

    def device_token(self, username: str) -> str | None:
        """The device token the server gave this username's last login here, if any."""
        return self._device_tokens.get(username.lower())

    def set_device_token(self, username: str, token: str | None) -> None:
        """Use a remembered device token for ``username`` (None forgets it)."""
        if token:
            self._device_tokens[username.lower()] = token
        else:
            self._device_tokens.pop(username.lower(), None)

    # --- the operations that also keep or forget the session ------------------------------
    # Client methods through api_client.operations, like the one-call operations.

    def _login(self, username: str, passphrase: str) -> Exchange[models.Session]:
        """Log in and keep the tokens (``on_tokens_changed`` is called)."""
        call = endpoints.login(username, passphrase, self.device_token(username))
        session = yield from self._exchange(call)
        if session.device_token:
            self._device_tokens[username.lower()] = session.device_token
        self._store_session(session)
        return session

    def _logout(self) -> Exchange[None]:
        """End the session on the server and forget the tokens here.

        The tokens are forgotten even when the server cannot be told; the error is then
        raised so the app can say that the server may still consider the session open.
        A session the server had already ended counts as success.
        """
        try:
            if self._tokens is not None:
                yield from self._exchange(endpoints.logout())
        except AuthenticationError:
            pass
        finally:
            self._forget_tokens()

    def _delete_account(self, passphrase: str, *, clear_decision: bool = False) -> Exchange[None]:
        """Delete this account: login and contact details go, the last decision stays unless
        ``clear_decision``; on success the tokens are forgotten."""
        yield from self._exchange(
            endpoints.delete_account(passphrase, clear_decision=clear_decision)
        )
        self._forget_tokens()

    def _store_session(self, session: models.Session) -> None:
        self._tokens = TokenPair.from_session(session)
        self._tokens_changed()

    def _forget_tokens(self) -> None:
        self._tokens = None
        self._tokens_changed()

    def _tokens_changed(self) -> None:
        if self.on_tokens_changed is not None:
            self.on_tokens_changed(self._tokens)

    # --- requests --------------------------------------------------------------------------

    def _build_request(self, call: calls.Call[T], tokens: TokenPair | None) -> httpx.Request:
        headers = {"Accept": "application/json", "User-Agent": self._user_agent, **call.headers}
        if call.body is not None:
            headers["Content-Type"] = "application/json"
        if tokens is not None:
            # Always a header, never the URL: URLs end up in logs and proxies.
            headers["Authorization"] = f"Bearer {tokens.access_token}"
        return httpx.Request(
            call.method,
            self._base_url.copy_with(path=self._base_path + call.path),
            params=dict(call.params) or None,
            headers=headers,
            content=call.body,
            extensions={"timeout": self._timeout.as_dict()},
        )

    def _exchange(self, call: calls.Call[T]) -> Exchange[T]:
        """Send ``call`` until it succeeds, fails for good, or runs out of retries."""
        retry_number = 0
        refreshed = False
        while True:
            tokens = self._tokens if call.authenticated else None
            outcome = yield Send(self._build_request(call, tokens))

            if isinstance(outcome, httpx.TransportError):
                delay = self._retry_policy.delay_after_failure(
                    outcome, repeatable=call.repeatable, retry_number=retry_number
                )
                if delay is None:
                    logger.info(
                        "%s %s failed: %s", call.method, call.path_template, type(outcome).__name__
                    )
                    raise _connection_error(outcome)
                self._log_retry(call, type(outcome).__name__, delay, retry_number)
                yield Sleep(delay)
                retry_number += 1
                continue

            assert isinstance(outcome, httpx.Response)
            status = outcome.status_code
            logger.debug("%s %s -> %d", call.method, call.path_template, status)

            if 300 <= status < 400:
                raise RedirectRefusedError(status)

            if status == 401 and tokens is not None and not refreshed:
                refreshed = True
                refresh_error = yield Refresh(tokens)
                if refresh_error is None:
                    continue  # once more, with the renewed access token
                if isinstance(refresh_error, ApiStatusError) and not is_transient_status(
                    refresh_error.status
                ):
                    # The session is over: report the refusal of the original call.
                    raise error_from_response(outcome)
                assert isinstance(refresh_error, ApiError)
                raise refresh_error

            if status >= 400:
                delay = self._retry_policy.delay_after_response(
                    status, outcome.headers, repeatable=call.repeatable, retry_number=retry_number
                )
                if delay is None:
                    raise error_from_response(outcome)
                self._log_retry(call, str(status), delay, retry_number)
                yield Sleep(delay)
                retry_number += 1
                continue

            return call.expect.parse(outcome)

    def _refresh_exchange(self) -> Exchange[models.Session]:
        """Renew the session with the refresh token and keep the new pair.

        If the server refuses the refresh token (expired, revoked, already used) the session
        cannot be saved: the tokens are forgotten (and ``on_tokens_changed(None)`` is called)
        before the error is raised. Connection failures, 408, 429 and 5xx keep the tokens
        for a later try.
        """
        if self._tokens is None:
            raise AuthenticationError(401, models.Problem(title="Not logged in", status=401))
        try:
            session = yield from self._exchange(endpoints.refresh(self._tokens.refresh_token))
        except ApiStatusError as exc:
            if not is_transient_status(exc.status):
                self._forget_tokens()
            raise
        self._store_session(session)
        return session

    def _log_retry(self, call: calls.Call[T], reason: str, delay: float, retry_number: int) -> None:
        logger.info(
            "%s %s: %s, retry %d of %d in %.2f s",
            call.method,
            call.path_template,
            reason,
            retry_number + 1,
            self._retry_policy.max_retries,
            delay,
        )


def _connection_error(error: httpx.TransportError) -> ApiConnectionError:
    """Our exception for a transport failure, without the httpx one attached.

    The httpx exception holds the request, headers (bearer token) and body (passphrase)
    included; it is deliberately not chained as ``__cause__``.
    """
    kind = type(error).__name__
    if isinstance(error, httpx.TimeoutException):
        return ApiTimeoutError(f"The server did not answer in time ({kind}).")
    return ApiConnectionError(f"Could not connect to the server ({kind}).")
