"""The words of notices: the fixed, calm text per kind of finding, the answers, and the
access-log lines about findings and deliveries.

The server sends keys (``notice.case_joinable.title``); the texts live here, in both
languages. A representative reads about "the person you represent", never "you".
"""

from __future__ import annotations

from api_client.notices import FindingKind, NoticeItem, ResponseKind
from consent_app.i18n import N_, _

TITLES: dict[str, str] = {
    "notice.new_material_in_case.title": N_("The police found more images in a case"),
    "notice.material_online.title": N_("Images were found on the internet"),
    "notice.case_joinable.title": N_("There is a criminal case you can take part in"),
    "notice.removal_done.title": N_("Images have been removed from the internet"),
    "notice.compensation_info.title": N_("Information about compensation"),
    "notice.digest.title": N_("A summary of news"),
    "notice.reassurance.title": N_("Nothing new has been found"),
}

REASSURANCE: dict[bool, str] = {
    False: N_(
        "In the past year nothing new has been found. Your wishes still stand. You can "
        "change them at any time."
    ),
    True: N_(
        "In the past year nothing new has been found for the person you represent. Their "
        "wishes still stand."
    ),
}

BODIES_FOR_SELF: dict[str, str] = {
    "notice.new_material_in_case.body": N_(
        "During an investigation the police found images of you that they did not have "
        "before. They are kept safely as evidence. You do not have to do anything. If you "
        "want to talk about it, victim support is there for you."
    ),
    "notice.material_online.body": N_(
        "Images of you were found on the internet. The police are working to have them "
        "removed. You do not have to do anything. If you want to talk about it, victim "
        "support is there for you."
    ),
    "notice.case_joinable.body": N_(
        "There is a criminal case in which you can take part as an injured party. Then you "
        "can ask for compensation and be heard. You can sign up until the date below. Your "
        "lawyer or victim support can help you."
    ),
    "notice.removal_done.body": N_(
        "Images of you that were on the internet have been removed. You do not have to do anything."
    ),
    "notice.compensation_info.body": N_(
        "You may be able to receive money for the harm done to you, for example from the "
        "Schadefonds Geweldsmisdrijven. Your lawyer or victim support can help you apply."
    ),
}

BODIES_FOR_REPRESENTATIVE: dict[str, str] = {
    "notice.new_material_in_case.body": N_(
        "During an investigation the police found images of the person you represent that "
        "they did not have before. They are kept safely as evidence. Nothing needs to be "
        "done. Victim support is there if you or they want to talk about it."
    ),
    "notice.material_online.body": N_(
        "Images of the person you represent were found on the internet. The police are "
        "working to have them removed. Nothing needs to be done. Victim support is there if "
        "you or they want to talk about it."
    ),
    "notice.case_joinable.body": N_(
        "There is a criminal case in which the person you represent can take part as an "
        "injured party, to ask for compensation and be heard. Signing up is possible until "
        "the date below. A lawyer or victim support can help."
    ),
    "notice.removal_done.body": N_(
        "Images of the person you represent that were on the internet have been removed. "
        "Nothing needs to be done."
    ),
    "notice.compensation_info.body": N_(
        "The person you represent may be able to receive money for the harm done, for "
        "example from the Schadefonds Geweldsmisdrijven. A lawyer or victim support can help "
        "apply."
    ),
}

ANSWERS: dict[ResponseKind, str] = {
    ResponseKind.read: N_("I have read this"),
    ResponseKind.want_to_join_case: N_("Sign up to take part in the case"),
    ResponseKind.want_support_contact: N_("I would like victim support to contact me"),
    ResponseKind.contact_my_lawyer: N_("Please contact the lawyer"),
    ResponseKind.stop_this_topic: N_("No more messages about this"),
}

SHORT_KINDS: dict[str, str] = {
    FindingKind.new_material_in_case.value: N_("more images in a case"),
    FindingKind.material_online.value: N_("images on the internet"),
    FindingKind.case_joinable.value: N_("a case you can take part in"),
    FindingKind.removal_done.value: N_("images removed"),
    FindingKind.compensation_info.value: N_("compensation"),
}

CHANNELS: dict[str, str] = {
    "app": N_("in this app"),
    "email": N_("by e-mail"),
    "phone": N_("by phone"),
    "post": N_("by post"),
    "in_person": N_("in person"),
}

WITHHELD: dict[str, str] = {
    "declined": N_("you chose not to be told"),
    "undecided": N_("you have not decided yet; support staff will ask you first"),
    "paused": N_("you paused messages; it waits until the pause ends"),
    "topic_off": N_("you do not want messages about this topic"),
    "digest": N_("it waits for your summary"),
    "not_actionable": N_("you only want messages when there is something to do"),
    "no_reachable_recipient": N_("there is no safe way to reach you"),
    "recipient_gone": N_("your choices changed before it was sent"),
}

OUTCOMES: dict[str, str] = {
    "delivered": N_("told you %(channel)s"),
    "not_reached": N_("tried to reach you %(channel)s, but did not reach you"),
    "refused": N_("offered to tell you %(channel)s; you did not want to hear it then"),
}

FIXED_ACTIONS: dict[str, str] = {
    "finding.replayed": N_("sent the same finding again (nothing changed)"),
    "notice.list": N_("looked at the messages in the inbox"),
    "notice.read": N_("read a message"),
    "notice-responses.read": N_("read the answers to messages"),
    "digest.released": N_("put together a summary of findings"),
    "first-contact.list": N_("saw that a safe first conversation is needed"),
    "first-contact.done": N_("had a safe first conversation"),
    "reassurance.sent": N_("sent the yearly message that nothing new was found"),
}


def title(item: NoticeItem) -> str:
    return _(TITLES[item.title_key])


def body(item: NoticeItem, *, for_representative: bool) -> str:
    texts = BODIES_FOR_REPRESENTATIVE if for_representative else BODIES_FOR_SELF
    return _(texts[item.body_key])


def reassurance_body(*, for_representative: bool) -> str:
    return _(REASSURANCE[for_representative])


def answer_label(kind: ResponseKind) -> str:
    return _(ANSWERS[kind])


def _known(table: dict[str, str], key: str) -> str | None:
    text = table.get(key)
    return _(text) if text is not None else None


def action_text(action: str) -> str | None:
    """The access-log words for a notices action, or None when it is not one of them."""
    if action in FIXED_ACTIONS:
        return _(FIXED_ACTIONS[action])
    parts = action.split(".")
    if action.startswith("finding.recorded.") and (what := _known(SHORT_KINDS, parts[2])):
        return _("recorded a new finding: %(what)s") % {"what": what}
    if action.startswith("notice.withheld.") and (why := _known(WITHHELD, parts[2])):
        return _("did not send a message: %(why)s") % {"why": why}
    if len(parts) == 4 and parts[0] == "notice" and (how := _known(CHANNELS, parts[3])):
        if parts[1] == "in_app":
            if parts[2] == "rep":
                return _("put a message in your representative's inbox")
            return _("put a message in your inbox")
        if parts[1] == "queued":
            return _("planned to tell you %(channel)s, at a time you said is safe") % {
                "channel": how
            }
        if parts[1] == "outcome" and parts[2] in OUTCOMES:
            return _(OUTCOMES[parts[2]]) % {"channel": how}
    contact = len(parts) == 3 and parts[:2] == ["notice", "contact-read"]
    if contact and (how := _known(CHANNELS, parts[2])):
        return _("looked up how to reach you %(channel)s, to tell you") % {"channel": how}
    if action.startswith("notice.response.") and parts[2] in ResponseKind.__members__:
        return _("answered a message: %(answer)s") % {"answer": _(ANSWERS[ResponseKind(parts[2])])}
    return None
