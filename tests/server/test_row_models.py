"""Response models filled from table rows by field name (consent_server.row_models)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from pydantic import ValidationError

from consent_common import models
from consent_common.notices import Delivery, DeliveryState, WithheldReason
from consent_server.notice_tables import DeliveryRow
from consent_server.row_models import model_from_row
from consent_server.tables import AccountRow

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def _withheld_row() -> DeliveryRow:
    return DeliveryRow(
        id=uuid.uuid4(),
        subject_id=uuid.uuid4(),
        finding_id=uuid.uuid4(),
        digest_id=None,
        recipient="victim",
        account_id=None,
        channel=None,
        state="withheld",
        reason="topic_off",
        open=False,
        due_at=None,
        outcome=None,
        outcome_at=None,
        created_at=NOW,
        read_at=None,
    )


def test_each_field_comes_from_the_column_of_that_name_as_the_contract_type() -> None:
    row = _withheld_row()
    delivery = model_from_row(Delivery, row)
    assert delivery.id == row.id and delivery.finding_id == row.finding_id
    assert delivery.state is DeliveryState.withheld
    assert delivery.reason is WithheldReason.topic_off
    assert delivery.channel is None and delivery.created_at == NOW


def test_a_column_the_model_does_not_declare_stays_out() -> None:
    account = AccountRow.new("someone", "argon2-hash-not-for-the-wire", "victim", NOW)
    account.id = uuid.uuid4()
    shown = model_from_row(models.Account, account)
    assert shown.role is models.Role.victim
    assert "argon2-hash-not-for-the-wire" not in shown.model_dump_json()


def test_given_values_take_the_place_of_columns() -> None:
    row = _withheld_row()
    other = uuid.uuid4()
    assert model_from_row(Delivery, row, subject_id=other).subject_id == other


def test_a_value_for_no_field_is_refused() -> None:
    with pytest.raises(TypeError, match="Delivery has no field notice_id"):
        model_from_row(Delivery, _withheld_row(), notice_id=uuid.uuid4())


def test_a_field_neither_the_row_nor_the_values_hold_is_refused() -> None:
    with pytest.raises(AttributeError, match="representative_id"):
        model_from_row(models.Delegation, _withheld_row())


def test_a_stored_value_outside_the_contract_is_refused() -> None:
    row = _withheld_row()
    row.state = "lost"
    with pytest.raises(ValidationError):
        model_from_row(Delivery, row)
