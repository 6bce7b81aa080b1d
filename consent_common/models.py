"""The wire contract between the app and the backend.

These pydantic models are the single source of truth for what travels over HTTP. The server
imports them to validate requests and shape responses; the client uses them to parse answers.
Inputs forbid unknown fields and bound every length so a hostile client cannot make the server
store or echo arbitrary data.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
import uuid
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from consent_common.activation_code import TYPED_PATTERN

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$"
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 512


def _refuse_control_characters(value: str) -> str:
    """No control characters (C0, DEL, C1) in text people send: a NUL cannot be stored in
    PostgreSQL, and line breaks or escapes have no place in a one-line field."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise PydanticCustomError("control_character", "Control characters are not allowed.")
    return value


# Every text field of a request body is Text (with its own length or pattern on top).
Text = Annotated[str, AfterValidator(_refuse_control_characters)]
Username = Annotated[Text, StringConstraints(pattern=USERNAME_PATTERN)]
Passphrase = Annotated[
    Text, StringConstraints(min_length=PASSPHRASE_MIN, max_length=PASSPHRASE_MAX)
]
# A passphrase checked against a stored hash is never stored itself and may predate the rule.
PassphraseToCheck = Annotated[str, StringConstraints(min_length=1, max_length=PASSPHRASE_MAX)]
ShortText = Annotated[Text, StringConstraints(max_length=200)]
Address = Annotated[Text, StringConstraints(max_length=300)]
LocaleCode = Annotated[Text, StringConstraints(pattern=r"^[a-z]{2}(_[A-Z]{2})?$")]
Token = Annotated[Text, StringConstraints(min_length=16, max_length=200)]


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


# --- preferences -------------------------------------------------------------------------


class Topics(BaseModel):
    """What the person wants to hear about.

    The defaults (all true) only fill a write that leaves ``topics`` out, as older clients
    did; a record nobody has answered yet shows :data:`NO_TOPICS` (docs/api.md).
    """

    model_config = ConfigDict(extra="forbid")

    new_findings: ExactBool = True
    proceedings: ExactBool = True
    compensation: ExactBool = True
    removal: ExactBool = True


# Nothing ticked: what a record shows before anyone chose (consent is an active choice).
NO_TOPICS = Topics(new_findings=False, proceedings=False, compensation=False, removal=False)


class Channel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ChannelKind
    address: Address | None = None


class SafeContact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hours: Annotated[Text, StringConstraints(max_length=100)] | None = None
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

    identity_check: Annotated[Text, StringConstraints(min_length=2, max_length=200)]
    read_back_confirmed: ExactBool


class PreferenceRevert(_Input):
    """Body of POST /v1/subjects/{id}/preferences/revert: make version N's choices current
    again, as a new version (the history is never rewritten)."""

    to_version: Annotated[int, Strict(), Field(ge=1, le=999_999_999)]  # not "1" or 1.0
    questions_locale: LocaleCode | None = None
    assisted: AssistedEntry | None = None


class Actor(_Output):
    account_id: uuid.UUID | None
    role: Role | None
    relation: Literal["self", "delegate", "staff", "system"]
    label: str | None = None


class EchoedActor(_Input):
    """``updated_by`` as a GET returned it, sent back unchanged in a PUT."""

    account_id: uuid.UUID | None = None
    role: Role | None = None
    relation: Literal["self", "delegate", "staff", "system"]
    label: ShortText | None = None


# Fields of the preferences document the server sets. A PUT may send them back as the GET
# returned them (they are then ignored); a value that contradicts the path, the If-Match
# version or the stored version is refused with 422 ``read-only-field-mismatch``.
READ_ONLY_FIELDS = frozenset({"subject_id", "version", "updated_at", "updated_by"})
_READ_ONLY_NOTE = "Read-only: ignored when it matches what the server holds, 422 when not."


class PreferenceWrite(PreferenceChoices):
    """Body of PUT /v1/subjects/{id}/preferences: the choices, plus (optionally) the
    read-only fields of the document a GET returned, so GET, change, PUT works."""

    questions_locale: LocaleCode = "nl"
    questions_version: Annotated[Text, StringConstraints(max_length=40)] = "1"
    assisted: AssistedEntry | None = None
    subject_id: uuid.UUID | None = Field(default=None, description=_READ_ONLY_NOTE)
    version: Annotated[int, Field(ge=0, le=999_999_999)] | None = Field(
        default=None, description=_READ_ONLY_NOTE
    )
    updated_at: dt.datetime | None = Field(default=None, description=_READ_ONLY_NOTE)
    updated_by: EchoedActor | None = Field(default=None, description=_READ_ONLY_NOTE)

    def without_read_only(self) -> PreferenceWrite:
        """The write itself: what identifies the request for its Idempotency-Key."""
        return self.model_copy(update=dict.fromkeys(READ_ONLY_FIELDS))


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
    # Assisted entry, when staff recorded the wish for the victim (by phone or in person):
    # for whom staff acted, how identity was checked, that the answers were read back.
    on_behalf_of: uuid.UUID | None = None
    identity_check: str | None = None
    read_back_confirmed: bool | None = None


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
