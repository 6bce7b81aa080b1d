"""The preference questions without a screen: their texts, their answers, what "decide later"
keeps, and how the answers become what is sent.

Both front ends use this module: the Textual wizard (``screens/wizard``) and the plain line
mode (``plain/``). The checks of what a person types live in ``answer_checks`` and
``date_input`` (pure functions too). Nothing here imports Textual or talks to the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from api_client.models import (
    NO_TOPICS,
    ChannelKind,
    Inform,
    PreferenceChoices,
    PreferenceWrite,
    Recipients,
    Weekday,
)
from consent_app.i18n import N_, Msg, current_language
from consent_app.viewpoint import Worded


@dataclass(frozen=True)
class Question:
    """One question: ``key`` names the step, ``text`` is asked, ``why`` is the help text."""

    key: str
    text: Msg
    why: Msg


INFORM = Question(
    "inform",
    Worded(
        N_("Do you want to be told when the police find new images of you?"),
        N_("Does the person you act for want to be told when the police find new images of them?"),
        N_(
            "Does the person you are helping want to be told when the police find new "
            "images of them?"
        ),
    ),
    Worded(
        N_(
            "When the police find new copies of images of you, they can let you know. Some "
            "people want that, others do not. Both are fine. If you say no, nobody will contact "
            "you about new findings. You can change your answer at any time."
        ),
        N_(
            "When the police find new copies of images of the person you act for, they can let "
            "them know. Some people want that, others do not. Both are fine. If the answer is "
            "no, nobody will contact them about new findings. The answer can be changed at any "
            "time, and the person sees every change you make."
        ),
        N_(
            "When the police find new copies of images of the person you are helping, they can "
            "let them know. Some people want that, others do not. Both are fine. If the answer "
            "is no, nobody will contact them about new findings. The answer can be changed at "
            "any time."
        ),
    ),
)
TOPICS = Question(
    "topics",
    Worded(
        N_("What do you want to be told about?"),
        N_("What does the person you act for want to be told about?"),
        N_("What does the person you are helping want to be told about?"),
    ),
    Worded(
        N_(
            "You may want to hear about some things and not about others. For example, you "
            "can join a new criminal case to ask for compensation, or get support from the "
            "Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent "
            "crime). Switch on only what you want to hear about."
        ),
        N_(
            "The person may want to hear about some things and not about others. For example, "
            "they can join a new criminal case to ask for compensation, or get support from "
            "the Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent "
            "crime). Switch on only what the person wants to hear about."
        ),
        N_(
            "The person may want to hear about some things and not about others. For example, "
            "they can join a new criminal case to ask for compensation, or get support from "
            "the Schadefonds Geweldsmisdrijven (the compensation fund for victims of violent "
            "crime). Switch on only what the person wants to hear about."
        ),
    ),
)
RECIPIENTS = Question(
    "recipients",
    Msg("Who should be told?"),
    Worded(
        N_(
            "You can be told yourself, or someone you trust can be told for you, such as a "
            "parent, a lawyer or someone from victim support. Your representative only acts "
            "within what you allowed."
        ),
        N_(
            "The person can be told themselves, or a representative can be told for them. A "
            "representative only acts within what the person or support staff allowed."
        ),
        N_(
            "The person can be told themselves, or a representative can be told for them. A "
            "representative only acts within what the person or support staff allowed."
        ),
    ),
)
# Representatives are told in their own account in this app: say so, rather than leave the
# person wondering how the representative is reached.
THROUGH_REPRESENTATIVE = Worded(
    N_(
        "Your representative is told with a message in their own account in this app, "
        "if you allowed them to be told about new findings (see Representatives)."
    ),
    N_(
        "The representative is told with a message in their own account in this app, "
        "if they may be told about new findings."
    ),
    N_(
        "The representative is told with a message in their own account in this app, "
        "if they may be told about new findings."
    ),
)
CHANNELS = Question(
    "channels",
    Worded(
        N_("How should you be told? Put the best way first."),
        N_("How should the person you act for be told? Put the best way first."),
        N_("How should the person you are helping be told? Put the best way first."),
    ),
    Worded(
        N_(
            "Choose one or more ways to reach you, and fill in where we can reach you. The "
            "first way is tried first. Only the people who inform you can see these details."
        ),
        N_(
            "Choose one or more ways to reach the person, and fill in where they can be "
            "reached. The first way is tried first. Only the people who inform can see these "
            "details."
        ),
        N_(
            "Choose one or more ways to reach the person, and fill in where they can be "
            "reached. The first way is tried first. Only the people who inform can see these "
            "details."
        ),
    ),
)
SAFE_CONTACT = Question(
    "safe_contact",
    Worded(
        N_("When and how is it safe to contact you?"),
        N_("When and how is it safe to contact the person you act for?"),
        N_("When and how is it safe to contact the person you are helping?"),
    ),
    Worded(
        N_(
            "Not everyone can be contacted safely at any time. Maybe someone at home must not "
            "know, or may open your post. Tell us what keeps you safe, and we will stick to "
            "it. Leave a field empty if it does not matter to you."
        ),
        N_(
            "Not everyone can be contacted safely at any time. Maybe someone at home must not "
            "know, or may open the person's post. Fill in what keeps the person safe; it will "
            "be stuck to. Leave a field empty if it does not matter."
        ),
        N_(
            "Not everyone can be contacted safely at any time. Maybe someone at home must not "
            "know, or may open the person's post. Fill in what keeps the person safe; it will "
            "be stuck to. Leave a field empty if it does not matter."
        ),
    ),
)
PAUSE = Question(
    "pause",
    Worded(
        N_("Do you want a pause?"),
        N_("Does the person you act for want a pause?"),
        N_("Does the person you are helping want a pause?"),
    ),
    Worded(
        N_(
            "Perhaps now is not a good time to hear anything. You can ask us to wait until a "
            "date you choose. Until then, nobody will contact you about new findings."
        ),
        N_(
            "Perhaps now is not a good time for the person to hear anything. You can ask to "
            "wait until a date. Until then, nobody will contact them about new findings."
        ),
        N_(
            "Perhaps now is not a good time for the person to hear anything. You can ask to "
            "wait until a date. Until then, nobody will contact them about new findings."
        ),
    ),
)
_VOLUME_WHY_FOR_ANOTHER = N_(
    "Some people want to hear about each finding, others want fewer messages. A summary puts "
    "everything in one message. If there is a case the person can take part in and the date to "
    "sign up is close, they are told at once, so they do not miss it. The yearly message only "
    "says that nothing new was found and their wishes still stand. If you want to talk to "
    "someone now: Slachtofferhulp Nederland, 0900 0101."
)
VOLUME = Question(
    "volume",
    Worded(
        N_("How often do you want to be told?"),
        N_("How often does the person you act for want to be told?"),
        N_("How often does the person you are helping want to be told?"),
    ),
    Worded(
        N_(
            "Some people want to hear about each finding, others want fewer messages. A summary "
            "puts everything in one message. If there is a case you can take part in and the "
            "date to sign up is close, you are told at once, so you do not miss it. The yearly "
            "message only says that nothing new was found and your wishes still stand. If you "
            "want to talk to someone now: Slachtofferhulp Nederland, 0900 0101."
        ),
        _VOLUME_WHY_FOR_ANOTHER,
        _VOLUME_WHY_FOR_ANOTHER,
    ),
)
"""New in question texts version 2: someone who answered version 1 was never asked it, so
nothing is chosen for them beforehand (``WizardStart.volume_asked``)."""
_REASSURANCE_NOTE_FOR_ANOTHER = N_(
    "Does the person also want a short message once a year, saying that nothing new was found "
    "and their wishes still stand? It is not needed."
)
REASSURANCE_NOTE = Worded(
    N_(
        "Do you also want a short message once a year, saying that nothing new was "
        "found and your wishes still stand? You do not have to."
    ),
    _REASSURANCE_NOTE_FOR_ANOTHER,
    _REASSURANCE_NOTE_FOR_ANOTHER,
)
REASSURANCE_YES = Worded(
    N_("Yes, send me that message once a year"),
    N_("Yes, send that message once a year"),
    N_("Yes, send that message once a year"),
)
CHOOSE_HOW_OFTEN = Msg("Please choose how often, or choose 'Decide later'.")
QUESTIONS = [INFORM, TOPICS, RECIPIENTS, CHANNELS, VOLUME, SAFE_CONTACT, PAUSE]
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
    (
        Inform.yes,
        Worded(
            N_("Yes, I want to be told"),
            N_("Yes, they want to be told"),
            N_("Yes, they want to be told"),
        ),
    ),
    (
        Inform.no,
        Worded(
            N_("No, I do not want to be told"),
            N_("No, they do not want to be told"),
            N_("No, they do not want to be told"),
        ),
    ),
    (
        Inform.undecided,
        Worded(
            N_("I will decide later"),
            N_("They will decide later"),
            N_("They will decide later"),
        ),
    ),
]
# Names the button, which every role sees: the answer's own words differ by who answers.
CHOOSE_AN_ANSWER = Msg("Please choose an answer, or choose 'Decide later'.")

RECIPIENT_CHOICES: list[tuple[Recipients, Msg]] = [
    (Recipients.me, Worded(N_("Me"), N_("The person I act for"), N_("The person I am helping"))),
    (
        Recipients.representative,
        Worded(N_("My representative"), N_("The representative"), N_("The representative")),
    ),
    (
        Recipients.both,
        Worded(
            N_("Both me and my representative"),
            N_("Both the person I act for and the representative"),
            N_("Both the person I am helping and the representative"),
        ),
    ),
]

CHANNEL_ORDER = list(ChannelKind)
ADDRESS_HINTS = {
    ChannelKind.app: Msg("nothing to fill in"),
    ChannelKind.email: Worded(
        N_("your e-mail address"), N_("their e-mail address"), N_("their e-mail address")
    ),
    ChannelKind.phone: Worded(
        N_("your phone number"), N_("their phone number"), N_("their phone number")
    ),
    ChannelKind.post: Msg("the address for letters"),
    ChannelKind.in_person: Worded(
        N_("name of your contact person (if you want)"),
        N_("name of their contact person (if wanted)"),
        N_("name of their contact person (if wanted)"),
    ),
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
    "no_post_to_home": Worded(
        N_("Do not send post to my home address"),
        N_("Do not send post to their home address"),
        N_("Do not send post to their home address"),
    ),
    "household_must_not_know": Worded(
        N_("Someone in my household must not know about this"),
        N_("Someone in their household must not know about this"),
        N_("Someone in their household must not know about this"),
    ),
}
SAFE_TEXTS = {
    "hours": (Msg("Safe times"), Msg("for example: 9:00 to 12:00")),
    "alternative_address": (Msg("Other address for post"), Msg("if you want")),
    "discreet_sender": (Msg("Sender name on letters"), Msg("a neutral name, if you want")),
}
PAUSE_NOTE = Worded(
    N_("Nobody contacts you before this date. Leave it empty for no pause."),
    N_("Nobody contacts them before this date. Leave it empty for no pause."),
    N_("Nobody contacts them before this date. Leave it empty for no pause."),
)


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
    choices = PreferenceChoices.model_validate(
        source.model_dump(include=set(PreferenceChoices.model_fields))
    )
    if source.inform is not Inform.yes:
        # No topics were ever chosen: none is ticked beforehand (consent is an active
        # choice, GDPR art. 7), whatever the record's defaults say.
        choices = choices.model_copy(update={"topics": NO_TOPICS})
    return choices


# The question texts both front ends show, as published on the server (docs/api.md
# "question versions"; migration 0007 holds them). Change both together.
QUESTIONS_VERSION = "2"


def as_write(choices: PreferenceChoices, version: str = QUESTIONS_VERSION) -> PreferenceWrite:
    """What is sent for ``choices``, with the language and version of the questions shown."""
    return PreferenceWrite(
        **choices.model_dump(),
        questions_locale=current_language(),
        questions_version=version,
    )
