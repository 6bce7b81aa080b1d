"""The wire models of a person's choices: what to be told and how, the versions kept, and
the consent receipt of a version. Re-exported by :mod:`consent_common.models`."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

from consent_common.wire import (
    Address,
    ExactBool,
    ExactDate,
    LocaleCode,
    Role,
    ShortText,
    Text,
    _Input,
    _Output,
)


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


# --- preferences -------------------------------------------------------------------------


class Topics(BaseModel):
    """What the person wants to hear about.

    Every topic starts unticked, on the wire too: consent is an active choice, so a write
    that leaves ``topics`` (or one of them) out chooses nothing for it (docs/api.md).
    """

    model_config = ConfigDict(extra="forbid")

    new_findings: ExactBool = False
    proceedings: ExactBool = False
    compensation: ExactBool = False
    removal: ExactBool = False


# Nothing ticked: what a record shows before anyone chose (consent is an active choice).
NO_TOPICS = Topics()


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
