"""The plain line mode's dialogue: language and safety note, register or log in, then the
person's own record (choices, history and receipts, representatives, account, sending).

Every failure becomes a line from ``consent_app.messages``; every check is the one the
screens use. Blocking calls run in the one thread there is: the person waits for the answer,
and is told so when it takes a moment.
"""

from __future__ import annotations

import contextlib
import uuid
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from api_client import activation_code, errors
from api_client.models import (
    Me,
    PreferenceChoices,
    Preferences,
    PreferenceWrite,
    SubjectAccess,
)
from consent_app import (
    account_checks,
    conflicts,
    help_texts,
    questions,
    receipts,
    sending,
    summary,
)
from consent_app import changes_by_others as others  # the module was others.py
from consent_app.i18n import Msg, _, current_language
from consent_app.messages import Action, Field, message_for
from consent_app.outbox import Outbox
from consent_app.plain import account, record_pages
from consent_app.plain.console import Back, Console, Failed, IdleLock, Leave, LoggedOut
from consent_app.plain.start import PLAIN_HELP
from consent_app.plain.wizard import PlainWizard, review
from consent_app.record_context import own_subject
from consent_app.sync import SyncEngine
from consent_app.sync_state import status_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from api_client import ConsentClient
    from consent_app.settings import AppSettings


NOT_FOR_THIS_ACCOUNT = Msg(
    "The plain mode can only show a record of your own. Please use the full app "
    "(consent-app without --plain) to act for someone else, or as support staff."
)
T = TypeVar("T")
PLEASE_WAIT = Msg("One moment, please…")


class PlainSession:
    def __init__(
        self,
        console: Console,
        settings: AppSettings,
        client: ConsentClient,
        open_outbox: Callable[[], Outbox],
    ) -> None:
        self.console = console
        self.settings = settings
        self.client = client
        self._open_outbox = open_outbox
        self._outbox: Outbox | None = None
        self.engine: SyncEngine | None = None
        self.last_seen: dict[uuid.UUID, int] = {}
        """Per record: the newest version the person has seen (memory only, as in the app)."""

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:
            self._outbox = self._open_outbox()
        return self._outbox

    # --- start ------------------------------------------------------------------------------

    def run(self) -> None:
        """After the greeting (``plain.start``), until the person leaves (:class:`Leave`
        propagates to the caller)."""
        while True:
            self.console.heading(Msg("What do you want to do?"))
            index = self.console.choose(
                [Msg("Log in"), Msg("Register with an activation code")],
                why=help_texts.START_WHY,
                back=False,
            )
            try:
                username = self.log_in() if index == 0 else self.register()
            except Back:
                continue
            if username is None:
                continue
            self.console.idle_lock = IdleLock(
                self.settings.auto_lock_seconds, self._forget_tokens, partial(self.unlock, username)
            )
            try:
                self.home()
            except LoggedOut:
                self.forget_session()

    def forget_session(self) -> None:
        self.console.idle_lock = None
        self.engine = None
        self.last_seen.clear()
        self._forget_tokens()

    def _forget_tokens(self) -> None:
        with contextlib.suppress(Exception):
            self.client.set_tokens(None)

    def unlock(self, username: str) -> None:
        """After a while without input: the passphrase again before anything else is used."""
        console = self.console
        console.heading(Msg("The app is locked"))
        console.say(Msg("To continue, type your passphrase."))
        while True:
            passphrase = console.secret(Msg("Passphrase"))
            if not passphrase:
                console.say(Msg("Please fill in your passphrase."))
                continue
            try:
                self.client.login(username, passphrase)
            except Exception as error:  # mapped to a calm message; never shown raw
                console.say(message_for(error, Action.login).text)
                continue
            return

    def _wait(self) -> None:
        self.console.say(PLEASE_WAIT)

    # --- register and log in ----------------------------------------------------------------

    def register(self) -> str | None:
        console = self.console
        console.heading(Msg("Register"))
        why = help_texts.REGISTER_WHY

        def code_check(text: str) -> tuple[str | None, Msg | None]:
            problem = account_checks.check_code(text)
            return (None, problem) if problem else (activation_code.normalise(text), None)

        def username_check(text: str) -> tuple[str | None, Msg | None]:
            problem = account_checks.check_username(text)
            return (None, problem) if problem else (text.strip(), None)

        def ask_code() -> str:
            console.say(Msg("Activation code"))
            return console.ask_checked(code_check, why=why)

        def ask_username() -> str:
            console.say(Msg("Choose a username"))
            return console.ask_checked(username_check, why=why)

        def ask_passphrase() -> str:
            return self.new_passphrase(Msg("Choose a passphrase"), Msg("Repeat the passphrase"))

        code, username, passphrase = ask_code(), ask_username(), ask_passphrase()
        while True:
            self._wait()
            try:
                self.client.register(code, username, passphrase)
                break
            except Exception as error:  # mapped to a calm message; never shown raw
                message = message_for(error, Action.register)
            console.say(message.text)
            # Only the field the server refused is asked again; the others are kept.
            if message.field is Field.activation_code:
                code = ask_code()
            elif message.field is Field.username:
                username = ask_username()
            elif message.field is Field.passphrase:
                passphrase = ask_passphrase()
            else:
                return None
        try:
            self.client.login(username, passphrase)
        except Exception as error:
            console.say(message_for(error, Action.login).text)
            return None
        return username

    def new_passphrase(self, first: Msg, again: Msg) -> str:
        while True:
            passphrase = self.console.secret(first)
            problem = account_checks.check_new_passphrase(passphrase)
            if problem is not None:
                self.console.say(problem)
                continue
            repeat = self.console.secret(again)
            problem = account_checks.check_repeat(passphrase, repeat)
            if problem is None:
                return passphrase
            self.console.say(problem)

    def log_in(self) -> str | None:
        console = self.console
        console.heading(Msg("Log in"))
        why = help_texts.LOGIN_WHY

        def username_check(text: str) -> tuple[str | None, Msg | None]:
            return (text, None) if text else (None, Msg("Please fill in your username."))

        while True:
            console.say(Msg("Username"))
            username = console.ask_checked(username_check, why=why)
            passphrase = ""
            while not passphrase:
                passphrase = console.secret(Msg("Passphrase"))
                if not passphrase:
                    console.say(Msg("Please fill in your passphrase."))
            console.say(Msg("Logging in…"))
            try:
                self.client.login(username, passphrase)
            except Exception as error:  # mapped to a calm message; never shown raw
                message = message_for(error, Action.login)
                console.say(message.text)
                if message.field in (Field.passphrase, Field.username):
                    continue
                return None
            return username

    # --- home ---------------------------------------------------------------------------------

    def _load(self) -> tuple[Me, SubjectAccess | None, Preferences | None]:
        me = self.client.me()
        subject = own_subject(me)
        preferences = None
        if subject is not None and subject.relation == "self":
            preferences = self.client.get_preferences(subject.subject_id)
        return me, subject, preferences

    def fetch(self, call: Callable[[], T], action: Action = Action.load) -> T:
        """The result of ``call``; on failure the calm line is written and :class:`Failed`
        raised (:class:`LoggedOut` when the server ended the session)."""
        try:
            return call()
        except errors.AuthenticationError as error:
            self.console.say(message_for(error, action).text)
            raise LoggedOut from None
        except Exception as error:  # mapped to a calm message; never shown raw
            self.console.say(message_for(error, action).text)
            raise Failed from None

    def home(self) -> None:
        console = self.console
        try:
            me, subject, preferences = self.fetch(self._load)
        except Failed:
            raise LoggedOut from None
        if subject is None or subject.relation != "self" or preferences is None:
            console.say(
                NOT_FOR_THIS_ACCOUNT
                if subject is not None
                else Msg("There is no record linked to your account yet.")
            )
            self.log_out()
            return
        self.engine = SyncEngine(self.outbox, self.client, account_id=me.account.id)
        self._flush()
        shown: int | None = None  # the version whose summary was written last
        while True:
            if preferences.version != shown:  # the summary again only when it changed
                console.heading(Msg("Your choices"))
                console.say(summary.as_text(summary.summary_lines(preferences)))
                console.say(summary.version_line(preferences))
                shown = preferences.version
                self.changes_by_others(preferences)
            else:
                console.heading(Msg("What do you want to do?"))
            console.say(status_line(self.engine.status()))
            self._notices()
            subject_id = subject.subject_id
            menu: list[tuple[Msg, Callable[[], None]]] = [
                (Msg("Change my choices"), partial(self.change, subject_id)),
                (Msg("Show all details"), partial(self.details, preferences)),
                (Msg("History"), partial(self.history, subject_id)),
                (Msg("Representatives"), partial(record_pages.representatives, self, subject_id)),
                (
                    Msg("Who looked at my record"),
                    partial(record_pages.access_log, self, subject_id),
                ),
                (Msg("Account"), partial(account.account, self)),
                (Msg("Send waiting changes now"), self._flush),
                (Msg("Log out"), self.log_out),
            ]
            if self.outbox.needs_decision():
                menu.insert(0, (Msg("Choose what to keep"), self.decide))
            console.blank()
            index = self._menu([label for label, _action in menu])
            with contextlib.suppress(Back, Failed):
                menu[index][1]()
            with contextlib.suppress(Failed):
                preferences = self.fetch(partial(self.client.get_preferences, subject_id))

    def _menu(self, options: list[Msg]) -> int:
        return self.console.choose(options, why=PLAIN_HELP, back=False)

    def _flush(self) -> None:
        if self.engine is None:
            return
        status = self.engine.status()
        if status.waiting:
            self._wait()
            report = sending.flush_now(self.engine)
            if report.reapplied:
                self.console.say(_("Your 'no' was applied again on top of a newer change."))

    def log_out(self) -> None:
        with contextlib.suppress(Exception):
            self.client.logout()
        self.console.say(Msg("You are logged out."))
        raise LoggedOut

    # --- what the sync did, and changes that crossed -------------------------------------

    def _notices(self) -> None:
        """What the sync did on the person's behalf: written once, then marked as read."""
        for notice in self.outbox.notices():
            self.console.say(f"! {notice.message()}")
            with contextlib.suppress(Exception):  # shown again next time if this fails
                self.outbox.acknowledge(notice.notice_id)

    def changes_by_others(self, document: Preferences) -> None:
        """A change a representative or support staff made since the last look: keep or undo."""
        seen = self.last_seen.get(document.subject_id)
        try:
            page = self.client.history(document.subject_id, limit=50)
        except Exception:  # the summary above still shows what is recorded
            return
        change = others.change_by_others(page.items, seen)
        if change is None:
            self.last_seen[document.subject_id] = document.version
            return
        self.console.blank()
        self.console.say(others.describe(change))
        self.last_seen[document.subject_id] = change.version
        undo = self.console.choose([Msg("Keep this change"), Msg("Undo this change")], back=False)
        if undo != 1 or self.engine is None:
            return
        write = PreferenceWrite(**change.before.model_dump(), questions_locale=current_language())
        try:
            self.outbox.enqueue(
                document.subject_id,
                write,
                base_version=document.version,
                base=document,
                account_id=self.engine.account_id,
            )
        except Exception:  # not kept: say so; the change stays as it is
            self.console.say(_("The change could not be undone right now. Please try again later."))
            return
        self._flush()
        self.console.say(status_line(self.engine.status()))

    def decide(self) -> None:
        """Someone else changed the choices first: show both, let the person choose."""
        console = self.console
        for entry in self.outbox.needs_decision():
            current = entry.current
            if current is None:
                continue
            mine = entry.outgoing().write
            console.heading(Msg("Someone else changed your choices first"))
            console.say(
                Msg(
                    "Your change has not been sent yet. "
                    "Here is how it differs from what is recorded now."
                )
            )
            console.say(conflicts.differences_text(mine, current, entry.base))
            note = conflicts.no_note(mine, current)
            if note:
                console.say(note)
            labels = [_(label) for _choice, label in conflicts.MERGE_CHOICES]
            choice = conflicts.MERGE_CHOICES[console.choose(labels)][0]
            if choice is None:
                return
            self.outbox.resolve(entry.entry_id, choice)
        self._flush()

    # --- change and send ------------------------------------------------------------------------

    def change(self, subject_id: uuid.UUID) -> None:
        start = self.fetch(partial(sending.load_start, self.client, self.outbox))
        if start is None:
            self.console.say(Msg("There is no record linked to your account yet."))
            return
        recorded = questions.starting_choices(start.waiting or start.document)
        choices = recorded
        while True:
            wizard = PlainWizard(self.console, choices, recorded)
            choices, skipped = wizard.run()  # Back from the first question: home
            decision = review(self.console, choices, skipped)
            if decision == 2:
                self.console.say(Msg("Nothing was sent. Your choices stay as they were."))
                return
            if decision == 1:
                continue
            if self.send(start, choices):
                return

    def send(self, start: sending.WizardStart, choices: PreferenceChoices) -> bool:
        assert self.engine is not None
        self.console.say(Msg("Saving…"))
        try:
            result, _report = sending.send(
                self.client,
                self.outbox,
                self.engine,
                start,
                questions.as_write(choices, questions.PLAIN_QUESTIONS_VERSION),
            )
        except sending.NotKept:
            self.console.say(questions.SAVE_FAILED)
            return False
        view = receipts.ReceiptView.after_sending(
            result.choices, result.receipt, result.state, result.durable
        )
        self.show_receipt(view)
        return True

    def show_receipt(self, view: receipts.ReceiptView) -> None:
        console = self.console
        console.heading(Msg("Receipt"))
        console.say(receipts.status_text(view))
        if view.receipt is not None:
            console.say(receipts.origin_text(view.receipt))
        console.say(receipts.recorded_heading(view))
        console.say(receipts.recorded_text(view))

    def details(self, preferences: Preferences) -> None:
        self.console.heading(Msg("Your choices"))
        self.console.say(summary.as_text(summary.detail_lines(preferences)))

    # --- history and receipts --------------------------------------------------------------

    def history(self, subject_id: uuid.UUID) -> None:
        console = self.console
        console.heading(Msg("History of your choices"))
        versions = self.fetch(partial(self.client.history, subject_id, limit=20)).items
        if not versions:
            console.say(summary.version_line(None))
            return
        labels = [receipts.version_label(version) for version in versions]
        console.say(Msg("Type the number of a version to see its receipt, or back."))
        index = console.choose(labels, why=help_texts.HISTORY_WHY)
        version = versions[index]
        receipt = self.fetch(partial(self.client.receipt, subject_id, version.version))
        view = receipts.ReceiptView(version.preferences, receipt, subject_id=subject_id)
        self.show_receipt(view)


__all__ = ["Leave", "LoggedOut", "PlainSession"]
