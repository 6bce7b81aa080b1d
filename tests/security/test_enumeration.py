"""Nobody can find out whether a username or an activation code exists.

Unknown user and wrong passphrase: same status, body and headers, and about the same time,
because an unknown user still costs one real argon2 verification (against a dummy hash).
Activation codes: unknown, used, expired, replaced and mistyped all give one answer.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from httpx import Response

from api_client import activation_code
from consent_server import passwords
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.support.accounts import Seeded, Victim
from tests.support.testclient import TestClient

SAMPLES = 30


@pytest.fixture
def server_settings(database_url: str, clock: MovableClock) -> ServerSettings:
    """Rate limits out of the way: these tests make many failed logins from one client."""
    return ServerSettings(
        database_url=database_url,
        clock=clock,
        login_failures_per_user_and_client=10_000,
        login_failures_per_user=10_000,
        login_attempts_per_client=10_000,
    )


def _comparable_headers(response: Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower() != "date"}


def test_unknown_user_and_wrong_passphrase_are_byte_identical(
    api: TestClient, victim: Victim
) -> None:
    attempts = {
        "unknown": {"username": "no.such.person", "passphrase": "guessing wrongly"},
        "unknown, other case": {"username": "No.Such.Person", "passphrase": "guessing wrongly"},
        "wrong": {"username": victim.username, "passphrase": "guessing wrongly"},
        "wrong, other case": {"username": victim.username.upper(), "passphrase": "guessing"},
    }
    answers = {name: api.post("/v1/sessions", json=body) for name, body in attempts.items()}
    first = answers["unknown"]
    assert first.status_code == 401
    for name, answer in answers.items():
        assert answer.status_code == first.status_code, name
        assert answer.content == first.content, name
        assert _comparable_headers(answer) == _comparable_headers(first), name


def test_an_unknown_user_costs_a_real_argon2_verification(
    api: TestClient, victim: Victim, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str] = []
    real_verify = passwords._verify

    def counting_verify(stored_hash: str, passphrase: str) -> bool:
        verified.append(stored_hash)
        return real_verify(stored_hash, passphrase)

    monkeypatch.setattr(passwords, "_verify", counting_verify)
    api.post("/v1/sessions", json={"username": "no.such.person", "passphrase": "guess it"})
    api.post("/v1/sessions", json={"username": victim.username, "passphrase": "guess it"})
    assert len(verified) == 2
    dummy, real = verified
    # The same algorithm with the same cost parameters: only the salt and digest differ.
    assert dummy.startswith("$argon2id$") and real.startswith("$argon2id$")
    assert dummy.split("$")[:4] == real.split("$")[:4]


def test_unknown_user_and_wrong_passphrase_take_about_as_long(
    api: TestClient, victim: Victim
) -> None:
    """Medians of 30 interleaved samples each, through the ASGI app.

    Without the dummy verification an unknown user answers in about a millisecond, some
    fifty times faster than a wrong passphrase; the band 0.5-2.0 tolerates a loaded machine.
    """

    def unknown() -> Response:
        return api.post("/v1/sessions", json={"username": "no.such.one", "passphrase": "nope nope"})

    def wrong() -> Response:
        return api.post("/v1/sessions", json={"username": victim.username, "passphrase": "nope"})

    unknown(), wrong()  # warm up: the dummy hash is made once, on first use
    unknown_timings: list[float] = []
    wrong_timings: list[float] = []
    for _ in range(SAMPLES):  # interleaved, so load spikes hit both sides alike
        for call, timings in ((unknown, unknown_timings), (wrong, wrong_timings)):
            started = time.perf_counter()
            assert call().status_code == 401
            timings.append(time.perf_counter() - started)
    ratio = statistics.median(unknown_timings) / statistics.median(wrong_timings)
    assert 0.5 <= ratio <= 2.0, f"unknown/wrong median ratio {ratio:.2f}"


def _register(api: TestClient, code: str, username: str) -> Response:
    body = {"activation_code": code, "username": username, "passphrase": "a good long passphrase"}
    return api.post("/v1/registrations", json=body)


def test_activation_codes_answer_alike_whatever_is_wrong_with_them(
    api: TestClient, seeded: Seeded, clock: MovableClock
) -> None:
    assert _register(api, seeded.activation_code, "first.person").status_code == 201
    expiring = seeded.new_code(seeded.new_subject())
    clock.advance(seeded.settings.activation_code_ttl + dt.timedelta(seconds=1))
    other_subject = seeded.new_subject()
    replaced = seeded.new_code(other_subject)
    seeded.new_code(other_subject)  # a new letter: the earlier code stops working
    representative = seeded.new_code(other_subject, role="representative")
    assert _register(api, representative, "a.representative").status_code == 201
    unknown = activation_code.generate()
    mistyped = unknown[:-1] + ("0" if unknown[-1] != "0" else "1")
    cases = {
        "used": seeded.activation_code,
        "expired": expiring,
        "replaced by a newer one": replaced,
        "used by a representative": representative,
        "unknown": activation_code.grouped(unknown),
        "mistyped check character": mistyped,
        "not a code at all": "HELLO-THERE-1234",
    }
    answers = {name: _register(api, code, "some.body") for name, code in cases.items()}
    reference = answers["unknown"]
    assert reference.status_code == 400
    assert reference.json()["type"].endswith("/invalid-activation-code")
    for name, answer in answers.items():
        assert answer.status_code == reference.status_code, name
        assert answer.content == reference.content, name
        assert _comparable_headers(answer) == _comparable_headers(reference), name
