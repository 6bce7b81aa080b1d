"""The parts of the home screen about sending and about other people's changes.

- :class:`SyncPanel`: what the sync did on the person's behalf (notices, acknowledged with a
  button) and changes that need the person's decision (opens the conflict screen).
- :class:`OthersPanel`: "your representative changed X on <date>: keep?" with keep / undo.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from api_client.models import Preferences, PreferenceWrite
from consent_app import changes_by_others
from consent_app.i18n import Msg, _, current_language
from consent_app.navigation import ScreenName
from consent_app.screens.base import InConsentApp
from consent_app.widgets.button_row import button_row
from consent_app.widgets.translatable import TranslatedText

if TYPE_CHECKING:
    from consent_app.conflicts import MergeChoice
    from consent_app.outbox import OutboxEntry


class SyncPanel(InConsentApp, Vertical):
    """Notices from the sync and decisions it needs; hidden when there are none."""

    def compose(self) -> ComposeResult:
        yield TranslatedText(self._notice_text, id="notices")
        yield button_row((Msg("I have read this"), "acknowledge"), (Msg("Decide now"), "decide"))

    def on_mount(self) -> None:
        self.update_state()

    def _notice_text(self) -> str:
        outbox = self.consent_app.sync.outbox
        if outbox is None:
            return ""
        return "\n".join(f"! {notice.message()}" for notice in outbox.notices())

    def update_state(self) -> None:
        if not self.children:  # not composed yet: on_mount comes back here
            return
        outbox = self.consent_app.sync.outbox
        notices = bool(outbox and outbox.notices())
        decisions = bool(outbox and outbox.needs_decision())
        self.query_one("#notices", TranslatedText).retranslate()
        self.query_one("#notices").display = notices
        self.query_one("#acknowledge").display = notices
        self.query_one("#decide").display = decisions
        self.display = notices or decisions

    @on(Button.Pressed, "#acknowledge")
    def acknowledge(self) -> None:
        outbox = self.consent_app.sync.outbox
        if outbox is not None:
            ids = [notice.notice_id for notice in outbox.notices()]
            self._acknowledge(ids)

    @work(thread=True, exclusive=True, group="home-notices")
    def _acknowledge(self, notice_ids: list[uuid.UUID]) -> None:
        outbox = self.consent_app.sync.open_outbox()
        for notice_id in notice_ids:  # a file write each: never on the UI thread
            outbox.acknowledge(notice_id)
        self.app.call_from_thread(self.update_state)

    @on(Button.Pressed, "#decide")
    def decide(self) -> None:
        outbox = self.consent_app.sync.outbox
        waiting = outbox.needs_decision() if outbox is not None else []
        if not waiting:
            return
        entry = waiting[0]
        current = entry.current
        if current is None:
            return
        self.consent_app.open_screen(
            ScreenName.conflict,
            entry.outgoing().write,
            current,
            base=entry.base,
            callback=lambda choice: self._decided(entry, choice),
        )

    def _decided(self, entry: OutboxEntry, choice: MergeChoice | None) -> None:
        if choice is not None:
            self._resolve(entry.entry_id, choice)

    @work(thread=True, exclusive=True, group="home-resolve")
    def _resolve(self, entry_id: uuid.UUID, choice: MergeChoice) -> None:
        sync = self.consent_app.sync
        sync.open_outbox().resolve(entry_id, choice)
        engine = sync.engine
        report = sync.flush_now(engine) if engine is not None else None
        self.app.call_from_thread(sync.after_flush, report)


class OthersPanel(InConsentApp, Vertical):
    """Shows the newest change someone else made since the person's last visit."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.change: changes_by_others.ChangeByOthers | None = None
        self.document: Preferences | None = None
        self._seen_key: tuple[str, uuid.UUID] | None = None

    def compose(self) -> ComposeResult:
        yield TranslatedText(self._text, id="others-text")
        yield button_row((Msg("Keep this change"), "keep"), (Msg("Undo this change"), "undo"))

    def on_mount(self) -> None:
        self.display = False

    def _text(self) -> str:
        return changes_by_others.describe(self.change) if self.change is not None else ""

    def check(self, subject_id: uuid.UUID, document: Preferences) -> None:
        """Look at the history for changes by others (after home loaded the record)."""
        username = self.consent_app.session.username if self.consent_app.session else ""
        self._seen_key = (username, subject_id)
        self.document = document
        self._check(subject_id, self.consent_app.sync.last_seen.get(self._seen_key))

    @work(thread=True, exclusive=True, group="home-others")
    def _check(self, subject_id: uuid.UUID, last_seen: int | None) -> None:
        try:
            page = self.consent_app.client.history(subject_id, limit=50)
        except Exception:  # the summary above still shows what is recorded
            return
        change = changes_by_others.change_by_others(page.items, last_seen)
        self.app.call_from_thread(self._show, change)

    def _show(self, change: changes_by_others.ChangeByOthers | None) -> None:
        if not self.is_attached:
            return
        self.change = change
        if change is None and self.document is not None:
            self._remember_seen(self.document.version)
        self.query_one("#others-text", TranslatedText).retranslate()
        self.display = change is not None

    def _remember_seen(self, version: int) -> None:
        if self._seen_key is not None:
            self.consent_app.sync.last_seen[self._seen_key] = version

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        if self.change is not None:
            self._remember_seen(self.change.version)
        self._show(None)

    @on(Button.Pressed, "#undo")
    def undo(self) -> None:
        change, document = self.change, self.document
        if change is None or document is None:
            return
        write = PreferenceWrite(**change.before.model_dump(), questions_locale=current_language())
        self._remember_seen(change.version)
        self._show(None)
        self._undo(document, write)

    @work(thread=True, exclusive=True, group="home-undo")
    def _undo(self, document: Preferences, write: PreferenceWrite) -> None:
        app = self.consent_app
        sync = app.sync
        try:
            engine = sync.engine or sync.engine_for(app.client.me().account.id)
            account_id = engine.account_id
            outbox = sync.open_outbox()
            outbox.enqueue(
                document.subject_id,
                write,
                base_version=document.version,
                base=document,
                account_id=account_id,
            )
        except Exception:  # offline before it was kept: say so, keep the change visible
            self.app.call_from_thread(self._undo_failed)
            return
        report = sync.flush_now(engine)
        self.app.call_from_thread(sync.after_flush, report)

    def _undo_failed(self) -> None:
        self.app.notify(
            _("The change could not be undone right now. Please try again later."),
            markup=False,
        )
