"""Registering with an activation code."""

from __future__ import annotations

import datetime as dt

from httpx import Client, Response

from api_client import activation_code
from consent_server.clock import MovableClock
from tests.support.accounts import Login, Seeded, Victim

GOOD_PASSPHRASE = "a fine passphrase here"


def register(
    api: Client, code: str, username: str = "new.person", passphrase: str = GOOD_PASSPHRASE
) -> Response:
    return api.post(
        "/v1/registrations",
        json={"activation_code": code, "username": username, "passphrase": passphrase},
    )


def test_registration_links_account_to_the_record(
    api: Client, seeded: Seeded, login: Login
) -> None:
    response = register(api, seeded.activation_code.lower().replace("-", " "))
    assert response.status_code == 201
    assert response.json()["role"] == "victim"
    me = api.get("/v1/me", headers=login("new.person", "a fine passphrase here")).json()
    assert me["subjects"] == [
        {
            "subject_id": str(seeded.subject_id),
            "relation": "self",
            "permissions": ["edit", "receive_notices", "view"],
            "delegation_id": None,
            "label": None,
            "questions_changed": False,
        }
    ]


def test_unknown_used_and_expired_codes_give_the_same_answer(
    api: Client, seeded: Seeded, clock: MovableClock
) -> None:
    assert register(api, seeded.activation_code, username="first.try").status_code == 201
    used = register(api, seeded.activation_code, username="second.try")
    unknown = register(
        api, activation_code.grouped(activation_code.generate()), username="third.try"
    )
    expiring = seeded.new_code(seeded.new_subject())
    clock.advance(seeded.settings.activation_code_ttl + dt.timedelta(seconds=1))
    expired = register(api, expiring, username="fourth.try")
    malformed = register(api, "ABCD-EFGH-JKMN-PQRS", username="fifth.try")
    answers = {(r.status_code, r.content) for r in (used, unknown, expired, malformed)}
    assert len(answers) == 1
    status, _ = answers.pop()
    assert status == 400
    assert used.json()["type"] == "https://consent.invalid/problems/invalid-activation-code"


def test_a_new_code_replaces_an_unused_earlier_one(api: Client, seeded: Seeded) -> None:
    newer = seeded.new_code(seeded.subject_id)
    assert register(api, seeded.activation_code).status_code == 400
    assert register(api, newer).status_code == 201


def test_taken_username_is_409_and_keeps_the_code_usable(
    api: Client, seeded: Seeded, victim: Victim
) -> None:
    code = seeded.new_code(seeded.new_subject())
    taken = register(api, code, username=victim.username.upper())
    assert taken.status_code == 409
    assert taken.json()["type"].endswith("/username-taken")
    assert register(api, code, username="another.name").status_code == 201


def test_common_passphrase_is_refused(api: Client, seeded: Seeded) -> None:
    for common in ("wachtwoord123", "Password1", "iloveyou2020", "qwertyuiop"):
        response = register(api, seeded.activation_code, passphrase=common)
        assert response.status_code == 422, common
        assert response.json()["errors"] == [
            {"loc": ["body", "passphrase"], "code": "passphrase-too-common"}
        ]
    assert register(api, seeded.activation_code, passphrase="new.person").status_code == 422
    assert register(api, seeded.activation_code).status_code == 201


def test_passphrase_length_bounds(api: Client, seeded: Seeded) -> None:
    assert register(api, seeded.activation_code, passphrase="short").status_code == 422
    assert register(api, seeded.activation_code, passphrase="x1" * 257).status_code == 422
    long_one = "correct horse battery staple " * 17  # 493 characters, no composition rules
    assert register(api, seeded.activation_code, passphrase=long_one).status_code == 201


def test_representative_code_makes_a_representative_account(api: Client, seeded: Seeded) -> None:
    code = seeded.new_code(seeded.subject_id, role="representative")
    response = register(api, code, username="a.guardian")
    assert response.status_code == 201
    assert response.json()["role"] == "representative"
