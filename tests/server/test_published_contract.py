"""The published contract (/openapi.json) is valid OpenAPI and declares what a client needs."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from httpx import Client
from openapi_spec_validator import validate

PREFERENCES = "/v1/subjects/{subject_id}/preferences"
OPERATION_ID = re.compile(r"^[a-z]+[A-Za-z]*$")
METHODS = ("get", "put", "post", "patch", "delete")


@pytest.fixture
def document(api: Client) -> dict[str, Any]:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    served: dict[str, Any] = response.json()
    return served


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_served_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validate(document)  # openapi-spec-validator: raises on any violation of OpenAPI 3.1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_operation_has_a_stable_readable_id_and_a_tag(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert all(OPERATION_ID.match(found) for found in ids), ids
    assert len(ids) == len(set(ids))
    assert {"readPreferences", "writePreferences", "readReceipt", "logIn"} <= set(ids)
    assert all(operation.get("tags") for _, _, operation in _operations(document))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_writes_declare_their_required_headers_and_answers(document: dict[str, Any]) -> None:
    for path, method in [(PREFERENCES, "put"), (PREFERENCES + "/revert", "post")]:
        operation = document["paths"][path][method]
        headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
        assert headers["If-Match"]["required"] is True
        assert headers["Idempotency-Key"]["required"] is True
        for status in ("400", "409", "412", "422", "428"):
            answer = operation["responses"][status]
            assert answer["content"]["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }
        assert "precondition-failed" in operation["responses"]["412"]["description"]
        assert "ETag" in operation["responses"]["200"]["headers"]
        assert "readReceipt" in operation["responses"]["200"]["links"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_operation_declares_its_problems(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        if path == "/v1/health":
            continue
        assert "422" in operation["responses"], (method, path)
        assert "500" in operation["responses"], (method, path)
        assert "401" in operation["responses"] or path in {
            "/v1/registrations",
            "/v1/sessions",
            "/v1/sessions/refresh",
        }


def test_reads_that_only_need_viewing_declare_no_403(document: dict[str, Any]) -> None:
    """Who may not view a record gets 404 and nothing beyond viewing is checked, so no 403 can
    come back (tests/server/test_authorisation_matrix.py checks the 403s that do)."""
    view_only = {"readSubject", "readPreferences", "readHistory", "readReceipt"}
    found = {op["operationId"]: op for _, _, op in _operations(document)}
    for operation_id in view_only:
        assert "403" not in found[operation_id]["responses"], operation_id
        assert "404" in found[operation_id]["responses"], operation_id


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_codes_and_cursors_are_described(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert "pattern" in schemas["RegistrationRequest"]["properties"]["activation_code"]
    assert "pattern" in schemas["InvitationAccept"]["properties"]["code"]
    history = document["paths"][PREFERENCES + "/history"]["get"]
    cursor = next(p for p in history["parameters"] if p["name"] == "cursor")
    assert "Opaque" in cursor["description"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_405_lists_every_method_of_the_path(api: Client) -> None:
    response = api.post(f"/v1/subjects/{uuid.uuid4()}/preferences")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"
    assert api.put("/v1/me").headers["allow"] == "DELETE, GET"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_code_not_of_the_declared_shape_gets_the_answer_of_an_unknown_code(
    api: Client,
) -> None:
    body = {"activation_code": "ABCD", "username": "some.one", "passphrase": "long enough here"}
    response = api.post("/v1/registrations", json=body)
    assert response.status_code == 400
    assert response.json()["type"].endswith("/invalid-activation-code")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_topic_is_published_as_unticked_by_default(document: dict[str, Any]) -> None:
    """A caller reading the contract learns that a topic left out is not chosen."""
    topics = document["components"]["schemas"]["Topics"]["properties"]
    assert set(topics) == {"new_findings", "proceedings", "compensation", "removal"}
    assert {name: field["default"] for name, field in topics.items()} == dict.fromkeys(
        topics, False
    )
