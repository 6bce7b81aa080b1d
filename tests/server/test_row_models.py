"""Response models filled from table rows by field name (consent_server.row_models)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from pydantic import ValidationError

from consent_common import models
from consent_server.row_models import model_from_row
from consent_server.tables import AccountRow

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
HASH = "argon2-hash-not-for-the-wire"


def _account(role: str = "representative") -> AccountRow:
    row = AccountRow.new("Someone", HASH, role, NOW)
    row.id = uuid.uuid4()
    return row


def test_each_field_comes_from_the_column_of_that_name_as_the_contract_type() -> None:
    row = _account()
    shown = model_from_row(models.Account, row)
    assert (shown.id, shown.username, shown.created_at) == (row.id, "Someone", NOW)
    assert shown.role is models.Role.representative


def test_a_column_the_model_does_not_declare_stays_out() -> None:
    shown = model_from_row(models.Account, _account())
    assert HASH not in shown.model_dump_json()
    assert "someone" not in shown.model_dump_json()  # username_key, the lower-cased name


def test_given_values_take_the_place_of_columns() -> None:
    assert model_from_row(models.Account, _account(), username="Other").username == "Other"


def test_a_value_for_no_field_is_refused() -> None:
    with pytest.raises(TypeError, match="Account has no field passphrase_hash"):
        model_from_row(models.Account, _account(), passphrase_hash=HASH)


def test_a_field_neither_the_row_nor_the_values_hold_is_refused() -> None:
    with pytest.raises(AttributeError, match="subject_id"):
        model_from_row(models.Delegation, _account())


def test_a_stored_value_outside_the_contract_is_refused() -> None:
    with pytest.raises(ValidationError):
        model_from_row(models.Account, _account(role="administrator"))
