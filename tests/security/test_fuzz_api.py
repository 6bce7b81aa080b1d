"""Schemathesis against the published contract, in-process, signed in as a victim and staff.

Every operation in ``/openapi.json`` gets generated requests (valid and invalid); each answer
must not be a server error, must match its documented schema, status code, content type and
headers, and invalid input must be refused. Each request carries a fresh session of the
victim or the staff member (turn about), and most use the victim's real record id, so the
fuzzer gets past authentication and the 404 for unknown records.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.accounts import Seeded, Victim, mint_bearer

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
# A write's headers are checked before its body (If-Match first), so an invalid body sent
# with a stale If-Match is refused with 412: a refusal the negative-data check must accept.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.negative_data_rejection]
expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429"
]
"""
)
OPERATIONS: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()


class FuzzPeople:
    """Who the next request is from, and which record it names."""

    def __init__(self, app: FastAPI, seeded: Seeded, victim: Victim) -> None:
        self.app = app
        self.accounts = itertools.cycle([victim.account_id, seeded.staff_id])
        self.subject_id = str(victim.subject_id)
        self.turn = itertools.count()

    def next_headers(self) -> dict[str, str]:
        return mint_bearer(self.app, next(self.accounts))


@pytest.fixture
def fuzz_people(server_app: FastAPI, seeded: Seeded, victim: Victim) -> FuzzPeople:
    return FuzzPeople(server_app, seeded, victim)


@pytest.fixture
def api_schema(server_app: FastAPI) -> Iterator[schemathesis.BaseSchema]:
    yield schemathesis.openapi.from_asgi("/openapi.json", server_app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module", autouse=True)
def fuzz_summary() -> Iterator[None]:
    """Prints how many requests each operation got, and the statuses (see with ``-s``)."""
    yield
    if OPERATIONS:
        print(f"\nfuzz: {sum(OPERATIONS.values())} requests; statuses {dict(STATUSES)}")
        for operation, count in sorted(OPERATIONS.items()):
            print(f"  {count:4d} {operation}")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_every_operation_answers_as_documented_and_never_fails(
    case: schemathesis.Case[Any], fuzz_people: FuzzPeople
) -> None:
    turn = next(fuzz_people.turn)
    meta = case.meta
    # Invalid paths and headers stay as generated: filling in a real id or a session there
    # would make the request valid, and the fuzzer would rightly expect it to be refused.
    path_is_valid = meta is None or not meta.is_negative_at(ParameterLocation.PATH)
    if "subject_id" in (case.path_parameters or {}) and turn % 3 and path_is_valid:
        case.path_parameters["subject_id"] = fuzz_people.subject_id
    headers = {}
    if meta is None or not meta.is_negative_at(ParameterLocation.HEADER):
        headers = fuzz_people.next_headers()
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    OPERATIONS[f"{case.method} {case.path}"] += 1
    STATUSES[response.status_code] += 1


# --- server errors the fuzzer found, kept as plain regression tests --------------------------


def _cursor(number: int) -> str:
    import base64

    return base64.urlsafe_b64encode(f"v{number}".encode()).decode().rstrip("=")


@pytest.mark.parametrize("number", [2**63, 10**40, -(2**63) - 1])
def test_numbers_past_64_bits_are_refused_not_a_server_error(
    server_app: FastAPI, seeded: Seeded, victim: Victim, number: int
) -> None:
    from tests.support.testclient import TestClient

    api = TestClient(server_app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    victim_headers = mint_bearer(server_app, victim.account_id)
    staff_headers = mint_bearer(server_app, seeded.staff_id)
    subject = f"/v1/subjects/{victim.subject_id}"
    for path, headers in [
        (f"{subject}/receipts/{number}", victim_headers),
        (f"{subject}/preferences/history?cursor={_cursor(number)}", victim_headers),
        (f"{subject}/access-log?cursor={_cursor(number)}", victim_headers),
        (f"/v1/staff/reconsent?cursor={_cursor(number)}", staff_headers),
    ]:
        response = api.get(path, headers=headers)
        assert response.status_code == 422, (path, response.status_code)
        assert response.headers["content-type"] == "application/problem+json"
