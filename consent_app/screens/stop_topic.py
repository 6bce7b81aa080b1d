""" "No more messages about this": the questions, opened at the topics, with the current
answers minus the topic(s) of the message. It ends as every change does: review, confirm,
send, receipt. Nothing changes unless the person confirms.
"""

from __future__ import annotations

from collections.abc import Callable

from api_client.models import PreferenceChoices
from consent_app.outbox import EntryState
from consent_app.screens.wizard.screen import SendResult, WizardScreen, WizardStart
from consent_app.screens.wizard.steps import Step, TopicsStep


class StopTopicWizard(WizardScreen):
    def __init__(self, topics: set[str], *, on_sent: Callable[[PreferenceChoices], object]) -> None:
        """``topics``: the topics to switch off; ``on_sent`` runs once the change is sent."""
        super().__init__()
        self.topics_to_stop = topics
        self.on_sent = on_sent

    def _started(self, start: WizardStart) -> None:
        super()._started(start)
        self.choices = self.choices.model_copy(
            update={
                "topics": self.choices.topics.model_copy(
                    update=dict.fromkeys(self.topics_to_stop, False)
                )
            }
        )
        self.query_one(f"#step-{TopicsStep.KEY}", Step).show_choices(self.choices)
        self.index = self.steps.index(TopicsStep)
        self._show_step()

    def _sent(self, result: SendResult) -> None:
        if result.state is EntryState.sent:
            self.on_sent(result.choices)
        super()._sent(result)
