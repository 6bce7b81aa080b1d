"""Our consent receipt mapped onto a Kantara Consent Receipt v1.1 document.

The mapping, field by field (docs/api.md has it for readers):

- ``consentTimestamp``: when the version was recorded, in whole seconds since the epoch (UTC);
- one purpose per topic (new findings, proceedings, compensation, removal); a topic is
  ``x-decision: "given"`` only when the victim said yes *and* chose the topic. A "no" is
  recorded as a refusal of every purpose and of the whole (``x-decision: "refused"``), never
  as an absence; "decide later" is ``undecided``;
- ``sensitive: true`` and ``spiCat`` name the special category of the data;
- ``piiControllers`` and ``policyUrl`` come from the server settings;
- a representative or staff member who recorded the choice is named in ``x-actedBy``.
"""

from __future__ import annotations

from consent_common import models
from consent_common.kantara import (
    Decision,
    KantaraActor,
    KantaraController,
    KantaraPurpose,
    KantaraReceipt,
    KantaraService,
)
from consent_server.settings import ServerSettings

SERVICE = "Informing victims when police find new copies of material about them"
# The topics in the order the questions ask them; the first is the service's main purpose.
PURPOSES = {
    "new_findings": "Tell the victim about new images that are found",
    "proceedings": "Tell the victim about criminal cases they can join to claim compensation",
    "compensation": "Tell the victim about support from the compensation fund",
    "removal": "Tell the victim about the removal of the material",
}
PURPOSE_CATEGORY = ["Informing a victim of crime"]
PII_CATEGORIES = ["Contact details", "Safe-contact instructions", "Notification preferences"]
SPECIAL_CATEGORIES = [
    "Data concerning a person's sex life (GDPR art. 9)",
    "Data about a victim of a criminal offence",
]
TERMINATION = "Until the victim (or someone acting within their mandate) changes this choice"
_METHODS = {
    models.ChangeMethod.self_service: "Self-service: the victim answered the questions",
    models.ChangeMethod.representative: "Recorded by the victim's representative",
    models.ChangeMethod.assisted: "Recorded by staff together with the victim",
    models.ChangeMethod.system: "Recorded by the system",
}
_DECISIONS: dict[models.Inform, Decision] = {
    models.Inform.yes: "given",
    models.Inform.no: "refused",
    models.Inform.undecided: "undecided",
}
_CONSENT_TYPES: dict[Decision, str] = {
    "given": "EXPLICIT",
    "refused": "EXPLICIT-REFUSAL",
    "undecided": "NOT-GIVEN",
}


def _purpose_decision(overall: Decision, chosen: bool) -> Decision:
    if overall == "given":
        return "given" if chosen else "refused"
    return overall


def kantara_receipt(receipt: models.ConsentReceipt, settings: ServerSettings) -> KantaraReceipt:
    overall = _DECISIONS[receipt.decision]
    to_representative = receipt.recipients in (
        models.Recipients.representative,
        models.Recipients.both,
    )
    purposes = []
    for index, (topic, text) in enumerate(PURPOSES.items()):
        decision = _purpose_decision(overall, receipt.purposes[topic])
        purposes.append(
            KantaraPurpose(
                purpose=text,
                consentType=_CONSENT_TYPES[decision],
                purposeCategory=PURPOSE_CATEGORY,
                piiCategory=PII_CATEGORIES,
                primaryPurpose=index == 0,
                termination=TERMINATION,
                thirdPartyDisclosure=to_representative and decision == "given",
                thirdPartyName=(
                    "The victim's representative"
                    if to_representative and decision == "given"
                    else None
                ),
                decision=decision,
            )
        )
    acted_by = None
    if receipt.actor.relation != "self":
        acted_by = KantaraActor(
            relation=receipt.actor.relation,
            role=receipt.actor.role.value if receipt.actor.role else None,
            label=receipt.actor.label,
            identityCheck=receipt.identity_check,
            readBackConfirmed=receipt.read_back_confirmed,
        )
    return KantaraReceipt(
        jurisdiction=receipt.jurisdiction,
        consentTimestamp=int(receipt.consent_timestamp.timestamp()),
        collectionMethod=_METHODS[receipt.collection_method],
        consentReceiptID=str(receipt.receipt_id),
        language=receipt.language,
        piiPrincipalId=str(receipt.subject_id),
        piiControllers=[
            KantaraController(
                piiController=settings.controller,
                contact=settings.controller_contact,
                address=settings.controller_address,
                email=settings.controller_email,
                phone=settings.controller_phone,
                piiControllerUrl=settings.controller_url,
            )
        ],
        policyUrl=settings.policy_url,
        services=[KantaraService(service=SERVICE, purposes=purposes)],
        sensitive=True,
        spiCat=SPECIAL_CATEGORIES,
        decision=overall,
        recordVersion=receipt.version,
        noticeVersion=receipt.notice_version,
        actedBy=acted_by,
    )
