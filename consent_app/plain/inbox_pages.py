"""The plain mode's messages: the neutral count on the home, the list (a page at a time),
one message with its answers, and "no more messages about this" (the questions at the
topics, prefilled, ending in a new version as every change does).

The texts are the Textual screens' (``notice_page``, ``notice_words``, ``notice_guidance``,
``inbox``). A representative with ``receive_notices`` reads the messages of the people they
act for, addressed as their representative.
"""

from __future__ import annotations

import contextlib
import uuid
from functools import partial
from typing import TYPE_CHECKING

from api_client.models import Me, PreferenceChoices
from api_client.notices import Notice, ResponseKind
from consent_app import inbox, notice_page, questions
from consent_app.access_words import receives_notices, subject_line
from consent_app.i18n import Msg
from consent_app.outbox import EntryState
from consent_app.plain import choices
from consent_app.plain.console import Back, Failed

if TYPE_CHECKING:
    from consent_app.plain.session import PlainSession

FOR_REPRESENTATIVES = Msg(
    "In the plain mode you can read and answer the messages about the people you act for. "
    "To see or change their choices, or to accept an invitation, please use the full app "
    "(consent-app without --plain)."
)
NO_MESSAGES_FOR_YOU = Msg(
    "You are not told about new findings for anyone yet, so there are no messages here."
)
STOP_TOPIC_NOTE = Msg(
    "The questions open at what you want to be told about, with the topic of this message "
    "switched off. Nothing changes until you confirm and send."
)


def say_unread(session: PlainSession, subject_id: uuid.UUID | None = None) -> None:
    """ "1 new message" on the home, only when there is one; nothing when it cannot be read."""
    with contextlib.suppress(Exception):  # the list itself says what went wrong
        if subject_id is None:
            count = inbox.unread_count(session.client)
        else:
            count = inbox.unread_counts(session.client).get(subject_id, 0)
        if count:
            session.console.say(inbox.count_text(count))


def messages(session: PlainSession, labels: dict[uuid.UUID, str] | None = None) -> None:
    """The list, newest first, a page at a time; ``labels``: a representative's records."""
    console = session.console
    labels = labels or {}
    cursor: str | None = None
    while True:
        request = partial(session.client.my_notices, cursor=cursor, limit=inbox.PAGE_SIZE)
        page = session.fetch(request)
        notices = list(page.items)
        while True:
            console.heading(Msg("Messages"))
            if not notices:
                console.say(notice_page.NO_MESSAGES)
                return
            console.say(notice_page.LIST_INTRO)
            options: list[str | Msg] = [
                notice_page.notice_line(n, labels.get(n.subject_id)) for n in notices
            ]
            if page.next_cursor is not None:
                options.append(Msg("Show older messages"))
            options.append(Msg("Back"))
            index = console.choose(options, why=notice_page.INBOX_WHY)
            if index >= len(notices):
                break
            notices[index] = open_message(session, notices[index], labels)
        if index == len(notices) and page.next_cursor is not None:
            cursor = page.next_cursor
            continue
        return


def open_message(session: PlainSession, notice: Notice, labels: dict[uuid.UUID, str]) -> Notice:
    """One message and its answers; the notice as it is after reading and answering."""
    console = session.console
    label = labels.get(notice.subject_id)
    console.heading(inbox.title(notice))
    console.say(notice_page.addressed(notice, label))
    console.blank()
    console.say(notice_page.what_was_found(notice))
    console.heading(Msg("What can be done"))
    console.say(notice_page.ways_forward(notice))
    if notice.read_at is None:
        with contextlib.suppress(Failed):
            read = session.fetch(
                partial(session.client.respond_to_notice, notice.id, ResponseKind.read)
            )
            notice = notice.model_copy(update={"read_at": read.created_at})
    kinds = inbox.actions_of(notice)
    while True:
        console.heading(Msg("What do you want to do?"))
        options: list[str | Msg] = [notice_page.answer_label(k, notice.responses) for k in kinds]
        options.append(Msg("Back"))
        try:
            index = console.choose(options, why=notice_page.NOTICE_WHY)
        except Back:  # to the list, as "Back" does
            return notice
        if index == len(kinds):
            return notice
        kind = kinds[index]
        own = not notice_page.for_representative(notice)
        if kind is ResponseKind.stop_this_topic and own and not _stop_topic(session, notice):
            continue
        with contextlib.suppress(Failed):
            notice = _answer(session, notice, kind)


def _answer(session: PlainSession, notice: Notice, kind: ResponseKind) -> Notice:
    session.console.say(Msg("Sending…"))
    session.fetch(partial(session.client.respond_to_notice, notice.id, kind))
    session.console.say(notice_page.after_answer(notice, kind))
    if kind in notice.responses:
        return notice
    return notice.model_copy(update={"responses": [*notice.responses, kind]})


def _stop_topic(session: PlainSession, notice: Notice) -> bool:
    """The questions at the topics with this message's topics off; True once a version with
    them off was sent (then the answer goes to the people who inform)."""
    topics = inbox.topics_of(notice)

    def switch_off(recorded: PreferenceChoices) -> PreferenceChoices:
        off = recorded.topics.model_copy(update=dict.fromkeys(topics, False))
        return recorded.model_copy(update={"topics": off})

    session.console.say(STOP_TOPIC_NOTE)
    try:
        result = choices.change(session, first=questions.TOPICS.key, adjust=switch_off)
    except (Back, Failed):
        result = None
    if result is None or result.state is not EntryState.sent:
        if result is None:
            session.console.say(choices.NOTHING_SENT)
        return False
    return all(not getattr(result.choices.topics, topic) for topic in topics)


def representative_home(session: PlainSession, me: Me) -> None:
    """The records this representative acts for, the new messages of each, and the menu."""
    console = session.console
    records = [s for s in me.subjects if s.relation == "delegate"]
    told = [s for s in records if receives_notices(s)]
    labels = {s.subject_id: s.label or "—" for s in records}
    first = True
    while True:
        console.heading(Msg("What do you want to do?"))
        if first:
            console.say(FOR_REPRESENTATIVES)
            first = False
        counts: dict[uuid.UUID, int] = {}
        if told:
            with contextlib.suppress(Exception):  # the list itself says what went wrong
                counts = inbox.unread_counts(session.client)
        for record in records:
            unread = counts.get(record.subject_id, 0) if receives_notices(record) else 0
            console.say(f"- {subject_line(record, unread)}")
        if not told:
            console.say(NO_MESSAGES_FOR_YOU)
        options = [Msg("Messages"), Msg("Log out")] if told else [Msg("Log out")]
        console.blank()
        index = session.menu(options)
        if index == len(options) - 1:
            session.log_out()
        with contextlib.suppress(Back, Failed):
            messages(session, labels)
