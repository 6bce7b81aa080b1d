"""The exceptions the client raises.

Every exception carries only what is safe to show in a log or a traceback: a status, a
cleaned :class:`~api_client.models.Problem` and a short message built from the problem's
type and title. None of them holds the raw response body, the request, its headers or its
data, so a token, a passphrase or a contact detail cannot leak through ``str(exc)`` or
``repr(exc)``. Apps should still map exceptions to their own translated messages (use
:attr:`ApiStatusError.code`) rather than show ``str(exc)`` to a person.

    ApiError
    ├── ApiConnectionError            the server could not be reached
    │   └── ApiTimeoutError           ... or did not answer in time
    ├── InsecureTransportError        plain http to a host that is not loopback
    ├── RedirectRefusedError          the server answered 3xx; redirects are never followed
    ├── ApiResponseValidationError    a 2xx body that does not match the wire contract
    └── ApiStatusError                a 4xx/5xx answer, with its problem document
        ├── BadRequestError              400
        ├── AuthenticationError          401
        ├── PermissionDeniedError        403
        ├── NotFoundError                404
        ├── ConflictError                409
        ├── PreconditionFailedError      412  (.current: the server's current preferences)
        ├── UnprocessableError           422
        ├── PreconditionRequiredError    428
        ├── RateLimitedError             429  (.retry_after: seconds, when the server said)
        └── ServerError                  5xx
"""

from __future__ import annotations

from http import HTTPStatus

from api_client import models

PROBLEM_TYPE_PREFIX = "https://consent.invalid/problems/"


class ApiError(Exception):
    """Base of every error raised by the API client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ApiConnectionError(ApiError):
    """The request did not get an answer: DNS, refused or reset connection, TLS failure."""

    def __init__(self, message: str = "Could not connect to the server.") -> None:
        super().__init__(message)


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer within the timeout."""

    def __init__(self, message: str = "The server did not answer in time.") -> None:
        super().__init__(message)


class InsecureTransportError(ApiError):
    """Refused to talk plain http to a host that is not loopback (see transport_policy)."""

    def __init__(
        self, message: str = "Refusing plain http to a host that is not loopback; use https."
    ) -> None:
        super().__init__(message)


class RedirectRefusedError(ApiError):
    """The server answered with a redirect. Redirects are never followed: a redirect could
    send the next request, with its bearer token, somewhere else."""

    def __init__(self, status: int) -> None:
        super().__init__(f"The server answered {status} (a redirect); redirects are not followed.")
        self.status = status


class ApiResponseValidationError(ApiError):
    """A successful answer whose body does not match the wire model.

    Only the locations and kinds of the mismatches are kept, never the values: the body
    may hold tokens or contact details.
    """

    def __init__(self, model_name: str, problems: list[str]) -> None:
        summary = "; ".join(problems[:5]) or "not valid JSON"
        super().__init__(f"The server's answer does not match {model_name}: {summary}")
        self.model_name = model_name
        self.problems = problems


class ApiStatusError(ApiError):
    """The server answered with an error status and (usually) a problem document."""

    def __init__(self, status: int, problem: models.Problem) -> None:
        super().__init__(f"{status} {problem.title}" + _code_suffix(problem.type))
        self.status = status
        self.problem = problem

    @property
    def code(self) -> str | None:
        """The short problem name, e.g. ``"invalid-credentials"``, for mapping to a message."""
        return _problem_code(self.problem.type)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, code={self.code!r})"


class BadRequestError(ApiStatusError):
    """400: the request is malformed (also: unknown, used or expired activation code)."""


class AuthenticationError(ApiStatusError):
    """401: not logged in, wrong credentials, or the session has ended."""


class PermissionDeniedError(ApiStatusError):
    """403: logged in, but not allowed to do this."""


class NotFoundError(ApiStatusError):
    """404: does not exist, or this account may not know that it exists."""


class ConflictError(ApiStatusError):
    """409: conflicts with the current state, e.g. the username is taken."""


class PreconditionFailedError(ApiStatusError):
    """412: the preferences changed since they were read; ``current`` is the server's version."""

    @property
    def current(self) -> models.Preferences | None:
        return self.problem.current


class UnprocessableError(ApiStatusError):
    """422: the body failed validation, or an idempotency key was reused for another body."""


class PreconditionRequiredError(ApiStatusError):
    """428: the write needs an ``If-Match`` header."""


class RateLimitedError(ApiStatusError):
    """429: too many attempts; ``retry_after`` says how many seconds to wait, when known."""

    def __init__(
        self, status: int, problem: models.Problem, *, retry_after: float | None = None
    ) -> None:
        super().__init__(status, problem)
        self.retry_after = retry_after


class ServerError(ApiStatusError):
    """5xx: the server failed; retried automatically where that is safe."""


_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableError,
    428: PreconditionRequiredError,
    429: RateLimitedError,
}


def status_error(
    status: int, problem: models.Problem, *, retry_after: float | None = None
) -> ApiStatusError:
    """The exception for an error answer with this status."""
    if status == 429:
        return RateLimitedError(status, problem, retry_after=retry_after)
    if status >= 500:
        return ServerError(status, problem)
    return _BY_STATUS.get(status, ApiStatusError)(status, problem)


def generic_problem(status: int) -> models.Problem:
    """A stand-in problem for an error answer whose body is not a problem document."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Server error" if status >= 500 else "Request failed"
    return models.Problem(title=title, status=status)


def _problem_code(problem_type: str) -> str | None:
    if problem_type.startswith(PROBLEM_TYPE_PREFIX):
        return problem_type.removeprefix(PROBLEM_TYPE_PREFIX) or None
    return None


def _code_suffix(problem_type: str) -> str:
    code = _problem_code(problem_type)
    return f" ({code})" if code else ""
