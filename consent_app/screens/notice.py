"""One message: what was found (the fixed, calm wording per kind), what it means, what can
be done and by when, and the answers. Opening it tells the server it was read.

A representative reads it as acting for the person: the texts say "the person you
represent", never "you". "No more messages about this" opens the questions at the topics,
for the victim; from a representative it is passed on as an answer only.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from api_client.models import PreferenceChoices
from api_client.notices import Notice, NoticeResponse, ResponseKind
from consent_app import inbox, notice_page
from consent_app.i18n import Msg
from consent_app.navigation import ScreenName
from consent_app.notice_page import NOTICE_WHY
from consent_app.screens.base import AppScreen
from consent_app.widgets.button_row import button_row
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.translatable import TranslatedButton, TranslatedText


class NoticeScreen(AppScreen):
    CSS_PATH = Path(__file__).with_name("notice.tcss")
    HOLDS_PERSONAL_DATA = True
    WHY_WE_ASK: ClassVar[Msg] = NOTICE_WHY

    def __init__(self, notice: Notice, label: str | None = None) -> None:
        """``label``: the record's reference, when a representative reads it."""
        super().__init__()
        self.notice = notice
        self.label = label
        self.answered: list[ResponseKind] = list(notice.responses)
        self.next_step: ResponseKind | None = None

    @property
    def for_representative(self) -> bool:
        return notice_page.for_representative(self.notice)

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(lambda: inbox.title(self.notice), id="title", classes="heading")
        yield TranslatedText(self._addressed, id="addressed", classes="note")
        yield TranslatedText(self._what, id="what")
        yield TranslatedText(Msg("What can be done"), id="ways-heading", classes="subheading")
        yield TranslatedText(self._ways, id="ways")
        yield FieldMessage(id="message", classes="-general")
        with Vertical(id="answers"):
            for kind in inbox.actions_of(self.notice):
                yield TranslatedButton(
                    partial(self._answer_label, kind),
                    id=f"answer-{kind.value}",
                    compact=True,
                    classes="answer",
                )
        yield TranslatedText(self._after, id="after", classes="note")
        yield button_row((Msg("Back"), "back"))

    def on_mount(self) -> None:
        self._refresh_answers()
        self.query_one("#back", Button).focus(scroll_visible=False)
        # Start reading at the top, whatever has the focus.
        self.call_after_refresh(self.query_one("#body").scroll_home, animate=False)
        if self.notice.read_at is None:
            self.call_api(
                lambda: self.consent_app.client.respond_to_notice(
                    self.notice.id, ResponseKind.read
                ),
                lambda _response: None,
                group="notice-read",
            )

    # --- texts -----------------------------------------------------------------------------

    def _addressed(self) -> str:
        return notice_page.addressed(self.notice, self.label)

    def _what(self) -> str:
        return notice_page.what_was_found(self.notice)

    def _ways(self) -> str:
        return notice_page.ways_forward(self.notice)

    def _after(self) -> str:
        if self.next_step is None:
            return ""
        return notice_page.after_answer(self.notice, self.next_step)

    def _answer_label(self, kind: ResponseKind) -> str:
        return notice_page.answer_label(kind, self.answered)

    def on_language_changed(self) -> None:
        self._refresh_answers()

    def _refresh_answers(self) -> None:
        self.query_one("#after").display = self.next_step is not None
        for button in self.query(".answer").results(TranslatedButton):
            button.retranslate()
            button.refresh(layout=True)  # a longer label needs a wider button

    # --- answering -------------------------------------------------------------------------

    @on(Button.Pressed, ".answer")
    def answer_pressed(self, event: Button.Pressed) -> None:
        kind = ResponseKind((event.button.id or "").removeprefix("answer-"))
        if kind is ResponseKind.stop_this_topic and not self.for_representative:
            self._stop_topic()
            return
        self.send_answer(kind)

    def send_answer(self, kind: ResponseKind) -> None:
        self.query_one("#message", FieldMessage).show(Msg("Sending…"))
        self.call_api(
            lambda: self.consent_app.client.respond_to_notice(self.notice.id, kind),
            self._answered,
            group="notice-answer",
        )

    def _answered(self, response: NoticeResponse) -> None:
        self.query_one("#message", FieldMessage).clear()
        if response.kind not in self.answered:
            self.answered.append(response.kind)
        self.next_step = response.kind
        self.query_one("#after", TranslatedText).retranslate()
        self._refresh_answers()
        # Show what happens next (it sits just above "Back").
        self.call_after_refresh(self.query_one("#body").scroll_end, animate=False)

    def _stop_topic(self) -> None:
        topics = inbox.topics_of(self.notice)
        self.consent_app.open_screen(ScreenName.stop_topic, topics, on_sent=self._topic_stopped)

    def _topic_stopped(self, sent: PreferenceChoices) -> None:
        """The new version is sent; tell the people who inform, if the topic is off in it."""
        if all(not getattr(sent.topics, topic) for topic in inbox.topics_of(self.notice)):
            self.send_answer(ResponseKind.stop_this_topic)
