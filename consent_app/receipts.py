"""A receipt in words: its state (sent, waiting, needs a decision), who made it and in which
language the questions were shown, and what was recorded. Shared by the receipt screen and
the plain line mode; does not import Textual.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from api_client.models import ChangeMethod, ConsentReceipt, PreferenceChoices, PreferenceVersion
from consent_app import summary
from consent_app.i18n import Msg, _, format_datetime
from consent_app.outbox import EntryState

RECEIPT_WHY = Msg(
    "A receipt shows what was recorded and when. It is your proof of what you chose. "
    "The people who inform you use the newest version."
)


@dataclass(frozen=True)
class ReceiptView:
    """What a receipt shows; ``receipt`` is the server's record (None while not sent)."""

    choices: PreferenceChoices
    receipt: ConsentReceipt | None
    state: EntryState = EntryState.sent
    durable: bool = True
    subject_id: uuid.UUID | None = None

    @classmethod
    def after_sending(
        cls,
        choices: PreferenceChoices,
        receipt: ConsentReceipt | None,
        state: EntryState,
        durable: bool,
    ) -> ReceiptView:
        return cls(choices=choices, receipt=receipt, state=state, durable=durable)


def status_text(view: ReceiptView) -> str:
    receipt = view.receipt
    if view.state is EntryState.sent and receipt is not None:
        return _("✓ Sent. Version %(version)s, recorded on %(when)s.") % {
            "version": receipt.version,
            "when": format_datetime(receipt.consent_timestamp),
        }
    if view.state is EntryState.sent:
        return _("✓ Sent. You can find the receipt in your history.")
    if view.state is EntryState.needs_decision:
        return _(
            "! Not sent yet: someone else changed your choices at the same time. "
            "On the home screen you can choose what to keep."
        )
    if view.state in (EntryState.withdrawn, EntryState.rejected):
        return _(
            "! Not sent: the server did not accept this change. Please contact victim support."
        )
    text = _(
        "… Waiting to be sent. Your answers are kept, and the app sends them automatically "
        "as soon as the server can be reached."
    )
    if not view.durable:
        text += "\n" + _(
            "This computer has no safe place to keep them. If you close the app before "
            "they are sent, they are lost."
        )
    return text


def origin_text(receipt: ConsentReceipt | None) -> str:
    if receipt is None:
        return ""
    method = ChangeMethod(receipt.collection_method)
    return _("Made by: %(who)s. Questions shown in: %(language)s.") % {
        "who": summary.made_by(receipt.actor.relation, method, receipt.actor.account_id),
        "language": summary.question_language(receipt.language),
    }


def recorded_heading(view: ReceiptView) -> str:
    if view.state is EntryState.sent:
        return _("What was recorded:")
    return _("Your answers:")


def recorded_text(view: ReceiptView) -> str:
    return summary.as_text(summary.detail_lines(view.choices))


def version_label(version: PreferenceVersion) -> str:
    return _("Version %(version)s · %(when)s · by %(who)s · questions in %(language)s") % {
        "version": version.version,
        "when": format_datetime(version.created_at),
        "who": summary.made_by(version.actor.relation, version.method, version.actor.account_id),
        "language": summary.question_language(version.questions_locale),
    }
