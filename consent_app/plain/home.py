"""The plain mode's home after login: for a victim the summary of the choices, the sync
state, the neutral count of new messages and the menu; what the sync did on the person's
behalf; a change a representative made (keep or undo); a change that crossed another
(choose what to keep). A representative gets the records they act for and their messages
(``plain.inbox_pages``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from api_client.models import Me, Preferences, PreferenceWrite, Role, SubjectAccess
from consent_app import changes_by_others as others
from consent_app import conflicts, summary, viewpoint
from consent_app.i18n import Msg, _, current_language
from consent_app.plain import account, choices, inbox_pages, record_pages
from consent_app.plain.console import Back, Failed, LoggedOut
from consent_app.record_context import own_subject
from consent_app.sync import SyncEngine
from consent_app.sync_state import status_line

if TYPE_CHECKING:
    from consent_app.plain.session import PlainSession

NOT_FOR_THIS_ACCOUNT = Msg(
    "This account cannot use the plain mode yet. Please use the full app "
    "(consent-app without --plain)."
)


def home(session: PlainSession) -> None:
    """Until the person logs out (:class:`LoggedOut`) or leaves."""
    try:
        me, subject, preferences = session.fetch(partial(_load, session))
    except Failed:
        raise LoggedOut from None
    viewpoint.set_viewer(me.account.role, me.account.id)
    if me.account.role is Role.representative:
        inbox_pages.representative_home(session, me)
        return
    if me.account.role is not Role.victim:  # support staff (or a notifier)
        session.console.say(NOT_FOR_THIS_ACCOUNT)
        session.log_out()
    if subject is None or subject.relation != "self" or preferences is None:
        session.console.say(Msg("There is no record linked to your account yet."))
        session.log_out()
        return
    session.engine = SyncEngine(session.outbox, session.client, account_id=me.account.id)
    session.flush()
    _own_record(session, subject, preferences)


def _load(session: PlainSession) -> tuple[Me, SubjectAccess | None, Preferences | None]:
    me = session.client.me()
    subject = own_subject(me)
    preferences = None
    if subject is not None and subject.relation == "self":
        preferences = session.client.get_preferences(subject.subject_id)
    return me, subject, preferences


def _own_record(session: PlainSession, subject: SubjectAccess, preferences: Preferences) -> None:
    console = session.console
    subject_id = subject.subject_id
    shown: int | None = None  # the version whose summary was written last
    while True:
        if preferences.version != shown:  # the summary again only when it changed
            console.heading(Msg("Your choices"))
            console.say(summary.as_text(summary.summary_lines(preferences)))
            console.say(summary.version_line(preferences))
            shown = preferences.version
            changes_by_others(session, preferences)
        else:
            console.heading(Msg("What do you want to do?"))
        assert session.engine is not None
        console.say(status_line(session.engine.status()))
        sync_notices(session)
        inbox_pages.say_unread(session)
        menu: list[tuple[Msg, Callable[[], object]]] = [
            (Msg("Change my choices"), partial(choices.change, session)),
            (Msg("Show all details"), partial(choices.details, session, preferences)),
            (Msg("History"), partial(choices.history, session, subject_id)),
            (Msg("Representatives"), partial(record_pages.representatives, session, subject_id)),
            (
                Msg("Who looked at my record"),
                partial(record_pages.access_log, session, subject_id),
            ),
            (Msg("Messages"), partial(inbox_pages.messages, session)),
            (Msg("Account"), partial(account.account, session)),
            (Msg("Send waiting changes now"), session.flush),
            (Msg("Log out"), session.log_out),
        ]
        if session.outbox.needs_decision():
            menu.insert(0, (Msg("Choose what to keep"), partial(decide, session)))
        console.blank()
        index = session.menu([label for label, _action in menu])
        with contextlib.suppress(Back, Failed):
            menu[index][1]()
        with contextlib.suppress(Failed):
            preferences = session.fetch(partial(session.client.get_preferences, subject_id))


def sync_notices(session: PlainSession) -> None:
    """What the sync did on the person's behalf: written once, then marked as read."""
    for notice in session.outbox.notices():
        session.console.say(f"! {notice.message()}")
        with contextlib.suppress(Exception):  # shown again next time if this fails
            session.outbox.acknowledge(notice.notice_id)


def changes_by_others(session: PlainSession, document: Preferences) -> None:
    """A change a representative or support staff made since the last look: keep or undo."""
    seen = session.last_seen.get(document.subject_id)
    try:
        page = session.client.history(document.subject_id, limit=50)
    except Exception:  # the summary above still shows what is recorded
        return
    change = others.change_by_others(page.items, seen)
    if change is None:
        session.last_seen[document.subject_id] = document.version
        return
    session.console.blank()
    session.console.say(others.describe(change))
    session.last_seen[document.subject_id] = change.version
    options = [Msg("Keep this change"), Msg("Undo this change")]
    undo = session.console.choose(options, back=False)
    if undo != 1 or session.engine is None:
        return
    write = PreferenceWrite(**change.before.model_dump(), questions_locale=current_language())
    try:
        session.outbox.enqueue(
            document.subject_id,
            write,
            base_version=document.version,
            base=document,
            account_id=session.engine.account_id,
        )
    except Exception:  # not kept: say so; the change stays as it is
        session.console.say(_("The change could not be undone right now. Please try again later."))
        return
    session.flush()
    session.console.say(status_line(session.engine.status()))


def decide(session: PlainSession) -> None:
    """Someone else changed the choices first: show both, let the person choose."""
    console = session.console
    for entry in session.outbox.needs_decision():
        current = entry.current
        if current is None:
            continue
        mine = entry.outgoing().write
        console.heading(conflicts.CONFLICT_HEADING)
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
        session.outbox.resolve(entry.entry_id, choice)
    session.flush()
