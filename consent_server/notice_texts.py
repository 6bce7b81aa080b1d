"""The fixed, calm texts of a notice (as keys the app translates) and what a person can do.

A finding never carries free text about the material: the notice says what kind of finding
it is, in one wording per kind, and which answers fit it.
"""

from __future__ import annotations

from consent_common.models import Topics
from consent_common.notices import TOPIC_OF, FindingKind, NoticeItem, ResponseKind
from consent_server.notice_tables import FindingRow

_ACTIONS: dict[FindingKind, list[ResponseKind]] = {
    FindingKind.new_material_in_case: [
        ResponseKind.want_support_contact,
        ResponseKind.contact_my_lawyer,
    ],
    FindingKind.material_online: [
        ResponseKind.want_support_contact,
        ResponseKind.contact_my_lawyer,
    ],
    FindingKind.case_joinable: [
        ResponseKind.want_to_join_case,
        ResponseKind.contact_my_lawyer,
        ResponseKind.want_support_contact,
    ],
    FindingKind.removal_done: [ResponseKind.want_support_contact],
    FindingKind.compensation_info: [
        ResponseKind.contact_my_lawyer,
        ResponseKind.want_support_contact,
    ],
}


def topic_on(topics: Topics, kind: FindingKind) -> bool:
    on: bool = getattr(topics, TOPIC_OF[kind])
    return on


def item_of(finding: FindingRow) -> NoticeItem:
    kind = FindingKind(finding.kind)
    return NoticeItem(
        finding_id=finding.id,
        kind=kind,
        title_key=f"notice.{kind.value}.title",
        body_key=f"notice.{kind.value}.body",
        case_reference=finding.case_reference,
        authority=finding.authority,
        join_deadline=finding.join_deadline,
        found_at=finding.created_at,
        actions=[*_ACTIONS[kind], ResponseKind.stop_this_topic],
    )
