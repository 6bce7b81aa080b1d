"""Server settings for the tests of the rate limits."""

from __future__ import annotations

from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings


def scaled_down_limits(database_url: str, clock: MovableClock) -> ServerSettings:
    """The shipped rate limits scaled down (the same shape, see test_brute_force), so a test
    reaches each limit with few, slow-to-hash guesses."""
    return ServerSettings(
        database_url=database_url,
        clock=clock,
        login_failures_per_user_and_client=3,
        login_failures_per_user=9,
        login_attempts_per_client=12,
        registrations_per_client=4,
    )
