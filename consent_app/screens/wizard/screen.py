"""The preference questions (whether, about what, to whom, how): one at a time, then a
review, then send.

Nothing is sent until the person confirms on the review. Leaving earlier (Esc on the first
question, or "Leave without sending") asks first, then drops the answers given so far; what
is on the server stays as it was. While the app is locked they are held in memory
(:class:`HeldAnswers`). Confirming puts the change in the outbox first (on disk, encrypted) and only
then tries to send it, so a lost connection loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, ContentSwitcher

from api_client.models import Inform, PreferenceChoices, PreferenceWrite
from consent_app import questions, sending
from consent_app.i18n import Msg, _
from consent_app.messages import Action, message_for
from consent_app.navigation import ScreenName
from consent_app.questions import REVIEW_WHY, SAVE_FAILED
from consent_app.receipts import ReceiptView
from consent_app.review import LOADING, REVIEW_HEADING, REVIEW_QUESTION, review_text
from consent_app.screens.base import BACK_KEY, AppScreen
from consent_app.screens.wizard.steps import DETAIL_STEPS, InformStep, Step
from consent_app.sending import SendResult, WizardStart
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

REVIEW = "review"

__all__ = ["REVIEW_WHY", "SAVE_FAILED", "HeldAnswers", "SendResult", "WizardScreen", "WizardStart"]

LEAVE_QUESTION = Msg(
    "Leave the questions? Your answers here are not sent and not kept. What was recorded "
    "before stays as it was."
)


@dataclass(frozen=True)
class HeldAnswers:
    """Answers in progress, kept in memory (never on disk) while the app is locked, so the
    person returns to the same question after unlocking. Dropped when the session ends."""

    reopen: Callable[[], WizardScreen]
    """A fresh wizard of the same kind for the same record."""
    index: int
    choices: PreferenceChoices
    skipped: frozenset[str]
    chosen: frozenset[str] = frozenset()

    def resume(self) -> WizardScreen:
        """A fresh wizard at the question the person was at, the answers as they were."""
        screen = self.reopen()
        screen.resume_from = self
        return screen


class WizardScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("wizard.tcss")
    HOLDS_PERSONAL_DATA = True
    KEY_HINTS: ClassVar[list[KeyHint]] = [BACK_KEY, ("Ctrl+N", Msg("Next"))]
    BINDINGS: ClassVar = [
        Binding("escape", "back", show=False, id="wizard.back"),
        Binding("ctrl+n", "next", show=False, id="wizard.next"),
        Binding("f3", "later", show=False, id="wizard.later"),
    ]
    PRESS_ACTIONS: ClassVar[dict[str, str]] = {
        "next": "next",
        "later": "later",
        "review-back": "back",
    }
    today: ClassVar[Callable[[], dt.date]] = staticmethod(dt.date.today)

    def __init__(self, start: WizardStart | None = None) -> None:
        super().__init__()
        self.start = start
        self.steps: list[type[Step]] = [InformStep, *DETAIL_STEPS]
        self.index = 0
        self.choices = PreferenceChoices()
        self.skipped: set[str] = set()
        self.chosen: set[str] = set()
        """The questions the person answered here (shown as answered even if never sent)."""
        self.sending = False
        self.resume_from: HeldAnswers | None = None
        self.answered = False
        """Whether the person answered a question here (then leaving asks first)."""

    # --- holding the answers while the app is locked ------------------------------------

    def reopen(self) -> Callable[[], WizardScreen]:
        """How to open this wizard again; a subclass with more to keep overrides it."""
        start = self.start
        return lambda: type(self)(start)

    def hold_answers(self) -> HeldAnswers | None:
        """The answers so far, including the question on screen when it is filled in well."""
        if self.start is None or self.sending:
            return None
        choices, chosen = self.choices, set(self.chosen)
        if not self.on_review:
            key = self.steps[self.index].KEY
            answers = self.query_one(f"#step-{key}", Step).answers(type(self).today())
            if answers is not None:
                choices = choices.model_copy(update=answers)
                chosen.add(key)
        return HeldAnswers(
            self.reopen(), self.index, choices, frozenset(self.skipped), frozenset(chosen)
        )

    @property
    def WHY_WE_ASK(self) -> Msg:  # type: ignore[override]
        if self.on_review:
            return REVIEW_WHY
        return self.steps[self.index].WHY

    @property
    def on_review(self) -> bool:
        return self.index >= len(self.steps)

    # --- layout ----------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(self._progress_text, id="progress", classes="progress")
        yield TranslatedText(self._question_text, id="question", classes="heading")
        with ContentSwitcher(initial=f"step-{InformStep.KEY}", id="steps"):
            for step in self.steps:
                yield step(id=f"step-{step.KEY}", classes="step")
            yield TranslatedText(self._review_text, id=f"step-{REVIEW}", classes="step review")
        yield FieldMessage(id="wizard-message", classes="-general")
        with Horizontal(classes="buttons", id="question-buttons"):
            yield TranslatedButton(Msg("Next"), id="next", compact=True, variant="primary")
            yield TranslatedButton(Msg("Back"), id="back", compact=True)
            yield TranslatedButton(Msg("Decide later"), id="later", compact=True)
        with Horizontal(classes="buttons", id="review-buttons"):
            yield TranslatedButton(
                Msg("Confirm and send"), id="send", compact=True, variant="primary"
            )
            yield TranslatedButton(Msg("Back"), id="review-back", compact=True)
            yield TranslatedButton(Msg("Leave without sending"), id="leave", compact=True)

    def on_mount(self) -> None:
        self.query_one("#steps").display = False
        self._show_buttons()
        if self.start is None:
            self.load()
        else:
            self._started(self.start)

    def _progress_text(self) -> str:
        if self.start is None:
            return str(LOADING)
        if self.on_review:
            return str(REVIEW_HEADING)
        return _("Question %(number)s of %(total)s") % {
            "number": self.index + 1,
            "total": len(self.steps),
        }

    def _question_text(self) -> str:
        if self.start is None:
            return ""
        if self.on_review:
            return str(REVIEW_QUESTION)
        return str(self.steps[self.index].QUESTION)

    def _review_text(self) -> str:
        return review_text(self.choices, self.skipped) if self.on_review else ""

    def _show_buttons(self) -> None:
        loaded = self.start is not None
        self.query_one("#question-buttons").display = loaded and not self.on_review
        self.query_one("#review-buttons").display = loaded and self.on_review

    def _show_step(self) -> None:
        switcher = self.query_one("#steps", ContentSwitcher)
        key = REVIEW if self.on_review else self.steps[self.index].KEY
        switcher.current = f"step-{key}"
        for widget_id in ("progress", "question", f"step-{REVIEW}"):
            self.query_one(f"#{widget_id}", TranslatedText).retranslate()
        self._show_buttons()
        self.query_one("#body").scroll_home(animate=False)
        if self.on_review:
            self.query_one("#send", Button).focus()
        else:
            self.query_one(f"#step-{key}", Step).first_focus().focus()

    # --- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="wizard-load")
    def load(self) -> None:
        app = self.consent_app
        try:
            start = sending.load_start(app.client, app.sync.open_outbox())
        except Exception as error:  # mapped to a calm message; never shown raw
            self.from_worker(self._load_failed, error)
            return
        if start is None:
            self.from_worker(self._no_record)
            return
        self.from_worker(self._started, start)

    def _no_record(self) -> None:
        self.query_one("#wizard-message", FieldMessage).show(
            Msg("There is no record linked to your account yet.")
        )

    def _load_failed(self, error: BaseException) -> None:
        self.query_one("#wizard-message", FieldMessage).show(message_for(error, Action.load).text)

    def _started(self, start: WizardStart) -> None:
        self.start = start
        self.choices = questions.starting_choices(start.waiting or start.document)
        held, self.resume_from = self.resume_from, None
        if held is not None:
            self.choices, self.skipped, self.index = held.choices, set(held.skipped), held.index
            self.chosen = set(held.chosen)
            self.answered = True
        for step in self.steps:
            self._show_answer(self.query_one(f"#step-{step.KEY}", Step))
        if held is None and self.choices.inform is Inform.undecided and start.document.version == 0:
            self.query_one(f"#step-{InformStep.KEY}", Step).query_one("RadioSet").focus()
        self.query_one("#steps").display = True
        self._show_step()

    def _show_answer(self, step: Step) -> None:
        """Fill ``step`` from the working choices. A question nobody answered shows no answer
        chosen: a record's default is not something the person chose."""
        step.show_choices(self.choices)
        unanswered = self.start.unanswered if self.start is not None else frozenset()
        if step.KEY in unanswered and step.KEY not in self.chosen:
            step.show_nothing_chosen()

    # --- moving between questions ----------------------------------------------------------

    def action_next(self) -> None:
        if self.start is None or self.sending:
            return
        if self.on_review:
            self.send_pressed()
            return
        step = self.query_one(f"#step-{self.steps[self.index].KEY}", Step)
        answers = step.answers(type(self).today())
        if answers is None:
            return
        self.choices = self.choices.model_copy(update=answers)
        self.skipped.discard(step.KEY)
        self.chosen.add(step.KEY)
        self.answered = True
        self._go(self.index + 1)

    def action_later(self) -> None:
        if self.start is None or self.on_review or self.sending:
            return
        self.answered = True
        key = self.steps[self.index].KEY
        # The first question becomes "not decided"; any other stays as recorded before.
        self.choices = questions.decide_later(
            self.choices, key, self.start.waiting or self.start.document
        )
        step = self.query_one(f"#step-{key}", Step)
        if key == InformStep.KEY:  # "not decided yet" is the answer chosen
            self.chosen.add(key)
            step.show_choices(self.choices)
            self._go(len(self.steps))
            return
        self.skipped.add(key)
        self.chosen.discard(key)
        self._show_answer(step)
        self._go(self.index + 1)

    def action_back(self) -> None:
        if self.sending:
            return
        if self.start is None or self.index == 0:
            self.leave()
            return
        if self.on_review and self.choices.inform is not Inform.yes:
            self._go(0)
            return
        self._go(self.index - 1)

    def _go(self, index: int) -> None:
        if index > 0 and not self.on_review and questions.only_inform_applies(self.choices):
            index = len(self.steps)  # "no" or "later": the detail questions do not apply
        self.index = index
        self.query_one("#wizard-message", FieldMessage).clear()
        self._show_step()

    @on(Button.Pressed, "#leave")
    def leave_pressed(self) -> None:
        self.leave()

    def leave(self) -> None:
        """Leave without sending; ask first when answers would be lost."""
        if self.start is None or not self.answered:
            self.dismiss()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss()

        self.consent_app.open_screen(
            ScreenName.confirm,
            LEAVE_QUESTION,
            Msg("Yes, leave without sending"),
            Msg("No, go on answering"),
            callback=confirmed,
        )

    # --- sending ---------------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    def send_pressed(self) -> None:
        if self.start is None or self.sending or not self.ready_to_send():
            return
        self.sending = True
        self.query_one("#send", Button).disabled = True
        self.query_one("#wizard-message", FieldMessage).show(Msg("Saving…"))
        self.send(self.start, self.build_write())

    def ready_to_send(self) -> bool:
        """Hook: a subclass may ask for one more confirmation first (assisted entry)."""
        return True

    def build_write(self) -> PreferenceWrite:
        """What is sent; a subclass may add to it (assisted entry adds ``assisted``)."""
        return questions.as_write(self.choices)

    @work(thread=True, exclusive=True, group="wizard-send")
    def send(self, start: WizardStart, write: PreferenceWrite) -> None:
        sync = self.consent_app.sync
        try:  # the disk or the keyring may fail here: then nothing was sent, nothing lost
            outbox = sync.open_outbox()
            engine = sync.engine_for(start.account_id)
        except Exception:
            self.from_worker(self._not_saved)
            return
        try:
            result, report = sending.send(self.consent_app.client, outbox, engine, start, write)
        except sending.NotKept:
            self.from_worker(self._not_saved)
            return
        self.from_worker(self._sent, result)
        self.from_worker(sync.after_flush, report)

    def _not_saved(self) -> None:
        self.sending = False
        self.query_one("#send", Button).disabled = False
        self.query_one("#wizard-message", FieldMessage).show(SAVE_FAILED)

    def _sent(self, result: SendResult) -> None:
        view = ReceiptView.after_sending(
            result.choices, result.receipt, result.state, result.durable
        )
        self.consent_app.replace_screen(ScreenName.receipt, view)
