"""What a question of the wizard is (:class:`Step`) and the small helpers its fields share.

Each step fills its fields from the working choices (:meth:`Step.show_choices`) and writes the
answers back (:meth:`Step.answers`), returning None and showing a message next to the field
when something needs fixing. Nothing here talks to the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, TypedDict

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import RadioSet

from api_client.models import (
    Channel,
    Frequency,
    Inform,
    PreferenceChoices,
    Reassurance,
    Recipients,
    SafeContact,
    Topics,
)
from consent_app.i18n import Msg, _
from consent_app.questions import Question
from consent_app.textual_internals import press_radio_at, radio_answer
from consent_app.widgets.choices import TranslatedRadioButton
from consent_app.widgets.field_message import FIELD_MESSAGE_SUFFIX, FieldMessage
from consent_app.widgets.translatable import TextSource


class Answers(TypedDict, total=False):
    """The fields of :class:`PreferenceChoices` one question sets (each step sets one)."""

    inform: Inform
    topics: Topics
    recipients: Recipients
    channels: list[Channel]
    frequency: Frequency
    reassurance: Reassurance
    safe_contact: SafeContact
    paused_until: dt.date | None


class Step(Vertical):
    """One question, the one ``ASKS`` holds: ``QUESTION`` is shown as the heading, ``WHY``
    under F1, ``KEY`` names the step (all three taken from ``ASKS``)."""

    ASKS: ClassVar[Question]
    KEY: ClassVar[str]
    QUESTION: ClassVar[Msg]
    WHY: ClassVar[Msg]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "ASKS" in cls.__dict__:  # a question; not a kind of step such as RadioStep
            cls.KEY, cls.QUESTION, cls.WHY = cls.ASKS.key, cls.ASKS.text, cls.ASKS.why

    def show_choices(self, choices: PreferenceChoices) -> None:
        raise NotImplementedError

    def answers(self, today: dt.date) -> Answers | None:
        """The fields of PreferenceChoices this question sets, or None (messages shown)."""
        raise NotImplementedError

    def first_focus(self) -> Widget:
        return self.query("RadioSet, Checkbox, Input").first()

    def show_nothing_chosen(self) -> None:
        """For a question nobody answered: no answer is pressed (a record's default value is
        not a choice the person made)."""
        for radios in self.query(RadioSet):
            press_radio_at(radios, -1)


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def radio_set(radio_id: str, labels: Iterable[TextSource]) -> RadioSet:
    """A question's answers as radio buttons, none chosen yet."""
    return RadioSet(*(TranslatedRadioButton(label) for label in labels), id=radio_id, compact=True)


def radio_value(radios: RadioSet, values: list[Any]) -> Any:
    """The value of the pressed button (``values`` in the buttons' order), or None."""
    index = radio_answer(radios)
    return values[index] if index >= 0 else None


def press_radio(radios: RadioSet, value: Any, values: list[Any]) -> None:
    """Press the button of ``value`` (``values`` in the buttons' order)."""
    press_radio_at(radios, values.index(value))


def translated_first_upper(text: str) -> str:
    return first_upper(_(text))


RadioField = Literal["inform", "recipients", "frequency"]
"""The fields of :class:`PreferenceChoices` a question sets with one radio set."""


class RadioStep(Step):
    """A question answered by pressing one of its answers: the radio set (id ``FIELD``) sets
    the field ``FIELD`` of the choices. ``OPTIONS`` are the answers' values with their
    labels, in the order shown; ``MISSING`` stands right under the set when none is pressed.
    A subclass may compose more below the set (``yield from super().compose()`` first).
    """

    FIELD: ClassVar[RadioField]
    OPTIONS: ClassVar[Sequence[tuple[Any, TextSource]]]
    MISSING: ClassVar[Msg]

    def compose(self) -> ComposeResult:
        yield radio_set(self.FIELD, (label for _value, label in self.OPTIONS))
        yield FieldMessage(id=self.FIELD + FIELD_MESSAGE_SUFFIX, classes="-general")

    def _radios(self) -> RadioSet:
        return self.query_one(f"#{self.FIELD}", RadioSet)

    def _values(self) -> list[Any]:
        return [value for value, _label in self.OPTIONS]

    def show_choices(self, choices: PreferenceChoices) -> None:
        press_radio(self._radios(), getattr(choices, self.FIELD), self._values())

    def answers(self, today: dt.date) -> Answers | None:
        value = radio_value(self._radios(), self._values())
        if value is None:
            message = f"#{self.FIELD}{FIELD_MESSAGE_SUFFIX}"
            self.query_one(message, FieldMessage).show(self.MISSING)
            return None
        answers: Answers = {}
        answers[self.FIELD] = value
        return answers
