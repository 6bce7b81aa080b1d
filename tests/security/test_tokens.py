"""Session tokens: random enough, stored only as hashes, and ended when they must be.

Expiry (idle and absolute), rotation and reuse detection and logout are covered in
tests/server/test_sessions.py; this file adds what an attacker with the database, a copied
token or a URL in a log would try.
"""

from __future__ import annotations

import base64
import string

import pytest
from fastapi import FastAPI
from httpx import Client

from consent_server.settings import ServerSettings
from tests.support.accounts import Person, Victim
from tests.support.databases import BOTH_BACKENDS, stored_bytes

URLSAFE = set(string.ascii_letters + string.digits + "-_")


def log_in(api: Client, person: Person, passphrase: str | None = None) -> dict[str, str]:
    body = {"username": person.username, "passphrase": passphrase or person.passphrase}
    response = api.post("/v1/sessions", json=body)
    assert response.status_code == 201, response.text
    session: dict[str, str] = response.json()
    return session


def refresh(api: Client, refresh_token: str) -> dict[str, str]:
    response = api.post("/v1/sessions/refresh", json={"refresh_token": refresh_token})
    assert response.status_code == 201, response.text
    session: dict[str, str] = response.json()
    return session


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _decoded(token: str) -> bytes:
    assert set(token) <= URLSAFE, "tokens are url-safe base64"
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def test_issued_tokens_carry_at_least_128_random_bits(api: Client, victim: Victim) -> None:
    session = log_in(api, victim)
    tokens = [session["access_token"], session["refresh_token"]]
    for _ in range(40):
        session = refresh(api, session["refresh_token"])
        tokens += [session["access_token"], session["refresh_token"]]
    assert len(set(tokens)) == len(tokens)
    raw = [_decoded(token) for token in tokens]
    assert min(len(value) for value in raw) * 8 >= 128
    # Random bytes have about half their bits set; text, counters or hex digits do not.
    bits = "".join(f"{byte:08b}" for value in raw for byte in value)
    assert 0.47 < bits.count("1") / len(bits) < 0.53
    # Every byte value turns up (82 tokens x 32 bytes); a hex or text token cannot do that.
    assert len({byte for value in raw for byte in value}) > 250


@pytest.mark.parametrize("database_url", BOTH_BACKENDS, indirect=True)
def test_the_database_never_holds_a_token_only_its_hash(
    server_app: FastAPI, server_settings: ServerSettings, api: Client, victim: Victim
) -> None:
    first = log_in(api, victim)
    second = refresh(api, first["refresh_token"])
    api.delete("/v1/sessions/current", headers=bearer(second["access_token"]))
    third = log_in(api, victim)
    raw = stored_bytes(server_app, server_settings)
    assert b"$argon2id$" in raw  # the scan sees the stored data (on PostgreSQL too)
    for session in (first, second, third):
        for name in ("access_token", "refresh_token"):
            assert session[name].encode() not in raw, name
            # Nor its plain base64 bytes in hex (a bytea column printed as text).
            assert _decoded(session[name]).hex().encode() not in raw, name
    assert victim.passphrase.encode() not in raw


def test_each_login_gets_new_tokens_whatever_the_caller_presents(
    api: Client, victim: Victim
) -> None:
    """No session fixation: a token presented with the login is neither reused nor extended."""
    planted = log_in(api, victim)
    response = api.post(
        "/v1/sessions",
        json={"username": victim.username, "passphrase": victim.passphrase},
        headers=bearer(planted["access_token"]),
    )
    fresh = response.json()
    assert {fresh["access_token"], fresh["refresh_token"]}.isdisjoint(
        {planted["access_token"], planted["refresh_token"]}
    )
    # Logging out of the new login leaves the planted one as it was, and the other way round.
    api.delete("/v1/sessions/current", headers=bearer(fresh["access_token"]))
    assert api.get("/v1/me", headers=bearer(planted["access_token"])).status_code == 200


def test_a_passphrase_change_ends_other_sessions_refresh_tokens_too(
    api: Client, victim: Victim
) -> None:
    here = log_in(api, victim)
    elsewhere = log_in(api, victim)
    body = {"current_passphrase": victim.passphrase, "new_passphrase": "a different sentence now"}
    assert (
        api.put("/v1/me/passphrase", json=body, headers=bearer(here["access_token"])).status_code
        == 204
    )
    stale = api.post("/v1/sessions/refresh", json={"refresh_token": elsewhere["refresh_token"]})
    assert stale.status_code == 401
    # The session that made the change goes on, including renewing itself.
    assert refresh(api, here["refresh_token"])["access_token"]


@pytest.mark.parametrize("database_url", BOTH_BACKENDS, indirect=True)
def test_deleting_the_account_ends_every_session(api: Client, victim: Victim) -> None:
    here = log_in(api, victim)
    elsewhere = log_in(api, victim)
    rotated = refresh(api, elsewhere["refresh_token"])
    deleted = api.request(
        "DELETE",
        "/v1/me",
        json={"passphrase": victim.passphrase},
        headers=bearer(here["access_token"]),
    )
    assert deleted.status_code == 204
    for session in (here, rotated):
        assert api.get("/v1/me", headers=bearer(session["access_token"])).status_code == 401
        again = api.post("/v1/sessions/refresh", json={"refresh_token": session["refresh_token"]})
        assert again.status_code == 401
    gone = api.post(
        "/v1/sessions", json={"username": victim.username, "passphrase": victim.passphrase}
    )
    assert gone.status_code == 401


@pytest.mark.parametrize("name", ["access_token", "refresh_token", "token", "ACCESS_TOKEN"])
def test_a_token_in_the_query_string_is_refused_before_anything_happens(
    api: Client, victim: Victim, name: str
) -> None:
    """Even with a valid Authorization header, the request is refused and not carried out."""
    session = log_in(api, victim)
    headers = bearer(session["access_token"])
    refused = api.delete(
        "/v1/sessions/current", params={name: session["access_token"]}, headers=headers
    )
    assert refused.status_code == 400
    assert refused.json()["type"].endswith("/token-in-query")
    assert session["access_token"] not in refused.text
    assert api.get("/v1/me", headers=headers).status_code == 200  # not logged out
