"""The retry rules and backoff, without any I/O."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from api_client.retry import (
    NEVER_RETRY_STATUSES,
    RetryPolicy,
    is_transient_status,
    parse_retry_after,
)

NOW = dt.datetime(2025, 3, 1, 12, 0, 0, tzinfo=dt.UTC)


def policy(**overrides: object) -> RetryPolicy:
    settings: dict[str, Any] = {
        "max_retries": 5,
        "initial_delay": 0.5,
        "max_delay": 8.0,
        "random": lambda: 1.0,
    }
    return RetryPolicy(**(settings | overrides))


def test_backoff_doubles_up_to_the_maximum_when_jitter_draws_its_top() -> None:
    assert [policy().backoff(n) for n in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_backoff_is_full_jitter_between_zero_and_the_ceiling() -> None:
    assert policy(random=lambda: 0.0).backoff(3) == 0.0
    assert policy(random=lambda: 0.25).backoff(3) == 1.0


def test_backoff_with_the_real_random_stays_within_bounds() -> None:
    real = RetryPolicy()
    delays = [real.backoff(2) for _ in range(200)]
    assert all(0.0 <= d <= 2.0 for d in delays)
    assert len(set(delays)) > 1


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried_for_repeatable_requests(status: int) -> None:
    assert policy().delay_after_response(status, {}, repeatable=True, retry_number=0) == 0.5


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_not_retried_for_other_requests(status: int) -> None:
    assert policy().delay_after_response(status, {}, repeatable=False, retry_number=0) is None


@pytest.mark.parametrize("status", sorted(NEVER_RETRY_STATUSES))
@pytest.mark.parametrize("should_retry", [None, "true"])
def test_request_errors_are_never_retried_even_if_the_server_asks(
    status: int, should_retry: str | None
) -> None:
    headers = {"x-should-retry": should_retry} if should_retry else {}
    assert policy().delay_after_response(status, headers, repeatable=True, retry_number=0) is None


def test_never_retry_covers_the_documented_statuses() -> None:
    assert {400, 401, 403, 404, 409, 412, 422, 428} == NEVER_RETRY_STATUSES


@pytest.mark.parametrize("status", [501, 418, 507])
def test_other_statuses_are_not_retried(status: int) -> None:
    assert policy().delay_after_response(status, {}, repeatable=True, retry_number=0) is None


def test_x_should_retry_false_stops_a_retry() -> None:
    headers = {"x-should-retry": "false"}
    assert policy().delay_after_response(503, headers, repeatable=True, retry_number=0) is None


def test_x_should_retry_true_lets_the_server_vouch_for_any_request() -> None:
    headers = {"x-should-retry": "TRUE"}
    assert policy().delay_after_response(501, headers, repeatable=True, retry_number=0) == 0.5
    assert policy().delay_after_response(503, headers, repeatable=False, retry_number=0) == 0.5


def test_retries_stop_after_max_retries() -> None:
    two = policy(max_retries=2)
    assert two.delay_after_response(503, {}, repeatable=True, retry_number=1) is not None
    assert two.delay_after_response(503, {}, repeatable=True, retry_number=2) is None
    none = policy(max_retries=0)
    assert none.delay_after_response(503, {}, repeatable=True, retry_number=0) is None
    assert (
        none.delay_after_failure(httpx.ConnectError("x"), repeatable=True, retry_number=0) is None
    )


def test_retry_after_seconds_replace_the_backoff() -> None:
    headers = {"retry-after": "7"}
    assert policy().delay_after_response(429, headers, repeatable=True, retry_number=0) == 7.0


def test_retry_after_date_is_honoured() -> None:
    headers = {"retry-after": "Sat, 01 Mar 2025 12:00:30 GMT"}
    delay = policy().delay_after_response(503, headers, repeatable=True, retry_number=0, now=NOW)
    assert delay == 30.0


def test_a_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    headers = {"retry-after": "61"}
    assert policy().delay_after_response(503, headers, repeatable=True, retry_number=0) is None
    capped = policy(retry_after_cap=120.0)
    assert capped.delay_after_response(503, headers, repeatable=True, retry_number=0) == 61.0


def test_an_unusable_retry_after_falls_back_to_backoff() -> None:
    headers = {"retry-after": "soon"}
    assert policy().delay_after_response(503, headers, repeatable=True, retry_number=1) == 1.0


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("12", 12.0),
        ("1.5", 1.5),
        (" 3 ", 3.0),
        ("Sat, 01 Mar 2025 12:01:00 GMT", 60.0),
        ("Sat, 01 Mar 2025 11:59:00 GMT", 0.0),  # in the past: now
        (None, None),
        ("", None),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("tomorrow", None),
        ("Sat, 99 Foo 2025", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")],
)
def test_failures_before_sending_are_retried_for_any_request(error: httpx.TransportError) -> None:
    assert policy().delay_after_failure(error, repeatable=False, retry_number=0) == 0.5


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.ReadError("reset"),
        httpx.RemoteProtocolError("server disconnected"),
    ],
)
def test_failures_after_sending_are_retried_only_for_repeatable_requests(
    error: httpx.TransportError,
) -> None:
    assert policy().delay_after_failure(error, repeatable=True, retry_number=0) == 0.5
    assert policy().delay_after_failure(error, repeatable=False, retry_number=0) is None


def test_a_broken_request_is_not_retried() -> None:
    error = httpx.UnsupportedProtocol("gopher")
    assert policy().delay_after_failure(error, repeatable=True, retry_number=0) is None


@pytest.mark.parametrize(
    ("status", "transient"),
    [
        (408, True),
        (429, True),
        (500, True),
        (599, True),
        (400, False),
        (401, False),
        (404, False),
        (422, False),
    ],
)
def test_transient_statuses(status: int, transient: bool) -> None:
    assert is_transient_status(status) is transient


def test_one_backoff_for_the_client_and_the_sync_full_and_equal_jitter() -> None:
    from api_client.retry import jittered_backoff

    ceilings = [jittered_backoff(n, initial=1, maximum=5, fraction=1.0) for n in range(5)]
    assert ceilings == [1, 2, 4, 5, 5]
    assert jittered_backoff(2, initial=1, maximum=5, fraction=0.0) == 0.0
    assert jittered_backoff(2, initial=1, maximum=5, fraction=0.0, least_share=0.5) == 2.0
    assert policy(random=lambda: 0.25).backoff(3) == jittered_backoff(
        3, initial=0.5, maximum=8.0, fraction=0.25
    )
