"""A consent receipt as a Kantara Initiative Consent Receipt v1.1 document.

The standard's field names are camelCase and kept as they are. What the standard has no field
for is carried in extension fields whose names start with ``x-`` (the standard's schema allows
additional members): whether each purpose was agreed to or refused, who acted when it was not
the victim, and the version of the questions that were shown.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

KANTARA_VERSION = "KI-CR-v1.1.0"
Decision = Literal["given", "refused", "undecided"]


class _Kantara(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_by_name=True, serialize_by_alias=True)


class KantaraController(_Kantara):
    piiController: str
    onBehalf: bool = False
    contact: str
    address: dict[str, str]
    email: str
    phone: str
    piiControllerUrl: str | None = None


class KantaraPurpose(_Kantara):
    purpose: str
    consentType: str
    purposeCategory: list[str]
    piiCategory: list[str]
    primaryPurpose: bool
    termination: str
    thirdPartyDisclosure: bool
    thirdPartyName: str | None = None
    decision: Decision = Field(validation_alias="x-decision", serialization_alias="x-decision")


class KantaraService(_Kantara):
    service: str
    purposes: list[KantaraPurpose]


class KantaraActor(_Kantara):
    """Who recorded the choice on the victim's behalf (a representative or staff)."""

    relation: Literal["delegate", "staff", "system"]
    role: str | None
    label: str | None
    identityCheck: str | None = None
    readBackConfirmed: bool | None = None


class KantaraReceipt(_Kantara):
    """Kantara Consent Receipt v1.1, with this service's ``x-`` extensions."""

    version: Literal["KI-CR-v1.1.0"] = "KI-CR-v1.1.0"
    jurisdiction: str
    consentTimestamp: int = Field(ge=0, description="Seconds since 1970-01-01 UTC")
    collectionMethod: str
    consentReceiptID: str
    language: str
    piiPrincipalId: str
    piiControllers: list[KantaraController]
    policyUrl: str
    services: list[KantaraService]
    sensitive: bool
    spiCat: list[str]
    decision: Decision = Field(validation_alias="x-decision", serialization_alias="x-decision")
    recordVersion: int = Field(
        validation_alias="x-recordVersion", serialization_alias="x-recordVersion"
    )
    noticeVersion: str = Field(
        validation_alias="x-noticeVersion", serialization_alias="x-noticeVersion"
    )
    actedBy: KantaraActor | None = Field(
        default=None, validation_alias="x-actedBy", serialization_alias="x-actedBy"
    )
