"""A shared address cannot lock the real person out: OWASP's device cookie.

A family computer or a shelter's NAT is one address for everyone behind it. Someone there
trying made-up usernames exhausts the address's login limit; someone elsewhere failing on
the person's username exhausts the account's. Before device tokens, the real person then
got 429 at their own computer. Now the typed client keeps the token from the person's last
successful login and sends it back; such a login is limited only per token.

Real server in-process, real typed client (``AsyncConsentClient``) over ASGI with a chosen
client address, rate limits on (the shipped shape, scaled down as in test_brute_force).
"""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from api_client.async_client import AsyncConsentClient
from api_client.errors import AuthenticationError, RateLimitedError
from api_client.retry import RetryPolicy
from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.support.accounts import Person
from tests.support.limits import scaled_down_limits

SHARED = "198.51.100.20"  # the family computer, the shelter's NAT
ELSEWHERE = "203.0.113.77"


@pytest.fixture
def server_settings(database_url: str, clock: MovableClock) -> ServerSettings:
    return scaled_down_limits(database_url, clock)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def client_from(app: FastAPI, address: str) -> AsyncConsentClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    # No retries: a 429 must show as one, not as waiting.
    return AsyncConsentClient(
        "http://127.0.0.1", transport=transport, retry_policy=RetryPolicy(max_retries=0)
    )


async def exhaust_the_shared_address_and_the_account(
    app: FastAPI, settings: ServerSettings, victim: Person
) -> None:
    """Made-up names from the shared address; the person's name from elsewhere."""
    async with client_from(app, SHARED) as stranger:
        for number in range(settings.login_attempts_per_client + 1):
            try:
                await stranger.login(f"made.up.{number}", "any guess at all")
            except AuthenticationError:
                continue
            except RateLimitedError:
                break
        else:
            pytest.fail("the shared address was never limited")
    for number in range(settings.login_failures_per_user):
        async with client_from(app, f"192.0.2.{number + 1}") as attacker:
            with pytest.raises(AuthenticationError):
                await attacker.login(victim.username, "a wrong guess here")


@pytest.mark.anyio
async def test_a_shared_address_does_not_lock_out_the_person_who_logged_in_from_it(
    server_app: FastAPI, server_settings: ServerSettings, victim: Person
) -> None:
    async with client_from(server_app, SHARED) as own_computer:
        await own_computer.login(victim.username, victim.passphrase)
        assert own_computer.device_token(victim.username) is not None
        await exhaust_the_shared_address_and_the_account(server_app, server_settings, victim)

        # Without the token (a fresh install, another browser) the lock-out is real ...
        async with client_from(server_app, SHARED) as without_token:
            with pytest.raises(RateLimitedError):
                await without_token.login(victim.username, victim.passphrase)
        # ... but the computer the person used before gets in.
        session = await own_computer.login(victim.username, victim.passphrase)
        assert session.account.username == victim.username


@pytest.mark.anyio
async def test_a_stolen_device_token_cannot_be_used_to_guess(
    server_app: FastAPI, server_settings: ServerSettings, victim: Person
) -> None:
    async with client_from(server_app, SHARED) as own_computer:
        await own_computer.login(victim.username, victim.passphrase)
        stolen = own_computer.device_token(victim.username)
    async with client_from(server_app, ELSEWHERE) as thief:
        thief.set_device_token(victim.username, stolen)
        for _ in range(server_settings.login_failures_per_user_and_client):
            with pytest.raises(AuthenticationError):
                await thief.login(victim.username, "guessing with the token")
        with pytest.raises(RateLimitedError):
            await thief.login(victim.username, "guessing with the token")
        with pytest.raises(RateLimitedError):  # not even the right passphrase, for a while
            await thief.login(victim.username, victim.passphrase)


@pytest.mark.anyio
async def test_an_invalid_or_foreign_token_is_ignored(
    server_app: FastAPI, server_settings: ServerSettings, victim: Person, clock: MovableClock
) -> None:
    async with client_from(server_app, SHARED) as own_computer:
        await own_computer.login(victim.username, victim.passphrase)
        real = own_computer.device_token(victim.username)
    assert real is not None
    tokens = context_of(server_app).device_tokens
    other_users = tokens.issue("someone.else")
    forged = real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB")
    await exhaust_the_shared_address_and_the_account(server_app, server_settings, victim)
    for presented in (other_users, forged, "not-a-token", "x" * 200):
        async with client_from(server_app, SHARED) as someone:
            someone.set_device_token(victim.username, presented)
            with pytest.raises(RateLimitedError):
                await someone.login(victim.username, victim.passphrase)
    # An expired token no longer counts either.
    clock.advance(days=server_settings.known_client_memory.days, seconds=1)
    assert tokens.verify(real, victim.username.lower()) is None


def test_the_token_is_opaque_and_bound_to_the_username(server_app: FastAPI) -> None:
    tokens = context_of(server_app).device_tokens
    token = tokens.issue("someone")
    assert "someone" not in token
    assert tokens.verify(token, "someone") is not None
    assert tokens.verify(token, "someone.else") is None
    assert tokens.issue("someone") != token  # a new one each time
