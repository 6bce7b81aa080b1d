"""The wire contract between the app and the backend.

These pydantic models are the single source of truth for what travels over HTTP (with
:mod:`consent_common.notices`; the choices are in :mod:`consent_common.preferences`, the
base classes and text rules in :mod:`consent_common.wire`, both re-exported here). The server
imports them to validate requests and shape responses; the client uses them to parse answers.
Inputs forbid unknown fields and bound every length so a hostile client cannot make the server
store or echo arbitrary data.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    WithJsonSchema,
)

from consent_common.activation_code import TYPED_PATTERN
from consent_common.preferences import *  # noqa: F403
from consent_common.preferences import (
    Channel,
    Frequency,
    Preferences,
    Reassurance,
    SafeContact,
    Topics,
)
from consent_common.wire import *  # noqa: F403
from consent_common.wire import (
    ExactBool,
    ExactDate,
    LocaleCode,
    Passphrase,
    PassphraseToCheck,
    Permission,
    Role,
    Text,
    Token,
    Username,
)
from consent_common.wire import _Input as _Input
from consent_common.wire import _not_a_number as _not_a_number
from consent_common.wire import _Output as _Output
from consent_common.wire import _refuse_control_characters as _refuse_control_characters


class DelegationKind(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    guardian = "guardian"
    lawyer = "lawyer"
    support_worker = "support_worker"
    special_representative = "special_representative"


# --- accounts and sessions ---------------------------------------------------------------


# An activation or invitation code as shown to people (``7KQ2-M9XD-4HPA-R3TB``). The pattern
# is published in the contract, but a code of another shape is not a validation error: it gets
# the same 400 as an unknown, used or expired code, so no answer tells codes apart.
TypedCode = Annotated[
    Text,
    StringConstraints(min_length=4, max_length=40),
    WithJsonSchema(
        {"type": "string", "pattern": TYPED_PATTERN, "examples": ["7KQ2-M9XD-4HPA-R3TB"]}
    ),
]


class RegistrationRequest(_Input):
    activation_code: TypedCode = Field(repr=False)
    username: Username
    passphrase: Passphrase = Field(repr=False)


class Account(_Output):
    id: uuid.UUID
    username: str
    role: Role
    created_at: dt.datetime


class SessionRequest(_Input):
    username: Annotated[Text, StringConstraints(min_length=1, max_length=40)]
    passphrase: PassphraseToCheck = Field(repr=False)
    # The device token from an earlier login to this account on this computer, if any.
    device_token: Annotated[Text, StringConstraints(max_length=200)] | None = Field(
        default=None,
        repr=False,
        description="From an earlier successful login of this username on this device: "
        "such a login is not held up by limits on the address or the account.",
    )


class RefreshRequest(_Input):
    refresh_token: Token = Field(repr=False)


class Session(_Output):
    access_token: str = Field(repr=False)
    refresh_token: str = Field(repr=False)
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: dt.datetime
    refresh_expires_at: dt.datetime
    account: Account
    # Only from a login: keep it (it is not a secret that grants access) and send it with
    # the next login of this username.
    device_token: str | None = Field(default=None, repr=False)


class SubjectAccess(_Output):
    """One victim record this account may act for, and how."""

    subject_id: uuid.UUID
    relation: Literal["self", "delegate", "staff"]
    permissions: list[Permission]
    delegation_id: uuid.UUID | None = None
    label: str | None = None
    # The current answers were given to questions that have since changed in a way that
    # matters: ask again, gently.
    questions_changed: bool = False


class Me(_Output):
    account: Account
    subjects: list[SubjectAccess]


class PassphraseChange(_Input):
    current_passphrase: PassphraseToCheck = Field(repr=False)
    new_passphrase: Passphrase = Field(repr=False)


class AccountDeletion(_Input):
    passphrase: PassphraseToCheck = Field(repr=False)
    clear_decision: ExactBool = False


# --- staff, subjects, codes --------------------------------------------------------------


REFERENCE_PATTERN = r"^[A-Za-z0-9._/-]{1,64}$"


class SubjectCreate(_Input):
    reference: Annotated[Text, StringConstraints(pattern=REFERENCE_PATTERN)]
    date_of_birth: ExactDate | None = None
    language: LocaleCode = "nl"


class SubjectUpdate(_Input):
    """Body of PATCH /v1/subjects/{id} (staff): clear the re-consent mark after the talk."""

    needs_reconsent: ExactBool | None = None


class Subject(_Output):
    id: uuid.UUID
    reference: str
    date_of_birth: dt.date | None
    language: str
    has_account: bool
    needs_reconsent: bool


class ActivationCodeRequest(_Input):
    role: Literal["victim", "representative"] = "victim"


class ActivationCode(_Output):
    code: str = Field(repr=False)
    expires_at: dt.datetime


# --- representatives ---------------------------------------------------------------------


class DelegationCreate(_Input):
    representative_username: Username
    kind: DelegationKind
    permissions: list[Permission] = Field(min_length=1, max_length=3)
    evidence: Annotated[Text, StringConstraints(max_length=300)] | None = None
    valid_until: ExactDate | None = None


class Delegation(_Output):
    id: uuid.UUID
    subject_id: uuid.UUID
    representative_id: uuid.UUID
    representative_username: str
    kind: DelegationKind
    permissions: list[Permission]
    evidence: str | None
    verified_by: uuid.UUID | None
    valid_from: dt.datetime
    valid_until: dt.date | None
    revoked_at: dt.datetime | None
    conflict_of_interest: bool
    active: bool


class DelegationUpdate(_Input):
    conflict_of_interest: ExactBool | None = None
    verified: ExactBool | None = None
    evidence: Annotated[Text, StringConstraints(max_length=300)] | None = None


class InvitationCreate(_Input):
    subject_id: uuid.UUID
    kind: DelegationKind
    permissions: list[Permission] = Field(min_length=1, max_length=3)
    valid_until: ExactDate | None = None


class Invitation(_Output):
    code: str = Field(repr=False)
    expires_at: dt.datetime


class PendingInvitation(_Output):
    """An invitation code not used, withdrawn or expired yet (the code itself is never kept)."""

    id: uuid.UUID
    kind: DelegationKind
    permissions: list[Permission]
    valid_until: dt.date | None = None
    created_at: dt.datetime
    expires_at: dt.datetime


class InvitationAccept(_Input):
    code: TypedCode = Field(repr=False)


# --- notifier ----------------------------------------------------------------------------


class PlanRecipient(_Output):
    who: Literal["victim", "representative"]
    account_id: uuid.UUID | None
    channels: list[Channel]


class NotificationPlan(_Output):
    subject_id: uuid.UUID
    inform: bool
    reason: Literal[
        "wants_to_be_informed",
        "declined",
        "undecided",
        "paused",
        "no_reachable_recipient",
    ]
    topics: Topics
    recipients: list[PlanRecipient]
    safe_contact: SafeContact
    paused_until: dt.date | None
    version: int
    language: str = "nl"
    frequency: Frequency = Frequency.each
    reassurance: Reassurance = Reassurance.none


# The notices models (findings, deliveries, the inbox) live in api_client.notices.


class AccessLogEntry(_Output):
    at: dt.datetime
    actor_role: Role | None
    actor_label: str | None
    action: str
    reason: str | None = None


# --- errors ------------------------------------------------------------------------------


class FieldError(_Output):
    """Where a request was wrong and what kind of wrong; never the submitted value."""

    loc: list[str | int]
    code: str


class Problem(_Output):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None
    current: Preferences | None = None


class QuestionSet(_Output):
    """One published version of the question texts: ``texts[language][question]``."""

    version: str
    material: bool
    published_at: dt.datetime
    texts: dict[str, dict[str, str]]


class Health(_Output):
    status: Literal["ok"]
