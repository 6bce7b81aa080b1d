"""The preference questions without a screen: their texts, their answers, what "decide later"
keeps, and how the answers become what is sent.

Both front ends use this module: the Textual wizard (``screens/wizard``) and the plain line
mode (``plain/``). The checks of what a person types live in ``answer_checks`` and
``date_input`` (pure functions too). Nothing here imports Textual or talks to the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from api_client.models import (
    ChannelKind,
    Inform,
    PreferenceChoices,
    PreferenceWrite,
    Recipients,
    Weekday,
)
from consent_app.i18n import Msg, current_language


@dataclass(frozen=True)
class Question:
    """One question: ``key`` names the step, ``text`` is asked, ``why`` is the help text."""

    key: str
    text: Msg
    why: Msg


INFORM = Question(
    "inform",
    Msg("Do you want to be told when the police find new images of you?"),
    Msg(
        "When the police find new copies of images of you, they can let you know. Some "
        "people want that, others do not. Both are fine. If you say no, nobody will contact "
        "you about new findings. You can change your answer at any time."
    ),
)
TOPICS = Question(
    "topics",
    Msg("What do you want to be told about?"),
    Msg(
        "You may want to hear about some things and not about others. For example, you can "
        "join a new criminal case to ask for compensation, or get support from the "
        "Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent crime). "
        "Switch on only what you want to hear about."
    ),
)
RECIPIENTS = Question(
    "recipients",
    Msg("Who should be told?"),
    Msg(
        "You can be told yourself, or someone you trust can be told for you, such as a "
        "parent, a lawyer or someone from victim support. Your representative only acts "
        "within what you allowed."
    ),
)
CHANNELS = Question(
    "channels",
    Msg("How should you be told? Put the best way first."),
    Msg(
        "Choose one or more ways to reach you, and fill in where we can reach you. The first "
        "way is tried first. Only the people who inform you can see these details."
    ),
)
SAFE_CONTACT = Question(
    "safe_contact",
    Msg("When and how is it safe to contact you?"),
    Msg(
        "Not everyone can be contacted safely at any time. Maybe someone at home must not "
        "know, or may open your post. Tell us what keeps you safe, and we will stick to it. "
        "Leave a field empty if it does not matter to you."
    ),
)
PAUSE = Question(
    "pause",
    Msg("Do you want a pause?"),
    Msg(
        "Perhaps now is not a good time to hear anything. You can ask us to wait until a "
        "date you choose. Until then, nobody will contact you about new findings."
    ),
)
QUESTIONS = [INFORM, TOPICS, RECIPIENTS, CHANNELS, SAFE_CONTACT, PAUSE]
"""In the order they are asked; after INFORM only when the answer is yes."""

REVIEW_WHY = Msg(
    "Here you see all your answers together. Nothing is sent until you choose 'Confirm and "
    "send'. After sending you can still change your answers at any time."
)
SAVE_FAILED = Msg(
    "Your answers could not be kept on this computer, so nothing was sent. "
    "Please try again. Your answers are still here."
)

INFORM_CHOICES: list[tuple[Inform, Msg]] = [
    (Inform.yes, Msg("Yes, I want to be told")),
    (Inform.no, Msg("No, I do not want to be told")),
    (Inform.undecided, Msg("I will decide later")),
]
CHOOSE_AN_ANSWER = Msg("Please choose an answer, or choose 'I will decide later'.")

RECIPIENT_CHOICES: list[tuple[Recipients, Msg]] = [
    (Recipients.me, Msg("Me")),
    (Recipients.representative, Msg("My representative")),
    (Recipients.both, Msg("Both me and my representative")),
]

CHANNEL_ORDER = list(ChannelKind)
ADDRESS_HINTS = {
    ChannelKind.app: Msg("nothing to fill in"),
    ChannelKind.email: Msg("your e-mail address"),
    ChannelKind.phone: Msg("your phone number"),
    ChannelKind.post: Msg("the address for letters"),
    ChannelKind.in_person: Msg("name of your contact person (if you want)"),
}
CHOOSE_A_CHANNEL = Msg("Choose at least one way, or choose 'Decide later' to leave this for now.")

DAY_LABELS = {
    Weekday.mon: Msg("Mon"),
    Weekday.tue: Msg("Tue"),
    Weekday.wed: Msg("Wed"),
    Weekday.thu: Msg("Thu"),
    Weekday.fri: Msg("Fri"),
    Weekday.sat: Msg("Sat"),
    Weekday.sun: Msg("Sun"),
}
SAFE_SWITCHES = {
    "no_voicemail": Msg("Do not leave a voicemail"),
    "no_post_to_home": Msg("Do not send post to my home address"),
    "household_must_not_know": Msg("Someone in my household must not know about this"),
}
SAFE_TEXTS = {
    "hours": (Msg("Safe times"), Msg("for example: 9:00 to 12:00")),
    "alternative_address": (Msg("Other address for post"), Msg("if you want")),
    "discreet_sender": (Msg("Sender name on letters"), Msg("a neutral name, if you want")),
}
PAUSE_NOTE = Msg("Nobody contacts you before this date. Leave it empty for no pause.")


def fields_of(key: str) -> list[str]:
    """The fields of :class:`PreferenceChoices` the question ``key`` sets."""
    return {"pause": ["paused_until"], "volume": ["frequency", "reassurance"]}.get(key, [key])


def decide_later(
    choices: PreferenceChoices, key: str, recorded: PreferenceChoices
) -> PreferenceChoices:
    """ "Decide later" on question ``key``: the first question becomes "not decided yet";
    any other keeps what was recorded before the questions opened."""
    if key == INFORM.key:
        return choices.model_copy(update={"inform": Inform.undecided})
    return choices.model_copy(update={name: getattr(recorded, name) for name in fields_of(key)})


def only_inform_applies(choices: PreferenceChoices) -> bool:
    """With "no" or "not decided", the detail questions do not apply."""
    return choices.inform is not Inform.yes


def starting_choices(source: PreferenceChoices) -> PreferenceChoices:
    """The working copy the questions start from (a stored document or a waiting change)."""
    return PreferenceChoices.model_validate(
        source.model_dump(include=set(PreferenceChoices.model_fields))
    )


# The question texts the wizard shows, as published on the server (docs/api.md "question
# versions"; migration 0007 holds them). Change both together.
QUESTIONS_VERSION = "2"
# The plain line mode does not ask the volume question yet: what it shows are the texts of
# version 1, so its answers say so (and the app asks about volume gently later).
PLAIN_QUESTIONS_VERSION = "1"


def as_write(choices: PreferenceChoices, version: str = QUESTIONS_VERSION) -> PreferenceWrite:
    """What is sent for ``choices``, with the language and version of the questions shown."""
    return PreferenceWrite(
        **choices.model_dump(),
        questions_locale=current_language(),
        questions_version=version,
    )
