"""The preference questions as a dialogue: one question at a time, then the review.

The same questions, answers, checks and "decide later" rule as the Textual wizard
(``consent_app.questions``, ``answer_checks``); Enter keeps the answer given before, "back"
goes to the previous question, "later" leaves a question as it was. Nothing is sent until
the person confirms on the review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from api_client.models import (
    Channel,
    ChannelKind,
    Frequency,
    PreferenceChoices,
    Reassurance,
    SafeContact,
    Topics,
    Weekday,
)
from consent_app import answer_checks, questions, summary
from consent_app.i18n import Msg, _
from consent_app.plain.console import Back, Console, Later, number_in
from consent_app.questions import Question
from consent_app.review import REVIEW_HEADING, REVIEW_QUESTION, review_text

T = TypeVar("T")

ENTER_KEEPS = Msg("Press Enter to keep what is shown.")
EMPTY_WORD = "-"
NUMBERS_NOTE = Msg(
    "Type the numbers of what you want, with spaces between them, for example: 1 3. "
    "Type 0 for none."
)
CHOSEN = Msg("chosen")
TEXT_NOTE = Msg("Type the new text, or type - to leave it empty.")


class Review(Exception):
    """Go straight to the review (after "no" or "decide later" on the first question)."""


def numbers_in(text: str, count: int) -> tuple[list[int] | None, Msg | None]:
    """Indexes of typed numbers "2 1" (order kept, no repeats); "0" is an empty choice."""
    parts = text.replace(",", " ").split()
    if parts == ["0"]:
        return [], None
    indexes: list[int] = []
    for part in parts:
        index = number_in(part, count)
        if index is None:
            return None, Msg("Please type numbers from 1 to %(last)s, or 0 for none.", last=count)
        if index not in indexes:
            indexes.append(index)
    if not indexes:
        return None, Msg("Please type numbers from 1 to %(last)s, or 0 for none.", last=count)
    return indexes, None


class PlainWizard:
    """Asks the questions and returns the choices to review, or raises Back to leave."""

    def __init__(
        self,
        console: Console,
        choices: PreferenceChoices,
        recorded: PreferenceChoices,
        today: Callable[[], dt.date] = dt.date.today,
        *,
        volume_asked: bool = True,
        first: str = questions.INFORM.key,
    ) -> None:
        """``volume_asked``: whether the volume question was ever answered (if not, nothing
        is chosen beforehand); ``first``: the question to start at."""
        self.console = console
        self.choices = choices
        self.recorded = recorded
        self.today = today
        self.volume_asked = volume_asked
        self.first = first
        self.skipped: set[str] = set()
        self.asks: dict[str, Callable[[], None]] = {
            questions.INFORM.key: self.ask_inform,
            questions.TOPICS.key: self.ask_topics,
            questions.RECIPIENTS.key: self.ask_recipients,
            questions.CHANNELS.key: self.ask_channels,
            questions.VOLUME.key: self.ask_volume,
            questions.SAFE_CONTACT.key: self.ask_safe_contact,
            questions.PAUSE.key: self.ask_pause,
        }

    # --- the walk through the questions -----------------------------------------------------

    def run(self) -> tuple[PreferenceChoices, set[str]]:
        """Ask until the review; Back from the first question leaves (nothing was sent)."""
        index = [question.key for question in questions.QUESTIONS].index(self.first)
        total = len(questions.QUESTIONS)
        while index < total:
            question = questions.QUESTIONS[index]
            self.console.heading(
                Msg("Question %(number)s of %(total)s", number=index + 1, total=total)
            )
            self.console.say(question.text)
            try:
                self.asks[question.key]()
                self.skipped.discard(question.key)
            except Later:
                self.choices = questions.decide_later(self.choices, question.key, self.recorded)
                if question.key == questions.VOLUME.key:
                    self.volume_asked = True  # what is recorded is shown from now on
                if question.key != questions.INFORM.key:
                    self.skipped.add(question.key)
            except Back:
                if index == 0:
                    raise
                index -= 1
                continue
            if questions.only_inform_applies(self.choices):
                break
            index += 1
        return self.choices, self.skipped

    def _ask(self, question: Question, check: Callable[[str], tuple[T | None, Msg | None]]) -> T:
        return self.console.ask_checked(check, why=question.why, later=True)

    # --- (a) inform ----------------------------------------------------------------------------

    def ask_inform(self) -> None:
        options = [label for _value, label in questions.INFORM_CHOICES]
        values = [value for value, _label in questions.INFORM_CHOICES]
        current = values.index(self.choices.inform)
        index = self.console.choose(options, why=questions.INFORM.why, later=True, current=current)
        self.choices = self.choices.model_copy(update={"inform": values[index]})

    # --- (b) topics ----------------------------------------------------------------------------

    def ask_topics(self) -> None:
        names = list(summary.TOPICS)
        self._numbered(
            [_(summary.TOPICS[name]) for name in names],
            [getattr(self.choices.topics, name) for name in names],
        )
        chosen = self._ask(questions.TOPICS, self._keep_or_numbers(len(names)))
        if chosen is not _KEEP:
            topics = Topics(**{name: i in chosen for i, name in enumerate(names)})
            self.choices = self.choices.model_copy(update={"topics": topics})

    def _numbered(self, labels: list[str], chosen: list[bool]) -> None:
        for number, (label, on) in enumerate(zip(labels, chosen, strict=True), start=1):
            mark = f" ({CHOSEN})" if on else ""
            self.console.say(f"{number}. {label}{mark}")
        self.console.say(NUMBERS_NOTE, ENTER_KEEPS)

    @staticmethod
    def _keep_or_numbers(count: int) -> Callable[[str], tuple[list[int] | None, Msg | None]]:
        def check(text: str) -> tuple[list[int] | None, Msg | None]:
            if not text:
                return _KEEP, None
            return numbers_in(text, count)

        return check

    # --- (c) recipients ------------------------------------------------------------------------

    def ask_recipients(self) -> None:
        values = [value for value, _label in questions.RECIPIENT_CHOICES]
        index = self.console.choose(
            [label for _value, label in questions.RECIPIENT_CHOICES],
            why=questions.RECIPIENTS.why,
            later=True,
            current=values.index(self.choices.recipients),
        )
        self.choices = self.choices.model_copy(update={"recipients": values[index]})

    # --- (d) channels --------------------------------------------------------------------------

    def ask_channels(self) -> None:
        kinds = questions.CHANNEL_ORDER
        chosen_now = {channel.kind: channel for channel in self.choices.channels}
        order = [channel.kind for channel in self.choices.channels]
        self._numbered(
            [_(summary.CHANNELS[kind]) for kind in kinds], [kind in chosen_now for kind in kinds]
        )
        if order:
            current = " ".join(str(kinds.index(kind) + 1) for kind in order)
            self.console.say(Msg("Now, best first: %(numbers)s", numbers=current))
        picked = self._ask(questions.CHANNELS, self._channel_numbers(len(kinds), bool(order)))
        picked_kinds = order if picked is _KEEP else [kinds[i] for i in picked]
        channels = []
        for kind in picked_kinds:
            previous = chosen_now.get(kind)
            address = self._address(kind, previous.address if previous else None)
            channels.append(Channel(kind=kind, address=address))
        self.choices = self.choices.model_copy(update={"channels": channels})

    @staticmethod
    def _channel_numbers(
        count: int, has_current: bool
    ) -> Callable[[str], tuple[list[int] | None, Msg | None]]:
        def check(text: str) -> tuple[list[int] | None, Msg | None]:
            if not text and has_current:
                return _KEEP, None
            indexes, problem = numbers_in(text, count) if text else (None, None)
            if problem is not None:
                return None, problem
            if not indexes:
                return None, questions.CHOOSE_A_CHANNEL
            return indexes, None

        return check

    def _address(self, kind: ChannelKind, previous: str | None) -> str | None:
        if kind is ChannelKind.app:
            return None
        label = _first_upper(_(summary.CHANNELS[kind]))
        self.console.say(f"{label}: {questions.ADDRESS_HINTS[kind]}")
        if previous:
            self.console.say(Msg("Now: %(value)s", value=previous), ENTER_KEEPS)

        def check(text: str) -> tuple[str | None, Msg | None]:
            if not text and previous:
                return previous, None
            value = "" if text == EMPTY_WORD else text
            problem = answer_checks.check_address(kind, value)
            return (value.strip(), None) if problem is None else (None, problem)

        value = self._ask(questions.CHANNELS, check)
        return value or None

    # --- (d2) how often ------------------------------------------------------------------------

    def ask_volume(self) -> None:
        """How often, then the yearly message; never answered before: nothing is chosen."""
        often = list(Frequency)
        labels = [_first_upper(_(summary.FREQUENCY[value])) for value in often]
        current = often.index(self.choices.frequency) if self.volume_asked else None
        index = self.console.choose(labels, why=questions.VOLUME.why, later=True, current=current)
        self.console.say(questions.REASSURANCE_NOTE)
        yearly = self.choices.reassurance is Reassurance.yearly
        answer = self.console.choose(
            [questions.REASSURANCE_YES, Msg("No")],
            why=questions.VOLUME.why,
            later=True,
            current=(0 if yearly else 1) if self.volume_asked else None,
        )
        reassurance = Reassurance.yearly if answer == 0 else Reassurance.none
        self.choices = self.choices.model_copy(
            update={"frequency": often[index], "reassurance": reassurance}
        )
        self.volume_asked = True

    # --- (e) safe contact ----------------------------------------------------------------------

    def ask_safe_contact(self) -> None:
        safe = self.choices.safe_contact
        hours = self._text("hours", safe.hours)
        days = self._days(safe.days)
        switches = self._switches(safe)
        alternative = self._text("alternative_address", safe.alternative_address)
        sender = self._text("discreet_sender", safe.discreet_sender)
        updated = SafeContact(
            hours=hours,
            days=days,
            alternative_address=alternative,
            discreet_sender=sender,
            **switches,
        )
        self.choices = self.choices.model_copy(update={"safe_contact": updated})

    def _text(self, name: str, previous: str | None) -> str | None:
        label, hint = questions.SAFE_TEXTS[name]
        self.console.say(f"{label} ({hint})")
        if previous:
            self.console.say(Msg("Now: %(value)s", value=previous), ENTER_KEEPS, TEXT_NOTE)
        limit = answer_checks.MAX_ADDRESS

        def check(text: str) -> tuple[str | None, Msg | None]:
            if len(text) > limit:
                return None, Msg("This is too long. Please make it shorter.")
            if name == "hours" and text != EMPTY_WORD:
                problem = answer_checks.check_hours(text)
                if problem is not None:
                    return None, problem
            if not text:
                return previous or "", None
            return ("" if text == EMPTY_WORD else text), None

        return self._ask(questions.SAFE_CONTACT, check) or None

    def _days(self, previous: list[Weekday]) -> list[Weekday]:
        self.console.say(Msg("Safe days"))
        days = list(questions.DAY_LABELS)
        self._numbered(
            [summary.describe_days([d.value]) for d in days], [d in previous for d in days]
        )
        chosen = self._ask(questions.SAFE_CONTACT, self._keep_or_numbers(len(days)))
        if chosen is _KEEP:
            return previous
        return [day for index, day in enumerate(days) if index in chosen]

    def _switches(self, safe: SafeContact) -> dict[str, bool]:
        names = list(questions.SAFE_SWITCHES)
        self._numbered(
            [str(questions.SAFE_SWITCHES[name]) for name in names],
            [getattr(safe, name) for name in names],
        )
        chosen = self._ask(questions.SAFE_CONTACT, self._keep_or_numbers(len(names)))
        if chosen is _KEEP:
            return {name: getattr(safe, name) for name in names}
        return {name: index in chosen for index, name in enumerate(names)}

    # --- (f) pause -----------------------------------------------------------------------------

    def ask_pause(self) -> None:
        self.console.say(questions.PAUSE_NOTE, answer_checks.date_pattern())
        previous = self.choices.paused_until
        if previous is not None:
            shown = answer_checks.format_short_date(previous)
            self.console.say(Msg("Now: %(value)s", value=shown), ENTER_KEEPS, TEXT_NOTE)

        def check(text: str) -> tuple[list[dt.date | None] | None, Msg | None]:
            if not text:
                return [previous], None
            if text == EMPTY_WORD:
                return [None], None
            value, problem = answer_checks.check_pause(text, self.today())
            return ([value], None) if problem is None else (None, problem)

        (value,) = self._ask(questions.PAUSE, check)
        self.choices = self.choices.model_copy(update={"paused_until": value})


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


_KEEP: list[int] = []
"""Returned by a check when Enter keeps the answer shown (compared by identity)."""


def review(console: Console, choices: PreferenceChoices, skipped: set[str]) -> int:
    """Show every answer; 0 confirm and send, 1 back to the questions, 2 leave without sending."""
    console.heading(REVIEW_HEADING)
    console.say(REVIEW_QUESTION)
    for line in review_text(choices, skipped).split("\n"):
        console.say(line)
    console.blank()
    options = [Msg("Confirm and send"), Msg("Back"), Msg("Leave without sending")]
    try:
        return console.choose(options, why=questions.REVIEW_WHY, back=True)
    except Back:
        return 1
