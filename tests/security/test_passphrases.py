"""Passphrase policy (docs/threat-model.md): long passphrases, no truncation, no composition rules,
common ones refused from the shipped list without any network."""

from __future__ import annotations

import socket
from importlib import resources

import pytest
from httpx import Client, Response

from consent_server.passwords import is_too_common
from tests.support.accounts import Seeded


def register(api: Client, code: str, passphrase: str, username: str = "new.person") -> Response:
    return api.post(
        "/v1/registrations",
        json={"activation_code": code, "username": username, "passphrase": passphrase},
    )


def log_in(api: Client, username: str, passphrase: str) -> Response:
    return api.post("/v1/sessions", json={"username": username, "passphrase": passphrase})


def test_eight_characters_is_the_minimum(api: Client, seeded: Seeded) -> None:
    too_short = register(api, seeded.activation_code, "kort.ww")
    assert too_short.status_code == 422
    assert too_short.json()["errors"] == [
        # The length is checked after the control-character check (consent_common Text),
        # so pydantic names it too_short rather than string_too_short.
        {"loc": ["body", "passphrase"], "code": "too_short"}
    ]
    assert register(api, seeded.activation_code, "zeven8!x").status_code == 201


@pytest.mark.parametrize("length", [64, 200])
def test_long_passphrases_are_accepted_and_work(api: Client, seeded: Seeded, length: int) -> None:
    passphrase = ("lange zin met woorden " * 20)[:length]
    assert len(passphrase) == length
    assert register(api, seeded.activation_code, passphrase).status_code == 201
    assert log_in(api, "new.person", passphrase).status_code == 201


def test_long_passphrases_are_not_truncated(api: Client, seeded: Seeded) -> None:
    """bcrypt-style truncation (72 bytes) or any other cut would make these two equal."""
    passphrase = "".join(chr(ord("a") + i % 26) for i in range(200))
    assert register(api, seeded.activation_code, passphrase).status_code == 201
    for position in (72, 100, 199):
        differs = passphrase[:position] + "#" + passphrase[position + 1 :]
        assert log_in(api, "new.person", differs).status_code == 401, position
    assert log_in(api, "new.person", passphrase[:100]).status_code == 401
    assert log_in(api, "new.person", passphrase).status_code == 201


@pytest.mark.parametrize(
    "passphrase",
    [
        "alleen kleine letters en spaties",  # no digit, no capital, no symbol
        "9083475610293847",  # digits only
        "ÉÈÊ ünïcödé ß wörter",  # non-ASCII
        "zonder-hoofdletters",
    ],
)
def test_no_composition_rules(api: Client, seeded: Seeded, passphrase: str) -> None:
    assert register(api, seeded.activation_code, passphrase).status_code == 201
    assert log_in(api, "new.person", passphrase).status_code == 201


def _shipped_list() -> list[str]:
    text = resources.files("consent_server.data").joinpath("common_passwords.txt").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_every_long_enough_entry_of_the_shipped_list_is_refused() -> None:
    entries = [entry for entry in _shipped_list() if len(entry) >= 8]
    assert len(entries) > 1000  # a real list, not a handful of examples
    assert [entry for entry in entries if not is_too_common(entry)] == []
    assert all(is_too_common(entry.upper()) for entry in entries[:500])


def test_common_passphrases_are_refused_without_any_network(
    api: Client, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The in-process app needs no socket; any attempt to open one (a breach API) fails."""

    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the common-passphrase check tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    for common in ("password123", "WELKOM01", "qwertyuiop", "Wachtwoord1"):
        response = register(api, seeded.activation_code, common)
        assert response.status_code == 422, common
        assert response.json()["errors"][0]["code"] == "passphrase-too-common"
        assert common.lower() not in response.text.lower()
    assert register(api, seeded.activation_code, "een eigen zin van mij").status_code == 201
