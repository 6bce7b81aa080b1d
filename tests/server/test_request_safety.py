"""Tokens out of URLs, validation errors that echo nothing, rate limits, contact data at rest."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from httpx import Client

from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.support.accounts import Login, Seeded, Victim
from tests.support.testclient import client_at

from .helpers import PRIVATE_BODY, put_preferences, raw_database_bytes

SENTINEL = "SENTINEL-7f3a9c-do-not-echo"


@pytest.mark.parametrize("name", ["access_token", "token", "refresh_token", "Access_Token"])
def test_token_in_query_string_is_refused(api: Client, name: str) -> None:
    response = api.get("/v1/health", params={name: "abcdefghijklmnopqrstuvwxyz"})
    assert response.status_code == 400
    assert response.json()["type"] == "https://consent.invalid/problems/token-in-query"
    assert response.headers["cache-control"] == "no-store"


def test_validation_errors_never_echo_the_input(api: Client, seeded: Seeded) -> None:
    bodies = [
        {
            "activation_code": seeded.activation_code,
            "username": SENTINEL + "@x",
            "passphrase": SENTINEL,
        },
        {
            "activation_code": seeded.activation_code,
            "username": "okname",
            "passphrase": "s",
            SENTINEL: 1,
        },
        {"activation_code": SENTINEL * 3, "username": "okname", "passphrase": SENTINEL},
    ]
    for body in bodies:
        response = api.post("/v1/registrations", json=body)
        assert response.status_code == 422
        assert SENTINEL not in response.text
        for error in response.json()["errors"]:
            assert set(error) == {"loc", "code"}
    broken = api.post(
        "/v1/sessions",
        content=b'{"username": "' + SENTINEL.encode() + b'", ',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 422 and SENTINEL not in broken.text


def test_preference_validation_does_not_echo_contact_details(
    api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    body = {"inform": "maybe", "channels": [{"kind": "pigeon", "address": SENTINEL}]}
    response = put_preferences(api, headers, victim.subject_id, body, 0)
    assert response.status_code == 422
    assert SENTINEL not in response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_routes_are_problem_documents(api: Client) -> None:
    response = api.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_contact_details_are_not_in_the_database_file_in_plain_text(
    server_settings: ServerSettings, api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert put_preferences(api, headers, victim.subject_id, PRIVATE_BODY, 0).status_code == 200
    raw = raw_database_bytes(server_settings)
    for secret in (
        "hidden.person@example.org",
        "12345678",
        "Postbus 4711",
        "Bibliotheek Noord",
        "09:00-12:00",
    ):
        assert secret.encode() not in raw, secret
    key_file = server_settings.sqlite_path().with_suffix(".key")  # type: ignore[union-attr]
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_login_rate_limit_answers_429_and_expires(
    server_app: FastAPI, victim: Victim, clock: MovableClock, server_settings: ServerSettings
) -> None:
    attacker = client_at(server_app, "203.0.113.9")
    wrong = {"username": victim.username, "passphrase": "guessing wrongly"}
    for _ in range(server_settings.login_failures_per_user_and_client):
        assert attacker.post("/v1/sessions", json=wrong).status_code == 401
    limited = attacker.post("/v1/sessions", json=wrong)
    assert limited.status_code == 429
    assert limited.json()["type"].endswith("/too-many-attempts")
    retry_after = int(limited.headers["retry-after"])
    assert 0 < retry_after <= server_settings.rate_limit_window.total_seconds()
    # Even the right passphrase waits while limited ...
    right = {"username": victim.username, "passphrase": victim.passphrase}
    assert attacker.post("/v1/sessions", json=right).status_code == 429
    # ... but the real user, from their own address, is not locked out,
    user = client_at(server_app, "198.51.100.7")
    assert user.post("/v1/sessions", json=right).status_code == 201
    # and after the window the limit is gone.
    clock.advance(seconds=retry_after)
    assert attacker.post("/v1/sessions", json=right).status_code == 201


def test_registration_is_rate_limited_per_client(
    server_app: FastAPI, seeded: Seeded, clock: MovableClock, server_settings: ServerSettings
) -> None:
    client = client_at(server_app, "203.0.113.10")
    body = {
        "activation_code": "0000-0000-0000-0000",
        "username": "someone",
        "passphrase": "long enough words",
    }
    for _ in range(server_settings.registrations_per_client):
        assert client.post("/v1/registrations", json=body).status_code == 400
    limited = client.post("/v1/registrations", json=body)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    clock.advance(server_settings.rate_limit_window)
    assert client.post("/v1/registrations", json=body).status_code == 400
