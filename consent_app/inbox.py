"""The inbox as the app sees it: how many messages are new, a neutral title per message, the
topics a message is about, and what happens after each answer.

No Textual here: the screens (``screens/inbox.py``, ``screens/notice.py``) and the home screens
use these. Titles are neutral on purpose: an onlooker reading the list learns little.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from api_client.notices import TOPIC_OF, Notice, ResponseKind
from consent_app import notice_words
from consent_app.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from api_client import ConsentClient

PAGE_SIZE = 20


def unread_counts(client: ConsentClient) -> dict[uuid.UUID, int]:
    """Unread notices per record (blocking: call it from a thread worker). One small
    request: the server counts."""
    return {record.subject_id: record.unread for record in client.my_unread_notices().records}


def unread_count(client: ConsentClient) -> int:
    """How many notices are not read yet, over every record (blocking, as above)."""
    return client.my_unread_notices().unread


def count_text(count: int) -> str:
    """ "1 new message", neutral: it says nothing about what the messages are about."""
    if count == 0:
        return _("No new messages")
    return ngettext("%(count)s new message", "%(count)s new messages", count) % {"count": count}


def title(notice: Notice) -> str:
    """The one-line title of a notice in the list and as its heading."""
    if notice.kind == "digest":
        return _(notice_words.TITLES["notice.digest.title"])
    if notice.kind == "reassurance" or not notice.items:
        return _(notice_words.TITLES["notice.reassurance.title"])
    return notice_words.title(notice.items[0])


def topics_of(notice: Notice) -> set[str]:
    return {TOPIC_OF[item.kind] for item in notice.items}


def actions_of(notice: Notice) -> list[ResponseKind]:
    """The answers that fit this notice, in a fixed order, "read" left out (sent on opening)."""
    offered = {action for item in notice.items for action in item.actions}
    return [kind for kind in ResponseKind if kind in offered and kind is not ResponseKind.read]


NEXT_FOR_SELF: dict[ResponseKind, str] = {
    ResponseKind.read: N_("Thank you. Nothing else needs to happen."),
    ResponseKind.want_to_join_case: N_(
        "Your answer has been passed on. The police or the public prosecutor will contact you "
        "in the way you chose, to help you sign up in time. Your lawyer or "
        "Slachtofferhulp Nederland can also help you with this."
    ),
    ResponseKind.want_support_contact: N_(
        "Your answer has been passed on. Slachtofferhulp Nederland will contact you in the "
        "way you chose. You can also call them yourself: 0900 0101."
    ),
    ResponseKind.contact_my_lawyer: N_(
        "Your answer has been passed on. The police will contact your lawyer about this."
    ),
    ResponseKind.stop_this_topic: N_(
        "You will get no more messages about this topic. You can change this at any time "
        "under 'Change my choices'."
    ),
}

NEXT_FOR_REPRESENTATIVE: dict[ResponseKind, str] = {
    ResponseKind.read: N_("Thank you. Nothing else needs to happen."),
    ResponseKind.want_to_join_case: N_(
        "Your answer has been passed on. The police or the public prosecutor will contact you "
        "as the representative, to help sign up in time. A lawyer or Slachtofferhulp "
        "Nederland can also help."
    ),
    ResponseKind.want_support_contact: N_(
        "Your answer has been passed on. Slachtofferhulp Nederland will contact you as the "
        "representative. You can also call them yourself: 0900 0101."
    ),
    ResponseKind.contact_my_lawyer: N_(
        "Your answer has been passed on. The police will contact the lawyer about this."
    ),
    ResponseKind.stop_this_topic: N_(
        "Your answer has been passed on. The choices of the person you represent stay as they "
        "are; only they, or someone allowed to change their choices, can change them."
    ),
}


def what_happens_next(kind: ResponseKind, *, for_representative: bool) -> str:
    texts = NEXT_FOR_REPRESENTATIVE if for_representative else NEXT_FOR_SELF
    return _(texts[kind])
