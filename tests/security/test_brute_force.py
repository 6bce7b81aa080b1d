"""Guessing passphrases is slow, and cannot be turned into locking the real person out.

Limits (ServerSettings): failures per (username, client) are tight, failures per username
are generous, attempts per client bound the hashing one address can demand. Time is the
injected clock, so "after the window" is exact.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI

from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.support.accounts import Login, Seeded, Victim
from tests.support.limits import scaled_down_limits
from tests.support.testclient import client_at


@pytest.fixture
def server_settings(database_url: str, clock: MovableClock) -> ServerSettings:
    """The shipped defaults scaled down (same shape), so each test hashes fewer guesses."""
    return scaled_down_limits(database_url, clock)


def test_the_shipped_limits_have_the_same_shape() -> None:
    shipped = ServerSettings()
    assert shipped.login_failures_per_user_and_client < shipped.login_failures_per_user
    assert shipped.login_failures_per_user < shipped.login_attempts_per_client
    assert shipped.rate_limit_window <= dt.timedelta(minutes=15)


def _wrong(victim: Victim) -> dict[str, str]:
    return {"username": victim.username, "passphrase": "guessing wrongly again"}


def _right(victim: Victim) -> dict[str, str]:
    return {"username": victim.username, "passphrase": victim.passphrase}


def test_a_long_wait_says_retrying_is_pointless(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings
) -> None:
    attacker = client_at(server_app, "203.0.113.9")
    for _ in range(server_settings.login_failures_per_user_and_client):
        assert attacker.post("/v1/sessions", json=_wrong(victim)).status_code == 401
    limited = attacker.post("/v1/sessions", json=_wrong(victim))
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 60
    assert limited.headers["x-should-retry"] == "false"
    assert limited.headers["content-type"] == "application/problem+json"


def test_a_short_wait_leaves_retrying_to_the_client(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings, clock: MovableClock
) -> None:
    attacker = client_at(server_app, "203.0.113.9")
    for _ in range(server_settings.login_failures_per_user_and_client):
        attacker.post("/v1/sessions", json=_wrong(victim))
    clock.advance(server_settings.rate_limit_window - dt.timedelta(seconds=3))
    limited = attacker.post("/v1/sessions", json=_wrong(victim))
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    assert "x-should-retry" not in limited.headers


def test_registration_429_says_retrying_is_pointless(
    server_app: FastAPI, seeded: Seeded, server_settings: ServerSettings
) -> None:
    client = client_at(server_app, "203.0.113.10")
    body = {"activation_code": "0000-0000-0000-0000", "username": "some.one", "passphrase": "x" * 9}
    for _ in range(server_settings.registrations_per_client):
        client.post("/v1/registrations", json=body)
    limited = client.post("/v1/registrations", json=body)
    assert limited.status_code == 429
    assert limited.headers["x-should-retry"] == "false"


def test_the_real_person_gets_in_from_another_client_during_an_attack(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings
) -> None:
    attacker = client_at(server_app, "203.0.113.9")
    person = client_at(server_app, "198.51.100.7")
    for _ in range(server_settings.login_failures_per_user_and_client + 3):
        attacker.post("/v1/sessions", json=_wrong(victim))
    assert attacker.post("/v1/sessions", json=_right(victim)).status_code == 429
    assert person.post("/v1/sessions", json=_right(victim)).status_code == 201


def test_after_the_attackers_window_the_real_passphrase_works_from_a_fresh_client(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings, clock: MovableClock
) -> None:
    """Even an attack that exhausts the per-username limit expires by itself."""
    failures = 0
    for number in range(4):
        attacker = client_at(server_app, f"203.0.113.{number + 1}")
        for _ in range(server_settings.login_failures_per_user_and_client):
            if attacker.post("/v1/sessions", json=_wrong(victim)).status_code == 401:
                failures += 1
    assert failures >= server_settings.login_failures_per_user
    fresh = client_at(server_app, "192.0.2.44")
    assert fresh.post("/v1/sessions", json=_right(victim)).status_code == 429
    clock.advance(server_settings.rate_limit_window)
    assert fresh.post("/v1/sessions", json=_right(victim)).status_code == 201


def test_a_distributed_attack_does_not_lock_out_the_persons_own_computer(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings, clock: MovableClock
) -> None:
    """Many attacking addresses exhaust the per-username limit; a client the person has
    logged in from before is exempt from that limit (it keeps its own tight one)."""
    own_computer = client_at(server_app, "198.51.100.7")
    assert own_computer.post("/v1/sessions", json=_right(victim)).status_code == 201
    clock.advance(days=2)
    for number in range(4):
        attacker = client_at(server_app, f"203.0.113.{number + 1}")
        for _ in range(server_settings.login_failures_per_user_and_client):
            attacker.post("/v1/sessions", json=_wrong(victim))
    stranger = client_at(server_app, "192.0.2.44")
    assert stranger.post("/v1/sessions", json=_right(victim)).status_code == 429
    assert own_computer.post("/v1/sessions", json=_right(victim)).status_code == 201
    # The exemption is not a free pass: the known client still has its own tight limit.
    for _ in range(server_settings.login_failures_per_user_and_client):
        assert own_computer.post("/v1/sessions", json=_wrong(victim)).status_code == 401
    assert own_computer.post("/v1/sessions", json=_right(victim)).status_code == 429


def test_one_client_cannot_spray_many_usernames(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings
) -> None:
    sprayer = client_at(server_app, "203.0.113.77")
    statuses = [
        sprayer.post(
            "/v1/sessions", json={"username": f"user{n:03d}", "passphrase": "zomer2024!"}
        ).status_code
        for n in range(server_settings.login_attempts_per_client + 1)
    ]
    assert statuses[:-1] == [401] * server_settings.login_attempts_per_client
    assert statuses[-1] == 429
    # That address cannot even log in correctly now; others can.
    assert sprayer.post("/v1/sessions", json=_right(victim)).status_code == 429
    other = client_at(server_app, "198.51.100.7")
    assert other.post("/v1/sessions", json=_right(victim)).status_code == 201


def test_confirming_the_passphrase_for_a_change_is_rate_limited_too(
    server_app: FastAPI, victim: Victim, server_settings: ServerSettings, login: Login
) -> None:
    """A stolen session cannot be used to guess the passphrase through PUT /v1/me/passphrase."""
    thief = client_at(server_app, "203.0.113.5")
    headers = login(victim.username, victim.passphrase)
    body = {"current_passphrase": "guessing wrongly", "new_passphrase": "taken over now!"}
    for _ in range(server_settings.login_failures_per_user_and_client):
        assert thief.put("/v1/me/passphrase", json=body, headers=headers).status_code == 403
    limited = thief.put("/v1/me/passphrase", json=body, headers=headers)
    assert limited.status_code == 429 and "retry-after" in limited.headers
