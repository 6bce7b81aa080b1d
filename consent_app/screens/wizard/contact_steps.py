"""The questions about reaching the person: the ways to tell them (in their order), when and
how that is safe, and a pause before which nobody gets in touch."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from api_client.models import Channel, ChannelKind, PreferenceChoices, SafeContact, Weekday
from consent_app import answer_checks as draft
from consent_app import questions, summary
from consent_app.i18n import Msg, _
from consent_app.questions import ADDRESS_HINTS, CHANNEL_ORDER, DAY_LABELS, SAFE_SWITCHES
from consent_app.screens.wizard.step import Answers, Step, first_upper
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.field_row import field_row, field_with_message
from consent_app.widgets.text_field import TextField
from consent_app.widgets.toggles import TranslatedCheckbox
from consent_app.widgets.translatable import TranslatedText

# --- (d) channels -----------------------------------------------------------------------------


def address_id(kind: ChannelKind) -> str:
    """The id of the contact field of a way to be told."""
    return f"channel-{kind.value}-address"


class ChannelRow(Vertical):
    """One way to be told: its place in the order and its name, with the address below, so
    that neither is cut at 80 columns in either language."""

    def __init__(self, kind: ChannelKind) -> None:
        super().__init__(id=f"channel-{kind.value}", classes="channel-row")
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Horizontal(classes="channel-line"):
            yield Static("", classes="channel-number", markup=False)
            yield TranslatedCheckbox(
                lambda: first_upper(_(summary.CHANNELS[self.kind])), classes="channel-on"
            )
        if self.kind is not ChannelKind.app:
            # Only a chosen way takes a contact detail: Tab skips the others.
            yield TextField(
                ADDRESS_HINTS[self.kind],
                id=address_id(self.kind),
                classes="channel-address",
                max_length=300,
                disabled=True,
            )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        for address in self.query(Input):
            address.disabled = not event.value


class ChannelsStep(Step):
    ASKS = questions.CHANNELS
    BINDINGS: ClassVar = [
        Binding("ctrl+up,alt+up", "move(-1)", show=False, id="wizard.move_up"),
        Binding("ctrl+down,alt+down", "move(1)", show=False, id="wizard.move_down"),
    ]

    def compose(self) -> ComposeResult:
        yield TranslatedText(
            Msg("Space: choose. Ctrl+Up and Ctrl+Down: move the chosen line up or down."),
            classes="note",
        )
        for kind in CHANNEL_ORDER:
            yield ChannelRow(kind)
            yield FieldMessage(id=f"channel-{kind.value}-message")
        yield FieldMessage(id="channels-message", classes="-general")

    def _rows(self) -> list[ChannelRow]:
        return list(self.query(ChannelRow))

    def _renumber(self) -> None:
        for position, row in enumerate(self._rows(), start=1):
            row.query_one(".channel-number", Static).update(f"{position}.")

    def show_choices(self, choices: PreferenceChoices) -> None:
        chosen = {channel.kind: channel for channel in choices.channels}
        order = [channel.kind for channel in choices.channels]
        order += [kind for kind in CHANNEL_ORDER if kind not in chosen]
        for kind in reversed(order):
            self._place(kind, before=0)
        for row in self._rows():
            row.query_one(TranslatedCheckbox).value = row.kind in chosen
            address = row.query(Input)
            if address:
                address.first().value = (
                    chosen.get(row.kind) or Channel(kind=row.kind)
                ).address or ""
        self._renumber()

    def _place(self, kind: ChannelKind, *, before: int) -> None:
        row = self.query_one(f"#channel-{kind.value}", ChannelRow)
        message = self.query_one(f"#channel-{kind.value}-message", FieldMessage)
        rows = self._rows()
        if rows[before] is not row:
            self.move_child(row, before=rows[before])
        self.move_child(message, after=row)

    def action_move(self, direction: int) -> None:
        focused = self.screen.focused
        rows = self._rows()
        row = next((r for r in rows if focused is not None and focused in r.query("*")), None)
        if row is None:
            return
        index = rows.index(row)
        target = index + direction
        if not 0 <= target < len(rows):
            return
        if direction > 0:
            self._place(rows[target].kind, before=index)
        else:
            self._place(row.kind, before=target)
        self._renumber()
        if focused is not None:
            focused.focus()
            focused.scroll_visible()

    def answers(self, today: dt.date) -> Answers | None:
        channels = []
        problem: Widget | None = None
        for row in self._rows():
            message = self.query_one(f"#channel-{row.kind.value}-message", FieldMessage)
            message.clear()
            if not row.query_one(TranslatedCheckbox).value:
                continue
            fields = row.query(Input)
            address = fields.first().value.strip() if fields else ""
            error = draft.check_address(row.kind, address)
            if error is not None:
                # About the address field: it goes as soon as the address is changed.
                message.show(error, about=[address_id(row.kind)])
                problem = problem or fields.first()
                continue
            channels.append(Channel(kind=row.kind, address=address or None))
        general = self.query_one("#channels-message", FieldMessage)
        general.clear()
        if problem is not None:
            problem.focus()
            return None
        if not channels:
            general.show(questions.CHOOSE_A_CHANNEL)
            return None
        return {"channels": channels}


# --- (e) safe contact -------------------------------------------------------------------------


class SafeContactStep(Step):
    ASKS = questions.SAFE_CONTACT

    def compose(self) -> ComposeResult:
        yield from field_with_message(
            questions.SAFE_TEXTS["hours"][0],
            TextField(questions.SAFE_TEXTS["hours"][1], id="hours", max_length=100),
        )
        # The days get a line of their own: beside the label, not all seven fit in 80 columns.
        yield TranslatedText(Msg("Safe days"), classes="field-label days-label")
        with Horizontal(classes="field-row days"):
            for day, label in DAY_LABELS.items():
                yield TranslatedCheckbox(label, id=f"day-{day.value}", classes="day")
        for name, label in SAFE_SWITCHES.items():
            yield TranslatedCheckbox(label, id=name)
        label, hint = questions.SAFE_TEXTS["alternative_address"]
        yield field_row(label, TextField(hint, id="alternative_address", max_length=300))
        label, hint = questions.SAFE_TEXTS["discreet_sender"]
        yield field_row(label, TextField(hint, id="discreet_sender", max_length=200))

    def show_choices(self, choices: PreferenceChoices) -> None:
        safe = choices.safe_contact
        self.query_one("#hours", Input).value = safe.hours or ""
        for day in Weekday:
            self.query_one(f"#day-{day.value}", TranslatedCheckbox).value = day in safe.days
        for name in SAFE_SWITCHES:
            self.query_one(f"#{name}", TranslatedCheckbox).value = getattr(safe, name)
        self.query_one("#alternative_address", Input).value = safe.alternative_address or ""
        self.query_one("#discreet_sender", Input).value = safe.discreet_sender or ""

    def answers(self, today: dt.date) -> Answers | None:
        def text(name: str) -> str | None:
            return self.query_one(f"#{name}", Input).value.strip() or None

        hours_problem = draft.check_hours(text("hours") or "")
        self.query_one("#hours-message", FieldMessage).show(hours_problem)
        if hours_problem is not None:
            self.query_one("#hours", Input).focus()
            return None
        safe = SafeContact(
            hours=text("hours"),
            days=[
                d for d in Weekday if self.query_one(f"#day-{d.value}", TranslatedCheckbox).value
            ],
            alternative_address=text("alternative_address"),
            discreet_sender=text("discreet_sender"),
            **{
                name: self.query_one(f"#{name}", TranslatedCheckbox).value for name in SAFE_SWITCHES
            },
        )
        return {"safe_contact": safe}


# --- (f) pause --------------------------------------------------------------------------------


class PauseStep(Step):
    ASKS = questions.PAUSE

    def compose(self) -> ComposeResult:
        yield TranslatedText(questions.PAUSE_NOTE, classes="note")
        yield field_row(Msg("Not before"), TextField(id="paused_until", max_length=10))
        yield TranslatedText(draft.date_pattern, id="date-pattern", classes="field-hint")
        yield FieldMessage(id="paused_until-message")

    def show_choices(self, choices: PreferenceChoices) -> None:
        value = choices.paused_until
        self.query_one("#paused_until", Input).value = (
            draft.format_short_date(value) if value is not None else ""
        )

    def answers(self, today: dt.date) -> Answers | None:
        field = self.query_one("#paused_until", Input)
        message = self.query_one("#paused_until-message", FieldMessage)
        message.clear()
        if not field.value.strip():
            return {"paused_until": None}
        value, error = draft.check_pause(field.value, today)
        if error is not None:
            message.show(error)
            field.focus()
            return None
        return {"paused_until": value}
