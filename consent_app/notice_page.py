"""What the inbox list and one message say, as text: the help texts, the one-line entry per
message, who it is addressed to, what was found, what can be done, and the answer labels.

Both front ends show these: the Textual screens (``screens/inbox.py``, ``screens/notice.py``)
and the plain line mode (``plain/inbox.py``). No Textual here. The wording per kind of finding
is in ``notice_words``, the ways forward in ``notice_guidance``.
"""

from __future__ import annotations

from api_client.notices import Notice, ResponseKind
from consent_app import inbox, notice_guidance, notice_words
from consent_app.i18n import Msg, _, format_datetime

INBOX_WHY = Msg(
    "Here you find the messages about what the police found, if you chose to get them in "
    "this app. The titles say little on purpose, so an onlooker learns nothing. If you want "
    "to talk to someone now, call Slachtofferhulp Nederland: 0900 0101 (free of charge)."
)
NO_MESSAGES = Msg("There are no messages.")
LIST_INTRO = Msg("Newest first. Choose a message and press Enter.")
NOTICE_WHY = Msg(
    "This message says what the police found, in general words, and what can be done. You "
    "do not have to do anything, and you can answer later. Your answer goes to the people "
    "who inform you. If you want to talk to someone now, call Slachtofferhulp Nederland: "
    "0900 0101 (free of charge)."
)


def for_representative(notice: Notice) -> bool:
    """Whether the reader acts for the person (then it says "the person you represent")."""
    return notice.relation == "delegate"


def notice_line(notice: Notice, label: str | None = None) -> str:
    """One neutral line in the list: new or read, when, the fixed title (and the record)."""
    mark = _("New") if notice.read_at is None else _("Read")
    line = f"{mark} · {format_datetime(notice.created_at)} · {inbox.title(notice)}"
    if for_representative(notice):
        line += " · " + _("record %(label)s") % {"label": label or "—"}
    return line


def addressed(notice: Notice, label: str | None = None) -> str:
    """When it came, and for a representative whose record it is about."""
    received = _("Received on %(when)s.") % {"when": format_datetime(notice.created_at)}
    if not for_representative(notice):
        return received
    return (
        _(
            "You read this as the representative of record %(label)s. It is about the "
            "person you represent, not about you."
        )
        % {"label": label or "—"}
        + " "
        + received
    )


def what_was_found(notice: Notice) -> str:
    """The fixed, calm wording per finding with its facts (never a detail of the material)."""
    as_representative = for_representative(notice)
    if notice.kind == "reassurance" or not notice.items:
        return notice_words.reassurance_body(for_representative=as_representative)
    parts = []
    for item in notice.items:
        text = notice_words.body(item, for_representative=as_representative)
        if len(notice.items) > 1:
            text = f"{notice_words.title(item)}\n{text}"
        parts.append(f"{text}\n{notice_guidance.item_facts(item)}")
    return "\n\n".join(parts)


def ways_forward(notice: Notice) -> str:
    """What can be done, one line each, most urgent first."""
    lines = notice_guidance.ways_forward(notice, for_representative=for_representative(notice))
    return "\n".join(f"• {line}" for line in lines)


def answer_label(kind: ResponseKind, answered: list[ResponseKind]) -> str:
    """The label of an answer, marked when it was sent already."""
    label = notice_words.answer_label(kind)
    if kind in answered:
        return _("✓ %(answer)s (sent)") % {"answer": label}
    return label


def after_answer(notice: Notice, kind: ResponseKind) -> str:
    """What happens next, after ``kind`` was sent."""
    return inbox.what_happens_next(kind, for_representative=for_representative(notice))
