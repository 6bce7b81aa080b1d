"""The plain mode's pages about the choices themselves: change them (the questions, the
review, sending through the outbox, the receipt), all details, and the history with the
receipt of each version."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from api_client.models import PreferenceChoices, Preferences
from consent_app import help_texts, questions, receipts, sending, summary
from consent_app.i18n import Msg
from consent_app.plain.wizard import PlainWizard, review

if TYPE_CHECKING:
    from consent_app.plain.session import PlainSession
    from consent_app.sending import SendResult

NOTHING_SENT = Msg("Nothing was sent. Your choices stay as they were.")


def change(
    session: PlainSession,
    *,
    first: str = questions.INFORM.key,
    adjust: Callable[[PreferenceChoices], PreferenceChoices] | None = None,
) -> SendResult | None:
    """The questions from ``first`` on, starting from the recorded answers (changed by
    ``adjust``: "no more messages about this" switches a topic off), then the review. What
    was sent, or None when the person left without sending. Raises Back from the first
    question."""
    start = session.fetch(partial(sending.load_start, session.client, session.outbox))
    if start is None:
        session.console.say(Msg("There is no record linked to your account yet."))
        return None
    recorded = questions.starting_choices(start.waiting or start.document)
    choices = adjust(recorded) if adjust is not None else recorded
    volume_asked = start.volume_asked
    while True:
        wizard = PlainWizard(
            session.console, choices, recorded, volume_asked=volume_asked, first=first
        )
        choices, skipped = wizard.run()  # Back from the first question: to the caller
        volume_asked = wizard.volume_asked
        decision = review(session.console, choices, skipped)
        if decision == 2:
            session.console.say(NOTHING_SENT)
            return None
        if decision == 1:
            continue
        result = send(session, start, choices)
        if result is not None:
            return result


def send(
    session: PlainSession, start: sending.WizardStart, choices: PreferenceChoices
) -> SendResult | None:
    assert session.engine is not None
    session.console.say(Msg("Saving…"))
    try:
        result, _report = sending.send(
            session.client, session.outbox, session.engine, start, questions.as_write(choices)
        )
    except sending.NotKept:
        session.console.say(questions.SAVE_FAILED)
        return None
    view = receipts.ReceiptView.after_sending(
        result.choices, result.receipt, result.state, result.durable
    )
    show_receipt(session, view)
    return result


def show_receipt(session: PlainSession, view: receipts.ReceiptView) -> None:
    console = session.console
    console.heading(Msg("Receipt"))
    console.say(receipts.status_text(view))
    if view.receipt is not None:
        console.say(receipts.origin_text(view.receipt))
    console.say(receipts.recorded_heading(view))
    console.say(receipts.recorded_text(view))


def details(session: PlainSession, preferences: Preferences) -> None:
    session.console.heading(Msg("Your choices"))
    session.console.say(summary.as_text(summary.detail_lines(preferences)))


def history(session: PlainSession, subject_id: uuid.UUID) -> None:
    console = session.console
    console.heading(Msg("History of your choices"))
    versions = session.fetch(partial(session.client.history, subject_id, limit=20)).items
    if not versions:
        console.say(summary.version_line(None))
        return
    labels = [receipts.version_label(version) for version in versions]
    console.say(Msg("Type the number of a version to see its receipt, or back."))
    index = console.choose(labels, why=help_texts.HISTORY_WHY)
    version = versions[index]
    receipt = session.fetch(partial(session.client.receipt, subject_id, version.version))
    view = receipts.ReceiptView(version.preferences, receipt, subject_id=subject_id)
    show_receipt(session, view)
