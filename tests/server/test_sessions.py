"""Logging in, tokens, refresh rotation, logout and expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client
from sqlalchemy import select, text

from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from consent_server.tables import AccountRow, SessionTokenRow
from tests.support.accounts import Victim

from .helpers import raw_database_bytes


def log_in(api: Client, username: str, passphrase: str) -> dict[str, Any]:
    response = api.post("/v1/sessions", json={"username": username, "passphrase": passphrase})
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()
    return session


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_login_returns_tokens_and_account(api: Client, victim: Victim) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    assert session["token_type"] == "bearer"
    assert session["account"]["username"] == victim.username
    assert session["account"]["role"] == "victim"
    assert (
        len(session["access_token"]) >= 40 and session["access_token"] != session["refresh_token"]
    )
    assert api.get("/v1/me", headers=bearer(session["access_token"])).status_code == 200


def test_username_is_case_insensitive(api: Client, victim: Victim) -> None:
    log_in(api, victim.username.upper(), victim.passphrase)


def test_unknown_user_and_wrong_passphrase_look_identical(api: Client, victim: Victim) -> None:
    unknown = api.post(
        "/v1/sessions", json={"username": "nobody.here", "passphrase": "whatever it is"}
    )
    wrong = api.post(
        "/v1/sessions", json={"username": victim.username, "passphrase": "whatever it is"}
    )
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.content == wrong.content
    assert unknown.json()["type"] == "https://consent.invalid/problems/invalid-credentials"
    assert dict(unknown.headers) == dict(wrong.headers)


def test_passphrase_is_stored_as_argon2id(server_app: FastAPI, victim: Victim) -> None:
    with context_of(server_app).sessions() as db:
        stored = db.execute(
            text("SELECT passphrase_hash FROM accounts WHERE username_key = :u"),
            {"u": victim.username},
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert victim.passphrase not in stored


def test_outdated_hash_is_upgraded_at_login(
    server_app: FastAPI, victim: Victim, api: Client
) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(victim.passphrase)
    with context_of(server_app).sessions() as db:
        account = db.scalars(select(AccountRow).where(AccountRow.id == victim.account_id)).one()
        account.passphrase_hash = weak
        db.commit()
    log_in(api, victim.username, victim.passphrase)
    with context_of(server_app).sessions() as db:
        upgraded = db.get(AccountRow, victim.account_id)
        assert upgraded is not None and upgraded.passphrase_hash != weak
        assert upgraded.passphrase_hash.startswith("$argon2id$")


def test_tokens_are_stored_only_as_hashes(server_app: FastAPI, api: Client, victim: Victim) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    with context_of(server_app).sessions() as db:
        rows = db.scalars(select(SessionTokenRow)).all()
    stored = {value for row in rows for value in (row.access_hash, row.refresh_hash)}
    assert session["access_token"] not in stored and session["refresh_token"] not in stored
    assert all(len(value) == 64 for value in stored)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_raw_database_file_holds_no_token(
    server_settings: ServerSettings, api: Client, victim: Victim
) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    raw = raw_database_bytes(server_settings)
    assert session["access_token"].encode() not in raw
    assert session["refresh_token"].encode() not in raw
    assert victim.passphrase.encode() not in raw


def test_refresh_rotates_and_old_refresh_token_stops_working(api: Client, victim: Victim) -> None:
    first = log_in(api, victim.username, victim.passphrase)
    rotated = api.post("/v1/sessions/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 201
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert api.get("/v1/me", headers=bearer(second["access_token"])).status_code == 200


def test_refresh_token_reuse_revokes_the_whole_family(api: Client, victim: Victim) -> None:
    first = log_in(api, victim.username, victim.passphrase)
    second = api.post("/v1/sessions/refresh", json={"refresh_token": first["refresh_token"]}).json()
    replay = api.post("/v1/sessions/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    # The thief's replay ends the login for the legitimate holder too.
    assert api.get("/v1/me", headers=bearer(second["access_token"])).status_code == 401
    again = api.post("/v1/sessions/refresh", json={"refresh_token": second["refresh_token"]})
    assert again.status_code == 401


def test_other_logins_survive_a_revoked_family(api: Client, victim: Victim) -> None:
    stolen = log_in(api, victim.username, victim.passphrase)
    other = log_in(api, victim.username, victim.passphrase)
    api.post("/v1/sessions/refresh", json={"refresh_token": stolen["refresh_token"]})
    api.post("/v1/sessions/refresh", json={"refresh_token": stolen["refresh_token"]})
    assert api.get("/v1/me", headers=bearer(other["access_token"])).status_code == 200


def test_logout_revokes_access_and_refresh_token(api: Client, victim: Victim) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    response = api.delete("/v1/sessions/current", headers=bearer(session["access_token"]))
    assert response.status_code == 204
    assert api.get("/v1/me", headers=bearer(session["access_token"])).status_code == 401
    refresh = api.post("/v1/sessions/refresh", json={"refresh_token": session["refresh_token"]})
    assert refresh.status_code == 401


def test_access_token_expires_and_refresh_renews_it(
    api: Client, victim: Victim, clock: MovableClock
) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    clock.advance(minutes=16)
    expired = api.get("/v1/me", headers=bearer(session["access_token"]))
    assert expired.status_code == 401
    assert expired.headers["www-authenticate"].startswith("Bearer")
    renewed = api.post("/v1/sessions/refresh", json={"refresh_token": session["refresh_token"]})
    assert renewed.status_code == 201
    assert api.get("/v1/me", headers=bearer(renewed.json()["access_token"])).status_code == 200


def test_idle_session_cannot_be_refreshed(
    api: Client, victim: Victim, clock: MovableClock, server_settings: ServerSettings
) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    clock.advance(server_settings.refresh_idle_ttl + dt.timedelta(seconds=1))
    refresh = api.post("/v1/sessions/refresh", json={"refresh_token": session["refresh_token"]})
    assert refresh.status_code == 401


def test_session_ends_at_absolute_expiry_even_when_active(
    api: Client, victim: Victim, clock: MovableClock, server_settings: ServerSettings
) -> None:
    session = log_in(api, victim.username, victim.passphrase)
    started = clock()
    refresh_token = session["refresh_token"]
    while clock() + dt.timedelta(minutes=50) < started + server_settings.session_absolute_ttl:
        clock.advance(minutes=50)
        renewed = api.post("/v1/sessions/refresh", json={"refresh_token": refresh_token})
        assert renewed.status_code == 201
        refresh_token = renewed.json()["refresh_token"]
        expires = dt.datetime.fromisoformat(renewed.json()["refresh_expires_at"])
        assert expires <= started + server_settings.session_absolute_ttl
    clock.advance(minutes=50)
    assert (
        api.post("/v1/sessions/refresh", json={"refresh_token": refresh_token}).status_code == 401
    )


def test_malformed_authorization_is_401(api: Client, victim: Victim) -> None:
    for header in ("Basic abc", "Bearer", "Bearer short", "Bearer " + "x" * 43):
        assert api.get("/v1/me", headers={"Authorization": header}).status_code == 401
    assert api.get("/v1/me").status_code == 401
