"""The questions answered by choosing: whether to be told, about what, who is told, and how
often."""

from __future__ import annotations

import datetime as dt
from functools import partial

from textual.app import ComposeResult
from textual.widgets import Checkbox

from api_client.models import Frequency, PreferenceChoices, Reassurance, Topics
from consent_app import questions, summary
from consent_app.i18n import Msg
from consent_app.screens.wizard.step import Answers, RadioStep, Step, translated_first_upper
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.toggles import TranslatedCheckbox
from consent_app.widgets.translatable import TranslatedText

# --- (a) inform -------------------------------------------------------------------------------


class InformStep(RadioStep):
    ASKS = questions.INFORM
    FIELD = "inform"
    OPTIONS = questions.INFORM_CHOICES
    MISSING = questions.CHOOSE_AN_ANSWER


# --- (b) topics -------------------------------------------------------------------------------


class TopicsStep(Step):
    ASKS = questions.TOPICS

    def compose(self) -> ComposeResult:
        yield TranslatedText(Msg("Press space to switch a choice on or off."), classes="note")
        # Nothing is ticked beforehand: consent is an active choice. "All of these" is one.
        yield TranslatedCheckbox(Msg("All of these"), id="topic-all")
        for name, text in summary.TOPICS.items():
            yield TranslatedCheckbox(
                partial(translated_first_upper, text), id=f"topic-{name}", classes="topic"
            )
        yield FieldMessage(id="topics-message", classes="-general")

    def _topic_boxes(self) -> list[TranslatedCheckbox]:
        return [self.query_one(f"#topic-{name}", TranslatedCheckbox) for name in summary.TOPICS]

    def show_choices(self, choices: PreferenceChoices) -> None:
        with self.prevent(Checkbox.Changed):
            for name, box in zip(summary.TOPICS, self._topic_boxes(), strict=True):
                box.value = getattr(choices.topics, name)
            self.query_one("#topic-all", TranslatedCheckbox).value = all(
                box.value for box in self._topic_boxes()
            )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#topics-message", FieldMessage).clear()
        with self.prevent(Checkbox.Changed):
            if event.checkbox.id == "topic-all":
                for box in self._topic_boxes():
                    box.value = event.value
            else:
                self.query_one("#topic-all", TranslatedCheckbox).value = all(
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


class RecipientsStep(RadioStep):
    ASKS = questions.RECIPIENTS
    FIELD = "recipients"
    OPTIONS = questions.RECIPIENT_CHOICES
    MISSING = Msg("Please choose who is told, or choose 'Decide later'.")

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield TranslatedText(questions.THROUGH_REPRESENTATIVE, id="recipients-how", classes="note")


# --- (d2) volume: how often ------------------------------------------------------------------


class VolumeStep(RadioStep):
    """New in question texts version 2: someone who answered version 1 was never asked, so
    nothing is chosen for them (the wizard leaves it empty; see ``WizardStart``)."""

    ASKS = questions.VOLUME
    FIELD = "frequency"
    OPTIONS = tuple(
        (value, partial(translated_first_upper, summary.FREQUENCY[value])) for value in Frequency
    )
    MISSING = questions.CHOOSE_HOW_OFTEN

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield TranslatedText(questions.REASSURANCE_NOTE, classes="note")
        yield TranslatedCheckbox(questions.REASSURANCE_YES, id="reassurance")

    def show_choices(self, choices: PreferenceChoices) -> None:
        super().show_choices(choices)
        self.query_one("#reassurance", TranslatedCheckbox).value = (
            choices.reassurance is Reassurance.yearly
        )

    def answers(self, today: dt.date) -> Answers | None:
        answers = super().answers(today)
        if answers is not None:
            yearly = self.query_one("#reassurance", TranslatedCheckbox).value
            answers["reassurance"] = Reassurance.yearly if yearly else Reassurance.none
        return answers
