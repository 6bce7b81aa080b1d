"""The notification plan: should this person be told about a new finding, whom, and how.

The rules, in order (docs/api.md explains why):

1. ``inform = no`` → do not inform (``declined``). A "no" wins over everything else, and
   the victim's own "no" wins over any later answer but their own (``victims_word``).
2. ``inform = undecided`` or nothing recorded → do not inform (``undecided``): deciding later
   is not a yes. The notifier asks victim support to put the question first.
3. ``paused_until`` after today → do not inform yet (``paused``).
4. Nobody reachable among the chosen recipients → ``no_reachable_recipient``.
5. Otherwise inform (``wants_to_be_informed``) the chosen recipients over their channels,
   with the victim's safe-contact instructions.

When the answer is "do not inform" the plan holds no recipients and no safe-contact details:
a notifier that is not going to make contact gets no contact data.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from consent_common import models
from consent_server.access import delegation_permissions
from consent_server.context import ServerContext
from consent_server.preferences import current_document
from consent_server.safe_window import dutch_date
from consent_server.tables import AccountRow, DelegationRow, SubjectRow
from consent_server.victims_word import VictimsWord, effective_inform

_TO_VICTIM = {models.Recipients.me, models.Recipients.both}
_TO_REPRESENTATIVES = {models.Recipients.representative, models.Recipients.both}


def _usable(channel: models.Channel, has_account: bool) -> bool:
    if channel.kind == models.ChannelKind.app:
        return has_account  # secure messages need an account to arrive in
    if channel.kind == models.ChannelKind.in_person:
        return True  # through victim support or the lawyer: no address needed
    return bool(channel.address)


def _victim_recipient(
    subject: SubjectRow, channels: list[models.Channel]
) -> models.PlanRecipient | None:
    """The victim over the channels they chose, in their order.

    With an account and no channel chosen at all, the app is the one way that needs no
    address and leaves no trace at home.
    """
    has_account = subject.account_id is not None
    usable = [channel for channel in channels if _usable(channel, has_account)]
    if not channels and has_account:
        usable = [models.Channel(kind=models.ChannelKind.app)]
    if not usable:
        return None
    return models.PlanRecipient(who="victim", account_id=subject.account_id, channels=usable)


def _representative_recipients(
    db: Session, ctx: ServerContext, subject: SubjectRow
) -> list[models.PlanRecipient]:
    """Representatives whose mandate today includes receiving notices.

    Revoked, expired, not-yet-valid and conflicted mandates drop out here, through the same
    rules that decide access. Representatives are reached through the app.
    """
    rows = db.execute(
        select(DelegationRow, AccountRow)
        .join(AccountRow, AccountRow.id == DelegationRow.representative_id)
        .where(DelegationRow.subject_id == subject.id)
        .order_by(DelegationRow.created_at, DelegationRow.id)
    )
    found: dict[object, models.PlanRecipient] = {}
    for delegation, account in rows:
        if models.Permission.receive_notices in delegation_permissions(delegation, subject, ctx):
            found[account.id] = models.PlanRecipient(
                who="representative",
                account_id=account.id,
                channels=[models.Channel(kind=models.ChannelKind.app)],
            )
    return list(found.values())


def notification_plan(
    db: Session,
    ctx: ServerContext,
    subject: SubjectRow,
    *,
    document: models.Preferences | None = None,
    word: VictimsWord | None = None,
) -> models.NotificationPlan:
    """The plan for ``subject`` now; ``document`` and ``word``, when given, are its current
    preferences and the victim's word already read in bulk (the due list)."""
    if document is None:
        document = current_document(db, ctx, subject)
    today = dutch_date(ctx.now())  # "paused until 10 June" ends at midnight in the Netherlands

    def answer(
        inform: bool,
        reason: str,
        recipients: list[models.PlanRecipient] | None = None,
    ) -> models.NotificationPlan:
        return models.NotificationPlan(
            subject_id=subject.id,
            inform=inform,
            reason=reason,  # type: ignore[arg-type]
            topics=document.topics,
            recipients=recipients or [],
            safe_contact=document.safe_contact if inform else models.SafeContact(),
            paused_until=document.paused_until,
            version=document.version,
            language=document.language,
            frequency=document.frequency,
            reassurance=document.reassurance,
        )

    # Through the victim's-word rule, not the newest version alone: after the victim's own
    # "no", a representative's later "yes" never makes the plan inform.
    inform = effective_inform(db, subject.id, document.inform, word)
    if inform == models.Inform.no:
        return answer(False, "declined")
    if inform == models.Inform.undecided:
        return answer(False, "undecided")
    if document.paused_until is not None and document.paused_until > today:
        return answer(False, "paused")
    recipients: list[models.PlanRecipient] = []
    if document.recipients in _TO_VICTIM:
        victim = _victim_recipient(subject, document.channels)
        if victim is not None:
            recipients.append(victim)
    if document.recipients in _TO_REPRESENTATIVES:
        recipients += _representative_recipients(db, ctx, subject)
    if not recipients:
        return answer(False, "no_reachable_recipient")
    return answer(True, "wants_to_be_informed", recipients)
