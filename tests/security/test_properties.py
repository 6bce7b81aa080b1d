"""Properties of the wire models and the activation code, checked with hypothesis."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from api_client import models
from consent_common import activation_code
from consent_common.activation_code import ALPHABET, CODE_LENGTH

# Text people can send: no surrogates, and no control characters (refused with 422).
printable = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
text = st.text(printable, max_size=60)
channels = st.builds(
    models.Channel,
    kind=st.sampled_from(models.ChannelKind),
    address=st.none() | st.text(printable, max_size=300),
)
safe_contact = st.builds(
    models.SafeContact,
    hours=st.none() | st.text(printable, max_size=100),
    days=st.lists(st.sampled_from(models.Weekday), max_size=7),
    no_voicemail=st.booleans(),
    no_post_to_home=st.booleans(),
    alternative_address=st.none() | st.text(printable, max_size=300),
    discreet_sender=st.none() | st.text(printable, max_size=200),
    household_must_not_know=st.booleans(),
)
choices = st.builds(
    models.PreferenceChoices,
    inform=st.sampled_from(models.Inform),
    topics=st.builds(
        models.Topics,
        new_findings=st.booleans(),
        proceedings=st.booleans(),
        compensation=st.booleans(),
        removal=st.booleans(),
    ),
    recipients=st.sampled_from(models.Recipients),
    channels=st.lists(channels, max_size=5),
    safe_contact=safe_contact,
    paused_until=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    language=st.sampled_from(["nl", "en", "nl_BE", "fr"]),
)


@given(choices)
def test_preference_choices_survive_a_trip_through_json(value: models.PreferenceChoices) -> None:
    assert models.PreferenceChoices.model_validate_json(value.model_dump_json()) == value


@given(choices)
def test_a_write_keeps_every_choice_through_json(value: models.PreferenceChoices) -> None:
    write = models.PreferenceWrite(**dict(value))
    again = models.PreferenceWrite.model_validate_json(write.model_dump_json())
    assert models.PreferenceChoices(**{k: getattr(again, k) for k in dict(value)}) == value


BOUNDED_TEXT = [
    (("channels", 0, "address"), 300),
    (("safe_contact", "hours"), 100),
    (("safe_contact", "alternative_address"), 300),
    (("safe_contact", "discreet_sender"), 200),
    (("questions_version",), 40),
]


def _document_with(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    document: dict[str, Any] = {"channels": [{"kind": "email"}], "safe_contact": {}}
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(("path", "limit"), BOUNDED_TEXT)
@given(extra=st.integers(1, 2000), char=printable)
@settings(max_examples=20)
def test_text_longer_than_its_bound_is_refused(
    path: tuple[str | int, ...], limit: int, extra: int, char: str
) -> None:
    models.PreferenceWrite.model_validate(_document_with(path, char * limit))
    with pytest.raises(ValidationError):
        models.PreferenceWrite.model_validate(_document_with(path, char * (limit + extra)))


@given(count=st.integers(6, 20))
def test_more_than_five_channels_are_refused(count: int) -> None:
    with pytest.raises(ValidationError):
        models.PreferenceWrite.model_validate({"channels": [{"kind": "app"}] * count})


@given(st.sampled_from([0, 1, "no", "yes", "off", "on", "0", "true", 1.0]))
def test_booleans_are_true_or_false_only(loose: object) -> None:
    with pytest.raises(ValidationError):
        models.PreferenceWrite.model_validate_json(
            models.PreferenceWrite().model_dump_json()[:-1]
            + f', "safe_contact": {{"no_voicemail": {_json(loose)}}}}}'
        )


@given(st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_is_never_read_as_a_date(number: float) -> None:
    with pytest.raises(ValidationError):
        models.PreferenceWrite.model_validate({"paused_until": number})
    with pytest.raises(ValidationError):
        models.SubjectCreate.model_validate({"reference": "R-1", "date_of_birth": number})


def _json(value: object) -> str:
    import json

    return json.dumps(value)


# --- activation codes --------------------------------------------------------------------

codes = st.text(ALPHABET, min_size=CODE_LENGTH - 1, max_size=CODE_LENGTH - 1).map(
    lambda payload: payload + activation_code._check_character(payload)
)


@given(codes)
def test_every_single_character_substitution_is_caught(code: str) -> None:
    assert activation_code.is_well_formed(code)
    for position, wrong in itertools.product(range(CODE_LENGTH), ALPHABET):
        if wrong != code[position]:
            typo = code[:position] + wrong + code[position + 1 :]
            assert not activation_code.is_well_formed(typo), (code, position, wrong)


@given(codes)
def test_every_swap_of_neighbouring_different_characters_is_caught(code: str) -> None:
    for position in range(CODE_LENGTH - 1):
        left, right = code[position], code[position + 1]
        if left != right:
            swapped = code[:position] + right + left + code[position + 2 :]
            assert not activation_code.is_well_formed(swapped), (code, position)


@given(codes)
def test_grouping_case_and_look_alikes_do_not_change_a_code(code: str) -> None:
    grouped = activation_code.grouped(code)
    assert activation_code.is_well_formed(grouped)
    assert activation_code.is_well_formed(grouped.lower().replace("-", " "))
    assert activation_code.normalise(grouped.replace("0", "O").replace("1", "I")) == code


def test_generated_codes_are_well_formed_and_do_not_repeat() -> None:
    generated = {activation_code.generate() for _ in range(2000)}
    assert len(generated) == 2000
    assert all(activation_code.is_well_formed(code) for code in generated)


def test_every_swap_of_every_pair_at_every_position_is_caught() -> None:
    """Exhaustive over pairs of characters and positions, on a random background."""
    background = activation_code.generate()
    for position in range(CODE_LENGTH - 1):
        for left, right in itertools.permutations(ALPHABET, 2):
            payload = background[:position] + left + right + background[position + 2 :]
            code = payload[:-1] + activation_code._check_character(payload[:-1])
            if position + 1 < CODE_LENGTH - 1:  # both characters in the payload
                swapped = code[:position] + right + left + code[position + 2 :]
                assert not activation_code.is_well_formed(swapped), (position, left, right)
