"""GET, change, PUT: the document a GET returns is accepted back by PUT, and the write's
headers are checked before its body."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from httpx import Client

from .helpers import PRIVATE_BODY, preferences_url, put_preferences


def _read(api: Client, headers: dict[str, str], subject_id: uuid.UUID) -> dict[str, Any]:
    response = api.get(preferences_url(subject_id), headers=headers)
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _mismatch(response_json: dict[str, Any], field: str) -> None:
    assert response_json["type"].endswith("/read-only-field-mismatch")
    assert response_json["errors"] == [{"loc": ["body", field], "code": "read-only-field-mismatch"}]


def test_the_document_a_get_returns_is_accepted_back_by_put(
    api: Client, subject: uuid.UUID, headers: dict[str, str]
) -> None:
    first = _read(api, headers, subject)  # version 0, nothing recorded
    first["inform"] = "yes"
    written = put_preferences(api, headers, subject, first, 0)
    assert written.status_code == 200, written.text
    second = _read(api, headers, subject)
    assert second["version"] == 1 and second["updated_by"]["relation"] == "self"
    second["topics"]["removal"] = False
    again = put_preferences(api, headers, subject, second, 1)
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 2 and again.json()["topics"]["removal"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        # A fixed id: pytest-xdist needs the same test ids on every worker.
        ("subject_id", "5d0c3b2e-7f4a-4c61-9b8e-2a1d6e0f9c47"),
        ("version", 7),
        ("updated_at", "2020-01-01T00:00:00Z"),
        ("updated_by", {"account_id": None, "role": "staff", "relation": "staff", "label": "x"}),
    ],
)
def test_read_only_fields_that_contradict_are_refused(
    api: Client, subject: uuid.UUID, headers: dict[str, str], field: str, value: object
) -> None:
    put_preferences(api, headers, subject, PRIVATE_BODY, 0)
    document = _read(api, headers, subject)
    document[field] = value
    refused = put_preferences(api, headers, subject, document, 1)
    assert refused.status_code == 422
    _mismatch(refused.json(), field)
    assert _read(api, headers, subject)["version"] == 1  # nothing written


def test_an_updated_by_on_a_record_with_no_version_yet_is_refused(
    api: Client, subject: uuid.UUID, headers: dict[str, str]
) -> None:
    document = _read(api, headers, subject)
    document["updated_at"] = "2026-06-01T09:00:00Z"
    refused = put_preferences(api, headers, subject, document, 0)
    assert refused.status_code == 422
    _mismatch(refused.json(), "updated_at")


def test_a_missing_if_match_is_reported_before_a_bad_body(
    api: Client, subject: uuid.UUID, headers: dict[str, str]
) -> None:
    response = api.put(
        preferences_url(subject),
        json={"inform": "perhaps", "made_up": 1},
        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 428
    assert response.json()["type"].endswith("/precondition-required")


def test_a_stale_if_match_is_reported_before_a_bad_body(
    api: Client, subject: uuid.UUID, headers: dict[str, str]
) -> None:
    put_preferences(api, headers, subject, PRIVATE_BODY, 0)
    response = put_preferences(api, headers, subject, {"inform": "perhaps"}, 0)
    assert response.status_code == 412
    assert response.json()["current"]["version"] == 1


def test_a_replay_whose_if_match_went_stale_still_gets_the_first_answer(
    api: Client, subject: uuid.UUID, headers: dict[str, str]
) -> None:
    first = put_preferences(api, headers, subject, PRIVATE_BODY, 0, key="k-1")
    replay = put_preferences(api, headers, subject, PRIVATE_BODY, 0, key="k-1")
    assert replay.status_code == 200
    assert replay.json() == first.json()
    other_body = put_preferences(
        api, headers, subject, {**PRIVATE_BODY, "inform": "no"}, 0, key="k-1"
    )
    assert other_body.status_code == 422
    assert other_body.json()["type"].endswith("/idempotency-key-reused")
