"""The wire contract between the app and the backend.

These pydantic models are the single source of truth for what travels over HTTP. The server
imports them to validate requests and shape responses; the client uses them to parse answers.
Inputs forbid unknown fields and bound every length so a hostile client cannot make the server
store or echo arbitrary data.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$"
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 512

Username = Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)]
Passphrase = Annotated[str, StringConstraints(min_length=PASSPHRASE_MIN, max_length=PASSPHRASE_MAX)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Address = Annotated[str, StringConstraints(max_length=300)]
LocaleCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(_[A-Z]{2})?$")]
Token = Annotated[str, StringConstraints(min_length=16, max_length=200)]


def _not_a_number(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


# Booleans and dates people send are exact: true/false and "YYYY-MM-DD". Lax parsing would
# read 0, "no" or "off" as false and the number 0 as 1970-01-01: a guess the server must not make.
ExactBool = Annotated[bool, Strict()]
ExactDate = Annotated[dt.date, BeforeValidator(_not_a_number)]


class _Input(BaseModel):
    """Base for request bodies: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class _Output(BaseModel):
    """Base for response bodies: tolerant of fields added by a newer server."""

    model_config = ConfigDict(extra="ignore")


class Role(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    victim = "victim"
    representative = "representative"
    staff = "staff"
    notifier = "notifier"


class Permission(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    view = "view"
    edit = "edit"
    receive_notices = "receive_notices"


class Inform(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    yes = "yes"
    no = "no"
    undecided = "undecided"


class Recipients(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    me = "me"
    representative = "representative"
    both = "both"


class ChannelKind(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    app = "app"
    email = "email"
    phone = "phone"
    post = "post"
    in_person = "in_person"


class Weekday(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


class Frequency(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    """How often notices about findings may come (volume control)."""

    each = "each"
    monthly = "monthly"
    quarterly = "quarterly"
    only_actionable = "only_actionable"


class Reassurance(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    """Whether to hear, once a year, that nothing new was found and the wishes still stand."""

    none = "none"
    yearly = "yearly"


class ChangeMethod(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    """How a preference version came about."""

    self_service = "self"
    representative = "representative"
    assisted = "assisted"
    system = "system"


class DelegationKind(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    guardian = "guardian"
    lawyer = "lawyer"
    support_worker = "support_worker"
    special_representative = "special_representative"


# --- accounts and sessions ---------------------------------------------------------------


class RegistrationRequest(_Input):
    activation_code: Annotated[str, StringConstraints(min_length=4, max_length=40)] = Field(
        repr=False
    )
    username: Username
    passphrase: Passphrase = Field(repr=False)


class Account(_Output):
    id: uuid.UUID
    username: str
    role: Role
    created_at: dt.datetime


class SessionRequest(_Input):
    username: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    passphrase: Annotated[str, StringConstraints(min_length=1, max_length=PASSPHRASE_MAX)] = Field(
        repr=False
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


class SubjectAccess(_Output):
    """One victim record this account may act for, and how."""

    subject_id: uuid.UUID
    relation: Literal["self", "delegate", "staff"]
    permissions: list[Permission]
    delegation_id: uuid.UUID | None = None
    label: str | None = None


class Me(_Output):
    account: Account
    subjects: list[SubjectAccess]


class PassphraseChange(_Input):
    current_passphrase: Annotated[
        str, StringConstraints(min_length=1, max_length=PASSPHRASE_MAX)
    ] = Field(repr=False)
    new_passphrase: Passphrase = Field(repr=False)


class AccountDeletion(_Input):
    passphrase: Annotated[str, StringConstraints(min_length=1, max_length=PASSPHRASE_MAX)] = Field(
        repr=False
    )
    clear_decision: ExactBool = False


# --- preferences -------------------------------------------------------------------------


class Topics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_findings: ExactBool = True
    proceedings: ExactBool = True
    compensation: ExactBool = True
    removal: ExactBool = True


class Channel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ChannelKind
    address: Address | None = None


class SafeContact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hours: Annotated[str, StringConstraints(max_length=100)] | None = None
    days: list[Weekday] = Field(default_factory=list, max_length=7)
    no_voicemail: ExactBool = False
    no_post_to_home: ExactBool = False
    alternative_address: Address | None = None
    discreet_sender: ShortText | None = None
    household_must_not_know: ExactBool = False


class PreferenceChoices(BaseModel):
    """The part of the preferences document a person decides."""

    model_config = ConfigDict(extra="forbid")

    inform: Inform = Inform.undecided
    topics: Topics = Field(default_factory=Topics)
    recipients: Recipients = Recipients.me
    channels: list[Channel] = Field(default_factory=list, max_length=5)
    safe_contact: SafeContact = Field(default_factory=SafeContact)
    paused_until: ExactDate | None = None
    language: LocaleCode = "nl"
    # Volume control; documents written before these fields existed read as each / none.
    frequency: Frequency = Frequency.each
    reassurance: Reassurance = Reassurance.none


class AssistedEntry(_Input):
    """What staff record when they fill in preferences together with the victim."""

    identity_check: Annotated[str, StringConstraints(min_length=2, max_length=200)]
    read_back_confirmed: ExactBool


class PreferenceRevert(_Input):
    """Body of POST /v1/subjects/{id}/preferences/revert: make version N's choices current
    again, as a new version (the history is never rewritten)."""

    to_version: Annotated[int, Field(ge=1, le=999_999_999)]
    questions_locale: LocaleCode | None = None
    assisted: AssistedEntry | None = None


class PreferenceWrite(PreferenceChoices):
    """Body of PUT /v1/subjects/{id}/preferences."""

    questions_locale: LocaleCode = "nl"
    questions_version: Annotated[str, StringConstraints(max_length=40)] = "1"
    assisted: AssistedEntry | None = None


class Actor(_Output):
    account_id: uuid.UUID | None
    role: Role | None
    relation: Literal["self", "delegate", "staff", "system"]
    label: str | None = None


class Preferences(PreferenceChoices):
    """The current preferences document as the server returns it."""

    model_config = ConfigDict(extra="ignore")

    subject_id: uuid.UUID
    version: int
    updated_at: dt.datetime | None
    updated_by: Actor | None


class PreferenceVersion(_Output):
    version: int
    preferences: PreferenceChoices
    actor: Actor
    method: ChangeMethod
    on_behalf_of: uuid.UUID
    questions_locale: str
    questions_version: str
    identity_check: str | None = None
    read_back_confirmed: bool | None = None
    created_at: dt.datetime


T = TypeVar("T")


class Page(_Output, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class ConsentReceipt(_Output):
    """A record of one version, with fields after the Kantara Consent Receipt / ISO 27560."""

    receipt_id: uuid.UUID
    version: int
    subject_id: uuid.UUID
    consent_timestamp: dt.datetime
    jurisdiction: str = "NL"
    collection_method: ChangeMethod
    actor: Actor
    language: str
    notice_version: str
    purposes: dict[str, bool]
    decision: Inform
    recipients: Recipients
    channels: list[ChannelKind]
    paused_until: dt.date | None
    controller: str
    sensitive: bool = True
    # Assisted entry (SPEC §5): for whom staff acted, how identity was checked, read back.
    on_behalf_of: uuid.UUID | None = None
    identity_check: str | None = None
    read_back_confirmed: bool | None = None


# --- staff, subjects, codes --------------------------------------------------------------


class SubjectCreate(_Input):
    reference: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._/-]{1,64}$")]
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
    evidence: Annotated[str, StringConstraints(max_length=300)] | None = None
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
    evidence: Annotated[str, StringConstraints(max_length=300)] | None = None


class InvitationCreate(_Input):
    subject_id: uuid.UUID
    kind: DelegationKind
    permissions: list[Permission] = Field(min_length=1, max_length=3)
    valid_until: ExactDate | None = None


class Invitation(_Output):
    code: str = Field(repr=False)
    expires_at: dt.datetime


class InvitationAccept(_Input):
    code: Annotated[str, StringConstraints(min_length=4, max_length=40)] = Field(repr=False)


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


class Health(_Output):
    status: Literal["ok"]
