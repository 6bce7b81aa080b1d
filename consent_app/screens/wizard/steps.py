"""The questions of the wizard, one widget each. The wizard shows one at a time.

Each step fills its fields from the working choices (:meth:`Step.show_choices`) and writes the
answers back (:meth:`Step.answers`), returning None and showing a message next to the field
when something needs fixing. Nothing here talks to the server.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, ClassVar, TypedDict

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioSet, Static

from api_client.models import (
    Channel,
    ChannelKind,
    Inform,
    PreferenceChoices,
    Recipients,
    SafeContact,
    Topics,
    Weekday,
)
from consent_app import summary
from consent_app.i18n import N_, Msg, _
from consent_app.screens.wizard import draft
from consent_app.textual_internals import highlight_radio
from consent_app.viewpoint import Worded
from consent_app.widgets.bars import FieldMessage
from consent_app.widgets.choices import TRadioButton
from consent_app.widgets.translatable import TCheckbox, TInput, TStatic


class Answers(TypedDict, total=False):
    """The fields of :class:`PreferenceChoices` one question sets (each step sets one)."""

    inform: Inform
    topics: Topics
    recipients: Recipients
    channels: list[Channel]
    safe_contact: SafeContact
    paused_until: dt.date | None


class Step(Vertical):
    """One question. ``QUESTION`` is shown as the heading, ``WHY`` under F1."""

    KEY: ClassVar[str]
    QUESTION: ClassVar[Msg]
    WHY: ClassVar[Msg]

    def show_choices(self, choices: PreferenceChoices) -> None:
        raise NotImplementedError

    def answers(self, today: dt.date) -> Answers | None:
        """The fields of PreferenceChoices this question sets, or None (messages shown)."""
        raise NotImplementedError

    def first_focus(self) -> Widget:
        return self.query("RadioSet, Checkbox, Input").first()


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _radio_value(radios: RadioSet, values: list[Any]) -> Any:
    index = radios.pressed_index
    return values[index] if index >= 0 else None


def _press(radios: RadioSet, index: int) -> None:
    for position, button in enumerate(radios.query(TRadioButton)):
        button.value = position == index
    highlight_radio(radios, index)  # the highlighted row follows the answer


# --- (a) inform -------------------------------------------------------------------------------

INFORM_OPTIONS = [Inform.yes, Inform.no, Inform.undecided]


class InformStep(Step):
    KEY = "inform"
    QUESTION = Worded(
        N_("Do you want to be told when the police find new images of you?"),
        N_("Does the person you act for want to be told when the police find new images of them?"),
        N_(
            "Does the person you are helping want to be told when the police find new "
            "images of them?"
        ),
    )
    WHY = Worded(
        N_(
            "When the police find new copies of images of you, they can let you know. Some "
            "people want that, others do not. Both are fine. If you say no, nobody will contact "
            "you about new findings. You can change your answer at any time."
        ),
        N_(
            "When the police find new copies of images of the person you act for, they can let "
            "them know. Some people want that, others do not. Both are fine. If the answer is "
            "no, nobody will contact them about new findings. The answer can be changed at any "
            "time, and the person sees every change you make."
        ),
        N_(
            "When the police find new copies of images of the person you are helping, they can "
            "let them know. Some people want that, others do not. Both are fine. If the answer "
            "is no, nobody will contact them about new findings. The answer can be changed at "
            "any time."
        ),
    )

    def compose(self) -> ComposeResult:
        with RadioSet(id="inform", compact=True):
            yield TRadioButton(
                Worded(
                    N_("Yes, I want to be told"),
                    N_("Yes, they want to be told"),
                    N_("Yes, they want to be told"),
                )
            )
            yield TRadioButton(
                Worded(
                    N_("No, I do not want to be told"),
                    N_("No, they do not want to be told"),
                    N_("No, they do not want to be told"),
                )
            )
            yield TRadioButton(
                Worded(
                    N_("I will decide later"),
                    N_("They will decide later"),
                    N_("They will decide later"),
                )
            )
        yield FieldMessage(id="inform-message", classes="-general")

    def show_choices(self, choices: PreferenceChoices) -> None:
        _press(self.query_one("#inform", RadioSet), INFORM_OPTIONS.index(choices.inform))

    def answers(self, today: dt.date) -> Answers | None:
        value = _radio_value(self.query_one("#inform", RadioSet), INFORM_OPTIONS)
        if value is None:
            self.query_one("#inform-message", FieldMessage).show(
                Msg("Please choose an answer, or choose 'I will decide later'.")
            )
            return None
        return {"inform": value}


# --- (b) topics -------------------------------------------------------------------------------


class TopicsStep(Step):
    KEY = "topics"
    QUESTION = Worded(
        N_("What do you want to be told about?"),
        N_("What does the person you act for want to be told about?"),
        N_("What does the person you are helping want to be told about?"),
    )
    WHY = Worded(
        N_(
            "You may want to hear about some things and not about others. For example, you "
            "can join a new criminal case to ask for compensation, or get support from the "
            "Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent "
            "crime). Switch on only what you want to hear about."
        ),
        N_(
            "The person may want to hear about some things and not about others. For example, "
            "they can join a new criminal case to ask for compensation, or get support from "
            "the Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent "
            "crime). Switch on only what the person wants to hear about."
        ),
        N_(
            "The person may want to hear about some things and not about others. For example, "
            "they can join a new criminal case to ask for compensation, or get support from "
            "the Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent "
            "crime). Switch on only what the person wants to hear about."
        ),
    )

    def compose(self) -> ComposeResult:
        yield TStatic(Msg("Press space to switch a choice on or off."), classes="note")
        # Nothing is ticked beforehand: consent is an active choice. "All of these" is one.
        yield TCheckbox(Msg("All of these"), id="topic-all")
        for name, text in summary.TOPICS.items():
            yield TCheckbox(
                partial(_translated_first_upper, text), id=f"topic-{name}", classes="topic"
            )
        yield FieldMessage(id="topics-message", classes="-general")

    def _topic_boxes(self) -> list[TCheckbox]:
        return [self.query_one(f"#topic-{name}", TCheckbox) for name in summary.TOPICS]

    def show_choices(self, choices: PreferenceChoices) -> None:
        with self.prevent(Checkbox.Changed):
            for name, box in zip(summary.TOPICS, self._topic_boxes(), strict=True):
                box.value = getattr(choices.topics, name)
            self.query_one("#topic-all", TCheckbox).value = all(
                box.value for box in self._topic_boxes()
            )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#topics-message", FieldMessage).clear()
        with self.prevent(Checkbox.Changed):
            if event.checkbox.id == "topic-all":
                for box in self._topic_boxes():
                    box.value = event.value
            else:
                self.query_one("#topic-all", TCheckbox).value = all(
                    box.value for box in self._topic_boxes()
                )

    def answers(self, today: dt.date) -> Answers | None:
        values = {
            name: box.value for name, box in zip(summary.TOPICS, self._topic_boxes(), strict=True)
        }
        if not any(values.values()):
            self.query_one("#topics-message", FieldMessage).show(
                Msg("Choose at least one, or 'All of these'. Or choose 'Decide later'.")
            )
            return None
        return {"topics": Topics(**values)}


# --- (c) recipients ---------------------------------------------------------------------------

RECIPIENT_OPTIONS = [Recipients.me, Recipients.representative, Recipients.both]


class RecipientsStep(Step):
    KEY = "recipients"
    QUESTION = Msg("Who should be told?")
    # Representatives are told in their own account in this app (SPEC §6b): say so, rather
    # than leave the person wondering how the representative is reached.
    THROUGH_REPRESENTATIVE = Worded(
        N_(
            "Your representative is told with a message in their own account in this app, "
            "if you allowed them to be told about new findings (see Representatives)."
        ),
        N_(
            "The representative is told with a message in their own account in this app, "
            "if they may be told about new findings."
        ),
        N_(
            "The representative is told with a message in their own account in this app, "
            "if they may be told about new findings."
        ),
    )
    WHY = Worded(
        N_(
            "You can be told yourself, or someone you trust can be told for you, such as a "
            "parent, a lawyer or someone from victim support. Your representative only acts "
            "within what you allowed."
        ),
        N_(
            "The person can be told themselves, or a representative can be told for them. A "
            "representative only acts within what the person or support staff allowed."
        ),
        N_(
            "The person can be told themselves, or a representative can be told for them. A "
            "representative only acts within what the person or support staff allowed."
        ),
    )

    def compose(self) -> ComposeResult:
        with RadioSet(id="recipients", compact=True):
            yield TRadioButton(
                Worded(N_("Me"), N_("The person I act for"), N_("The person I am helping"))
            )
            yield TRadioButton(
                Worded(N_("My representative"), N_("The representative"), N_("The representative"))
            )
            yield TRadioButton(
                Worded(
                    N_("Both me and my representative"),
                    N_("Both the person I act for and the representative"),
                    N_("Both the person I am helping and the representative"),
                )
            )
        yield TStatic(self.THROUGH_REPRESENTATIVE, id="recipients-how", classes="note")

    def show_choices(self, choices: PreferenceChoices) -> None:
        _press(self.query_one("#recipients", RadioSet), RECIPIENT_OPTIONS.index(choices.recipients))

    def answers(self, today: dt.date) -> Answers | None:
        value = _radio_value(self.query_one("#recipients", RadioSet), RECIPIENT_OPTIONS)
        return {"recipients": value or Recipients.me}


# --- (d) channels -----------------------------------------------------------------------------

CHANNEL_ORDER = list(ChannelKind)
ADDRESS_HINTS = {
    ChannelKind.app: Msg("nothing to fill in"),
    ChannelKind.email: Worded(
        N_("your e-mail address"), N_("their e-mail address"), N_("their e-mail address")
    ),
    ChannelKind.phone: Worded(
        N_("your phone number"), N_("their phone number"), N_("their phone number")
    ),
    ChannelKind.post: Msg("the address for letters"),
    ChannelKind.in_person: Worded(
        N_("name of your contact person (if you want)"),
        N_("name of their contact person (if wanted)"),
        N_("name of their contact person (if wanted)"),
    ),
}


class ChannelRow(Horizontal):
    def __init__(self, kind: ChannelKind) -> None:
        super().__init__(id=f"channel-{kind.value}", classes="channel-row")
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield Static("", classes="channel-number", markup=False)
        yield TCheckbox(lambda: _first_upper(_(summary.CHANNELS[self.kind])), classes="channel-on")
        if self.kind is not ChannelKind.app:
            # Only a chosen way takes a contact detail: Tab skips the others.
            yield TInput(
                ADDRESS_HINTS[self.kind], classes="channel-address", max_length=300, disabled=True
            )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        for address in self.query(Input):
            address.disabled = not event.value


class ChannelsStep(Step):
    KEY = "channels"
    QUESTION = Worded(
        N_("How should you be told? Put the best way first."),
        N_("How should the person you act for be told? Put the best way first."),
        N_("How should the person you are helping be told? Put the best way first."),
    )
    WHY = Worded(
        N_(
            "Choose one or more ways to reach you, and fill in where we can reach you. The "
            "first way is tried first. Only the people who inform you can see these details."
        ),
        N_(
            "Choose one or more ways to reach the person, and fill in where they can be "
            "reached. The first way is tried first. Only the people who inform can see these "
            "details."
        ),
        N_(
            "Choose one or more ways to reach the person, and fill in where they can be "
            "reached. The first way is tried first. Only the people who inform can see these "
            "details."
        ),
    )
    BINDINGS: ClassVar = [
        Binding("ctrl+up,alt+up", "move(-1)", show=False, id="wizard.move_up"),
        Binding("ctrl+down,alt+down", "move(1)", show=False, id="wizard.move_down"),
    ]

    def compose(self) -> ComposeResult:
        yield TStatic(
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
            row.query_one(TCheckbox).value = row.kind in chosen
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
            if not row.query_one(TCheckbox).value:
                continue
            fields = row.query(Input)
            address = fields.first().value.strip() if fields else ""
            error = draft.check_address(row.kind, address)
            if error is not None:
                message.show(error)
                problem = problem or fields.first()
                continue
            channels.append(Channel(kind=row.kind, address=address or None))
        general = self.query_one("#channels-message", FieldMessage)
        general.clear()
        if problem is not None:
            problem.focus()
            return None
        if not channels:
            general.show(
                Msg("Choose at least one way, or choose 'Decide later' to leave this for now.")
            )
            return None
        return {"channels": channels}


# --- (e) safe contact -------------------------------------------------------------------------

DAY_LABELS = {
    Weekday.mon: Msg("Mon"),
    Weekday.tue: Msg("Tue"),
    Weekday.wed: Msg("Wed"),
    Weekday.thu: Msg("Thu"),
    Weekday.fri: Msg("Fri"),
    Weekday.sat: Msg("Sat"),
    Weekday.sun: Msg("Sun"),
}
SAFE_SWITCHES = {
    "no_voicemail": Msg("Do not leave a voicemail"),
    "no_post_to_home": Worded(
        N_("Do not send post to my home address"),
        N_("Do not send post to their home address"),
        N_("Do not send post to their home address"),
    ),
    "household_must_not_know": Worded(
        N_("Someone in my household must not know about this"),
        N_("Someone in their household must not know about this"),
        N_("Someone in their household must not know about this"),
    ),
}


class SafeContactStep(Step):
    KEY = "safe_contact"
    QUESTION = Worded(
        N_("When and how is it safe to contact you?"),
        N_("When and how is it safe to contact the person you act for?"),
        N_("When and how is it safe to contact the person you are helping?"),
    )
    WHY = Worded(
        N_(
            "Not everyone can be contacted safely at any time. Maybe someone at home must not "
            "know, or may open your post. Tell us what keeps you safe, and we will stick to "
            "it. Leave a field empty if it does not matter to you."
        ),
        N_(
            "Not everyone can be contacted safely at any time. Maybe someone at home must not "
            "know, or may open the person's post. Fill in what keeps the person safe; it will "
            "be stuck to. Leave a field empty if it does not matter."
        ),
        N_(
            "Not everyone can be contacted safely at any time. Maybe someone at home must not "
            "know, or may open the person's post. Fill in what keeps the person safe; it will "
            "be stuck to. Leave a field empty if it does not matter."
        ),
    )

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield TStatic(Msg("Safe times"), classes="field-label")
            yield TInput(Msg("for example: 9:00 to 12:00"), id="hours", max_length=100)
        with Horizontal(classes="field-row days"):
            yield TStatic(Msg("Safe days"), classes="field-label")
            for day, label in DAY_LABELS.items():
                yield TCheckbox(label, id=f"day-{day.value}", classes="day")
        for name, label in SAFE_SWITCHES.items():
            yield TCheckbox(label, id=name)
        with Horizontal(classes="field-row"):
            yield TStatic(Msg("Other address for post"), classes="field-label")
            yield TInput(Msg("if you want"), id="alternative_address", max_length=300)
        with Horizontal(classes="field-row"):
            yield TStatic(Msg("Sender name on letters"), classes="field-label")
            yield TInput(Msg("a neutral name, if you want"), id="discreet_sender", max_length=200)

    def show_choices(self, choices: PreferenceChoices) -> None:
        safe = choices.safe_contact
        self.query_one("#hours", Input).value = safe.hours or ""
        for day in Weekday:
            self.query_one(f"#day-{day.value}", TCheckbox).value = day in safe.days
        for name in SAFE_SWITCHES:
            self.query_one(f"#{name}", TCheckbox).value = getattr(safe, name)
        self.query_one("#alternative_address", Input).value = safe.alternative_address or ""
        self.query_one("#discreet_sender", Input).value = safe.discreet_sender or ""

    def answers(self, today: dt.date) -> Answers | None:
        def text(name: str) -> str | None:
            return self.query_one(f"#{name}", Input).value.strip() or None

        safe = SafeContact(
            hours=text("hours"),
            days=[d for d in Weekday if self.query_one(f"#day-{d.value}", TCheckbox).value],
            alternative_address=text("alternative_address"),
            discreet_sender=text("discreet_sender"),
            **{name: self.query_one(f"#{name}", TCheckbox).value for name in SAFE_SWITCHES},
        )
        return {"safe_contact": safe}


# --- (f) pause --------------------------------------------------------------------------------


class PauseStep(Step):
    KEY = "pause"
    QUESTION = Worded(
        N_("Do you want a pause?"),
        N_("Does the person you act for want a pause?"),
        N_("Does the person you are helping want a pause?"),
    )
    WHY = Worded(
        N_(
            "Perhaps now is not a good time to hear anything. You can ask us to wait until a "
            "date you choose. Until then, nobody will contact you about new findings."
        ),
        N_(
            "Perhaps now is not a good time for the person to hear anything. You can ask to "
            "wait until a date. Until then, nobody will contact them about new findings."
        ),
        N_(
            "Perhaps now is not a good time for the person to hear anything. You can ask to "
            "wait until a date. Until then, nobody will contact them about new findings."
        ),
    )

    def compose(self) -> ComposeResult:
        yield TStatic(
            Worded(
                N_("Nobody contacts you before this date. Leave it empty for no pause."),
                N_("Nobody contacts them before this date. Leave it empty for no pause."),
                N_("Nobody contacts them before this date. Leave it empty for no pause."),
            ),
            classes="note",
        )
        with Horizontal(classes="field-row"):
            yield TStatic(Msg("Not before"), classes="field-label")
            yield TInput(id="paused_until", max_length=10)
        yield TStatic(draft.date_pattern, id="date-pattern", classes="field-hint")
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


DETAIL_STEPS: list[type[Step]] = [
    TopicsStep,
    RecipientsStep,
    ChannelsStep,
    SafeContactStep,
    PauseStep,
]


def _translated_first_upper(text: str) -> str:
    return _first_upper(_(text))
