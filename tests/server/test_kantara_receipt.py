"""Receipts others can read: ``?format=kantara-1.1`` answers with a Kantara Consent Receipt
v1.1 document that validates against the standard's own JSON Schema."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from httpx import Client

from tests.conftest import START_TIME
from tests.support.accounts import Login, Seeded

from .helpers import PRIVATE_BODY, put_preferences

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "kantara-consent-receipt-v1_1-schema.json").read_text()
)
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _kantara(
    api: Client, headers: dict[str, str], subject: uuid.UUID, version: int
) -> dict[str, Any]:
    response = api.get(
        f"/v1/subjects/{subject}/receipts/{version}?format=kantara-1.1", headers=headers
    )
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    return document


def _decisions(document: dict[str, Any]) -> list[str]:
    return [purpose["x-decision"] for purpose in document["services"][0]["purposes"]]


def test_a_yes_maps_to_one_purpose_per_topic(
    api: Client, headers: dict[str, str], subject: uuid.UUID
) -> None:
    assert put_preferences(api, headers, subject, PRIVATE_BODY, 0).status_code == 200
    document = _kantara(api, headers, subject, 1)
    assert document["version"] == "KI-CR-v1.1.0"
    assert document["consentTimestamp"] == int(START_TIME.timestamp())
    assert document["piiPrincipalId"] == str(subject)
    assert document["sensitive"] is True and document["spiCat"]
    assert document["policyUrl"] == "https://consent.invalid/privacy"
    assert document["piiControllers"][0]["piiController"].startswith("Consent register")
    # PRIVATE_BODY says yes to everything but compensation.
    assert _decisions(document) == ["given", "given", "refused", "given"]
    assert document["x-decision"] == "given" and document["x-actedBy"] is None
    assert document["x-noticeVersion"] == PRIVATE_BODY["questions_version"]


def test_a_no_is_recorded_as_a_refusal_of_every_purpose(
    api: Client, headers: dict[str, str], subject: uuid.UUID
) -> None:
    body = {**PRIVATE_BODY, "inform": "no"}
    assert put_preferences(api, headers, subject, body, 0).status_code == 200
    document = _kantara(api, headers, subject, 1)
    assert document["x-decision"] == "refused"
    assert _decisions(document) == ["refused"] * 4
    purposes = document["services"][0]["purposes"]
    assert {purpose["consentType"] for purpose in purposes} == {"EXPLICIT-REFUSAL"}
    assert not any(purpose["thirdPartyDisclosure"] for purpose in purposes)


def test_staff_who_recorded_the_choice_are_named_in_the_extension(
    api: Client, seeded: Seeded, subject: uuid.UUID, login: Login
) -> None:
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    assisted = {
        **PRIVATE_BODY,
        "recipients": "both",
        "assisted": {"identity_check": "passport seen", "read_back_confirmed": True},
    }
    assert put_preferences(api, staff, subject, assisted, 0).status_code == 200
    document = _kantara(api, staff, subject, 1)
    assert document["x-actedBy"] == {
        "relation": "staff",
        "role": "staff",
        "label": seeded.staff_username,
        "identityCheck": "passport seen",
        "readBackConfirmed": True,
    }
    first = document["services"][0]["purposes"][0]
    assert first["thirdPartyDisclosure"] is True and first["thirdPartyName"]


def test_the_own_receipt_is_still_the_default(
    api: Client, headers: dict[str, str], subject: uuid.UUID
) -> None:
    put_preferences(api, headers, subject, PRIVATE_BODY, 0)
    own = api.get(f"/v1/subjects/{subject}/receipts/1", headers=headers).json()
    assert own["decision"] == "yes" and "consentReceiptID" not in own
    unknown = api.get(f"/v1/subjects/{subject}/receipts/1?format=other", headers=headers)
    assert unknown.status_code == 422
