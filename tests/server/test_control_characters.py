"""Control characters in text people send are refused with 422 on both databases.

PostgreSQL cannot store a NUL: before this rule a NUL in a login name, ``questions_version``
or the assisted ``identity_check`` gave a 500, and the failed write kept its Idempotency-Key
"in progress". The rule is one validator type (``api_client.models.Text``) on every text
field of the wire contract.
"""

from __future__ import annotations

import sys
import types
import typing
import unicodedata
import uuid
from collections.abc import Iterator

import pytest
from httpx import Client
from pydantic import AfterValidator, BaseModel

from consent_common import models
from consent_common.wire import CONTROL_CHARACTER
from tests.server.helpers import put_preferences
from tests.server.world import ASSISTED
from tests.support.accounts import Login, Person, Seeded, mint_bearer

CONTROL = ["\x00", "\n", "\x1b[2J", "\x7f", "\x85"]
# Passphrases that are only checked against a stored hash: never stored, and refusing them
# could lock out someone who chose one before the rule.
CHECKED_ONLY = {
    ("SessionRequest", "passphrase"),
    ("PassphraseChange", "current_passphrase"),
    ("AccountDeletion", "passphrase"),
}


def _codes(response_json: dict[str, object]) -> list[object]:
    errors = response_json.get("errors")
    assert isinstance(errors, list)
    return [error["code"] for error in errors]


@pytest.mark.parametrize("bad", CONTROL)
def test_a_control_character_in_the_login_name_is_refused(api: Client, bad: str) -> None:
    response = api.post(
        "/v1/sessions", json={"username": f"victim{bad}one", "passphrase": "whatever it is"}
    )
    assert response.status_code == 422, response.text
    assert _codes(response.json()) == ["control_character"]
    assert bad not in response.text


def test_a_nul_in_questions_version_is_refused_and_the_key_stays_usable(
    api: Client, victim: Person, login: Login
) -> None:
    assert victim.subject_id is not None
    headers = login(victim.username, victim.passphrase)
    bad = {"inform": "no", "questions_version": "2026\x00-05"}
    refused = put_preferences(api, headers, victim.subject_id, bad, 0, key="nul-key")
    assert refused.status_code == 422, refused.text
    assert _codes(refused.json()) == ["control_character"]
    fixed = {"inform": "no", "questions_version": "1"}  # a published version
    again = put_preferences(api, headers, victim.subject_id, fixed, 0, key="nul-key")
    assert again.status_code == 200, again.text


def test_a_nul_in_the_assisted_identity_check_is_refused(api: Client, seeded: Seeded) -> None:
    staff = mint_bearer(seeded.app, seeded.staff_id)
    body = {"inform": "no", "assisted": {**ASSISTED, "identity_check": "passport\x00"}}
    response = put_preferences(api, staff, seeded.subject_id, body, 0)
    assert response.status_code == 422, response.text
    assert _codes(response.json()) == ["control_character"]
    body = {"inform": "no", "assisted": ASSISTED}
    assert put_preferences(api, staff, seeded.subject_id, body, 0).status_code == 200


def test_contact_details_with_a_nul_are_refused(api: Client, victim: Person, login: Login) -> None:
    assert victim.subject_id is not None
    headers = login(victim.username, victim.passphrase)
    body = {
        "inform": "yes",
        "channels": [{"kind": "email", "address": f"a@b.nl\x00{uuid.uuid4()}"}],
    }
    response = put_preferences(api, headers, victim.subject_id, body, 0)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "channels", 0, "address"]


NESTED_INPUTS = (models.PreferenceChoices, models.Topics, models.Channel, models.SafeContact)


def _input_models() -> Iterator[type[BaseModel]]:
    for value in vars(models).values():
        is_model = isinstance(value, type) and issubclass(value, BaseModel)
        if is_model and (issubclass(value, models._Input) or value in NESTED_INPUTS):
            yield value


def _text_metadata(annotation: object, metadata: list[object]) -> Iterator[list[object]]:
    """The metadata of every ``str`` inside ``annotation`` (through unions and lists)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        yield from _text_metadata(base, [*metadata, *more])
    elif origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            yield from _text_metadata(arg, [])
    elif annotation is str:
        yield metadata


def test_every_text_field_of_every_request_body_refuses_control_characters() -> None:
    checked = 0
    for model in _input_models():
        for name, info in model.model_fields.items():
            for metadata in _text_metadata(info.annotation, list(info.metadata)):
                if (model.__name__, name) in CHECKED_ONLY:
                    continue
                checked += 1
                assert any(
                    isinstance(item, AfterValidator)
                    and item.func is models._refuse_control_characters
                    for item in metadata
                ), f"{model.__name__}.{name} takes text without the control-character rule"
    assert checked >= 15  # a walk that finds nothing proves nothing


def test_the_control_character_rule_is_unicode_category_cc() -> None:
    """The rule's one search finds exactly the characters Unicode calls control (Cc)."""
    control = {chr(n) for n in range(sys.maxunicode + 1) if unicodedata.category(chr(n)) == "Cc"}
    found = {chr(n) for n in range(sys.maxunicode + 1) if CONTROL_CHARACTER.match(chr(n))}
    assert found == control
    assert len(control) == 65
