"""The wire contract of notices: findings, deliveries, the in-app inbox and its answers.

A *finding* is what the people who inform record (the notifier role): a kind, a case
reference and the authority that found it, never a description of the material. The server
decides, from the victim's preferences at that moment, one *delivery* per recipient: into the
in-app inbox, queued for another channel at a moment inside the victim's safe days and hours,
or withheld with the reason. An in-app delivery is a *notice* in the recipient's inbox; the
recipient answers it with a *response*. See docs/notices.md.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from consent_common.models import (
    Channel,
    ChannelKind,
    ExactDate,
    Weekday,
    _Input,
    _Output,
)

CaseReference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._/-]{1,64}$")]
Authority = Annotated[
    str, StringConstraints(min_length=2, max_length=100, pattern=r"^[\w .,&()'/-]+$")
]


class FindingKind(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    new_material_in_case = "new_material_in_case"
    material_online = "material_online"
    case_joinable = "case_joinable"
    removal_done = "removal_done"
    compensation_info = "compensation_info"


# Kinds with something for the person to do: "only when there is something to do" lets
# exactly these through.
ACTIONABLE_KINDS = frozenset(
    {FindingKind.case_joinable, FindingKind.compensation_info, FindingKind.removal_done}
)

# The preference topic (a field of ``Topics``) each kind of finding belongs to
# (docs/notices.md): the server holds a finding back when its topic is off, and the app
# names the topic when the person asks to hear no more about it.
TOPIC_OF: dict[FindingKind, str] = {
    FindingKind.new_material_in_case: "new_findings",
    FindingKind.material_online: "new_findings",
    FindingKind.case_joinable: "proceedings",
    FindingKind.removal_done: "removal",
    FindingKind.compensation_info: "compensation",
}


class DeliveryState(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    in_app = "in_app"  # in the recipient's inbox
    queued = "queued"  # for the notifier to make, over another channel, from ``due_at``
    withheld = "withheld"  # not sent; ``reason`` says why


class WithheldReason(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    declined = "declined"
    undecided = "undecided"
    paused = "paused"  # held until the pause ends, then decided again
    topic_off = "topic_off"
    digest = "digest"  # held for the next monthly or quarterly digest
    not_actionable = "not_actionable"  # "only when there is something to do"
    no_reachable_recipient = "no_reachable_recipient"
    recipient_gone = "recipient_gone"  # preferences changed before a queued delivery was made


class Outcome(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    delivered = "delivered"
    not_reached = "not_reached"
    refused = "refused"


class ResponseKind(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    read = "read"
    want_to_join_case = "want_to_join_case"
    want_support_contact = "want_support_contact"
    contact_my_lawyer = "contact_my_lawyer"
    stop_this_topic = "stop_this_topic"


class FindingCreate(_Input):
    """Body of POST /v1/subjects/{id}/findings. There is no free text on purpose."""

    kind: FindingKind
    case_reference: CaseReference
    authority: Authority
    join_deadline: ExactDate | None = Field(
        default=None, description="The last day to join the case; only for case_joinable."
    )

    @model_validator(mode="after")
    def _deadline_fits_kind(self) -> FindingCreate:
        if self.kind == FindingKind.case_joinable and self.join_deadline is None:
            raise ValueError("a case that can be joined needs join_deadline")
        if self.kind != FindingKind.case_joinable and self.join_deadline is not None:
            raise ValueError("join_deadline belongs to case_joinable only")
        if self.join_deadline is not None and not 2000 <= self.join_deadline.year <= 2200:
            raise ValueError("join_deadline is not a plausible date")
        return self


class Delivery(_Output):
    """What happens, for one recipient, with one finding (or one digest of findings)."""

    id: uuid.UUID
    subject_id: uuid.UUID
    finding_id: uuid.UUID | None = None
    digest_id: uuid.UUID | None = None
    recipient: Literal["victim", "representative"]
    account_id: uuid.UUID | None = None
    channel: ChannelKind | None = None
    state: DeliveryState
    reason: WithheldReason | None = None
    due_at: dt.datetime | None = None
    outcome: Outcome | None = None
    outcome_at: dt.datetime | None = None
    created_at: dt.datetime


class Finding(_Output):
    id: uuid.UUID
    subject_id: uuid.UUID
    kind: FindingKind
    case_reference: str
    authority: str
    join_deadline: dt.date | None
    created_at: dt.datetime
    plan_version: int = Field(description="The preferences version the decision was made on.")
    decision: str = Field(description="The notification plan's reason at that moment.")
    deliveries: list[Delivery]


class Constraints(_Output):
    """What the person making contact must honour."""

    days: list[Weekday]
    hours: str | None
    window_ends_at: dt.datetime | None = Field(
        description="The safe window open now closes at this moment; make contact before."
    )
    no_voicemail: bool
    discreet_sender: str | None
    no_post_to_home: bool
    alternative_address: str | None
    household_must_not_know: bool


class NoticeItem(_Output):
    """One finding in a notice, with the keys of its fixed, calm texts (the app translates)."""

    finding_id: uuid.UUID
    kind: FindingKind
    title_key: str
    body_key: str
    case_reference: str
    authority: str
    join_deadline: dt.date | None
    found_at: dt.datetime
    actions: list[ResponseKind]


class DueDelivery(_Output):
    """A queued delivery whose safe window is open now, with what it must carry and honour."""

    delivery: Delivery
    channel: Channel
    language: str
    constraints: Constraints
    items: list[NoticeItem]


class OutcomeCreate(_Input):
    outcome: Outcome
    at: dt.datetime | None = Field(
        default=None, description="When it happened (with a UTC offset); now if left out."
    )


class NoticeResponseCreate(_Input):
    kind: ResponseKind


class NoticeResponse(_Output):
    id: uuid.UUID
    notice_id: uuid.UUID
    subject_id: uuid.UUID
    kind: ResponseKind
    relation: Literal["self", "delegate"]
    responder_label: str | None = None
    finding_ids: list[uuid.UUID]
    created_at: dt.datetime


class Notice(_Output):
    """An in-app delivery as its recipient sees it."""

    id: uuid.UUID
    subject_id: uuid.UUID
    kind: Literal["finding", "digest", "reassurance"] = Field(
        description="reassurance: nothing new has been found; the wishes still stand "
        "(text key notice.reassurance.body); it has no items."
    )
    relation: Literal["self", "delegate"]
    created_at: dt.datetime
    read_at: dt.datetime | None
    items: list[NoticeItem]
    responses: list[ResponseKind]


class RecordUnread(_Output):
    subject_id: uuid.UUID
    unread: int


class UnreadCount(_Output):
    """How many of the caller's notices are not read yet: a number, nothing about them."""

    unread: int = Field(description="Over every record whose notices the caller may read.")
    records: list[RecordUnread] = Field(
        description="Per record with unread notices (a representative's home shows these)."
    )


class DigestRun(_Output):
    """What one run of the scheduled step released."""

    digests: int
    released_after_pause: int
    deliveries: int
    reassurances: int = 0


class FirstContact(_Output):
    """A record on the staff work-list: findings wait for a safe first contact."""

    subject_id: uuid.UUID
    reference: str
    findings: int
    since: dt.datetime
