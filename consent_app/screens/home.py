"""Home: the current choices in plain words, whether they are saved, and what to do next."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from api_client import errors
from api_client.models import Preferences, SubjectAccess
from consent_app import inbox, summary
from consent_app.i18n import Msg, _
from consent_app.messages import Action, message_for
from consent_app.navigation import ScreenName
from consent_app.record_context import own_subject
from consent_app.screens.base import AppScreen
from consent_app.screens.home_panels import OthersPanel, SyncPanel
from consent_app.screens.unreadable_outbox import UnreadableOutboxNotice
from consent_app.sync_service import SyncService
from consent_app.sync_state import status_line
from consent_app.widgets.button_row import button_row, message_and_buttons
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.key_bar import KeyHint
from consent_app.widgets.translatable import TranslatedButton, TranslatedText

REASK = Msg("The questions have changed: please check your answers.")


class HomeScreen(AppScreen):
    KEY_HINTS: ClassVar[list[KeyHint]] = []  # a mode's first screen: no going back
    CSS_PATH = Path(__file__).with_name("home.tcss")
    HOLDS_PERSONAL_DATA = True
    OPENS: ClassVar[dict[str, ScreenName]] = {
        "history": ScreenName.history,
        "representatives": ScreenName.representatives,
        "access-log": ScreenName.access_log,
        "inbox": ScreenName.inbox,
        "inbox-read": ScreenName.inbox,
        "account": ScreenName.account,
    }
    WHY_WE_ASK: ClassVar[Msg] = Msg(
        'Here you see what you chose about being informed. "Sent" means the people who '
        "inform you can see your choices. You can change them at any time, and you may "
        "also leave a question for later."
    )

    def __init__(self) -> None:
        super().__init__()
        self.preferences: Preferences | None = None
        self.loaded = False
        self.no_subject = False
        self.load_error: Msg | None = None
        self.unread: int | None = None
        self.questions_changed = False

    def compose_body(self) -> ComposeResult:
        yield UnreadableOutboxNotice(id="unreadable-notice")
        with Vertical(id="prompts"):
            with Horizontal(id="inbox-row", classes="prompt"):
                yield TranslatedText(self._inbox_text, id="inbox-count")
                yield TranslatedButton(Msg("Open"), id="inbox-read", compact=True)
            with Horizontal(id="reask", classes="prompt"):
                yield TranslatedText(REASK, id="reask-text")
                yield TranslatedButton(Msg("Look again"), id="reask-open", compact=True)
        yield TranslatedText(Msg("Your choices"), classes="heading")
        yield TranslatedText(self._summary_text, id="summary")
        yield TranslatedText(self._version_text, id="version", classes="note")
        yield TranslatedText(self._sync_text, id="sync")
        yield SyncPanel(id="sync-panel")
        yield OthersPanel(id="others")
        yield from message_and_buttons(
            (Msg("Change my choices"), "change"),
            (Msg("History"), "history"),
            (Msg("Account"), "account"),
            (Msg("Log out"), "logout"),
            primary="change",
        )
        yield button_row(
            (Msg("Representatives"), "representatives"),
            (Msg("Who looked at my record"), "access-log"),
            (Msg("Messages"), "inbox"),
        )

    def on_mount(self) -> None:
        self.query_one("#prompts").display = False
        # The safe, expected first key: Enter opens the questions (the wizard loads the record
        # itself), never "Log out", even while the record is still loading.
        self.query_one("#change", Button).focus()
        self.load()

    def on_screen_resume(self) -> None:
        # Back from the wizard: show what is on the server now.
        if self.loaded:
            self.load()

    # --- texts ---------------------------------------------------------------------------

    def _summary_text(self) -> str:
        if not self.loaded:
            return _("Loading your choices…")
        if self.no_subject:
            return _("There is no record linked to your account yet.")
        if self.preferences is None:
            return ""
        return summary.as_text(summary.summary_lines(self.preferences))

    def _version_text(self) -> str:
        if not self.loaded or self.preferences is None:
            return ""
        return summary.version_line(self.preferences)

    def _sync_text(self) -> str:
        if not self.loaded:
            return ""
        status = self.consent_app.sync.status_or_none()
        if status is not None and status.overall != "sent":
            return status_line(status)
        if self.load_error is not None:
            return _("✗ Not up to date: your choices could not be loaded.")
        if self.preferences is None or self.preferences.version == 0:
            return ""  # nothing recorded yet, so nothing to send
        return _("✓ Sent: the people who inform you can see these choices.")

    def _inbox_text(self) -> str:
        return inbox.count_text(self.unread) if self.unread else ""

    def on_language_changed(self) -> None:
        self._refresh_texts()

    def _refresh_texts(self) -> None:
        self.query_one("#inbox-count", TranslatedText).retranslate()
        self.query_one("#inbox-row").display = bool(self.unread)
        self.query_one("#reask").display = self.questions_changed
        self.query_one("#prompts").display = bool(self.unread) or self.questions_changed
        for widget_id in ("summary", "version", "sync"):
            self.query_one(f"#{widget_id}", TranslatedText).retranslate()
        self.query_one("#message", FieldMessage).show(self.load_error)
        self.query_one("#change", Button).disabled = self.preferences is None

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="home-load")
    def load(self) -> None:
        client = self.consent_app.client
        try:
            subject = own_subject(client.me())
            preferences = None
            if subject is not None:
                preferences = client.get_preferences(subject.subject_id)
        except Exception as error:  # mapped to a calm message; never shown raw
            self.from_worker(self._load_failed, error)
            return
        self.from_worker(self._loaded, subject, preferences)

    @on(SyncService.Changed)
    def sync_changed(self, event: SyncService.Changed) -> None:
        """After each flush: new state, and new choices once sent."""
        report = event.report
        if not self.is_mounted:
            return
        self.query_one("#sync", TranslatedText).retranslate()
        self.query_one(SyncPanel).update_state()
        if report is not None and (report.sent or report.reapplied) and self.loaded:
            self.load()

    def _loaded(self, subject: SubjectAccess | None, preferences: Preferences | None) -> None:
        if self.load_error is not None:
            self.consent_app.sync.reconnected()  # the server answers again: send what waits
        self.loaded = True
        self.questions_changed = subject is not None and subject.questions_changed
        if subject is not None:
            self.count_unread()
        self.no_subject = subject is None
        self.preferences = preferences
        self.load_error = None
        self._refresh_texts()
        if preferences is not None and subject is not None:
            self.query_one(OthersPanel).check(subject.subject_id, preferences)
        if preferences is not None:
            self.query_one("#change", Button).focus()

    def count_unread(self) -> None:
        """After the choices (they matter more): how many messages are new."""
        self.call_api(
            lambda: inbox.unread_count(self.consent_app.client),
            self._counted,
            group="home-inbox",
            failed=lambda _text: None,  # shown again on the next load
        )

    def _counted(self, unread: int) -> None:
        self.unread = unread
        self._refresh_texts()

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, errors.AuthenticationError):
            self.consent_app.end_session()
            self.consent_app.show_login(message=message_for(error, Action.load).text)
            return
        self.loaded = True
        self.load_error = message_for(error, Action.load).text
        self._refresh_texts()

    # --- actions -------------------------------------------------------------------------

    @on(Button.Pressed, "#change, #reask-open")
    def change(self) -> None:
        self.consent_app.action_open_wizard()
