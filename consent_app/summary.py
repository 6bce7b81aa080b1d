"""The preferences in plain words: one line per subject for the home screen, and every detail
for the review before sending and for receipts."""

from __future__ import annotations

import uuid

from api_client.models import (
    ChangeMethod,
    ChannelKind,
    Frequency,
    Inform,
    PreferenceChoices,
    Preferences,
    Reassurance,
    Recipients,
    SafeContact,
)
from consent_app import viewpoint
from consent_app.i18n import N_, Msg, _, format_date, format_datetime
from consent_app.viewpoint import Worded, words

INFORM = {
    Inform.yes: Worded(
        N_("Yes, you want to be informed."),
        N_("Yes, the person you act for wants to be informed."),
        N_("Yes, the person you are helping wants to be informed."),
    ),
    Inform.no: Worded(
        N_("No, you do not want to be informed."),
        N_("No, the person you act for does not want to be informed."),
        N_("No, the person you are helping does not want to be informed."),
    ),
    Inform.undecided: Worded(
        N_("Not decided yet. You can decide whenever you are ready."),
        N_("Not decided yet. This can be decided whenever the person is ready."),
        N_("Not decided yet. This can be decided whenever the person is ready."),
    ),
}
TOPICS = {
    "new_findings": N_("new images that are found"),
    "proceedings": N_("criminal cases to join to claim compensation"),
    "compensation": N_("support from the compensation fund"),
    "removal": N_("removal of the material"),
}
RECIPIENTS = {
    Recipients.me: Worded(
        N_("you"), N_("the person you act for"), N_("the person you are helping")
    ),
    Recipients.representative: Worded(
        N_("your representative"), N_("the representative"), N_("the representative")
    ),
    Recipients.both: Worded(
        N_("you and your representative"),
        N_("the person you act for and the representative"),
        N_("the person you are helping and the representative"),
    ),
}
CHANNELS = {
    ChannelKind.app: N_("a secure message in this app"),
    ChannelKind.email: N_("e-mail"),
    ChannelKind.phone: N_("phone"),
    ChannelKind.post: N_("letter"),
    ChannelKind.in_person: N_("in person, through victim support or a lawyer"),
}
FREQUENCY = {
    Frequency.each: N_("each time something is found"),
    Frequency.monthly: N_("a summary once a month"),
    Frequency.quarterly: N_("a summary once every three months"),
    Frequency.only_actionable: N_("only when there is something to do"),
}
REASSURANCE = {
    Reassurance.none: N_("no"),
    Reassurance.yearly: N_("yes: once a year, if nothing new was found"),
}


def summary_lines(choices: PreferenceChoices) -> list[tuple[str, str]]:
    """(label, value) pairs describing ``choices``; details only when the answer is yes."""
    lines = [(_("Being informed"), str(INFORM[choices.inform]))]
    if choices.inform is not Inform.yes:
        return lines
    topics = [_(text) for name, text in TOPICS.items() if getattr(choices.topics, name)]
    lines.append((_("About"), "; ".join(topics) if topics else _("nothing chosen yet")))
    lines.append((_("Who is told"), str(RECIPIENTS[choices.recipients])))
    channels = [_(CHANNELS[channel.kind]) for channel in choices.channels]
    lines.append((_("How"), ", ".join(channels) if channels else _("not chosen yet")))
    lines.append((_("How often"), _(FREQUENCY[choices.frequency])))
    if choices.paused_until is not None:
        pause = _("not before %(date)s") % {"date": format_date(choices.paused_until)}
    else:
        pause = _("no pause")
    lines.append((_("Pause"), pause))
    return lines


def version_line(preferences: Preferences | None) -> str:
    if preferences is None or preferences.version == 0 or preferences.updated_at is None:
        return _("Nothing has been recorded yet.")
    return _("Version %(version)s, last changed on %(when)s.") % {
        "version": preferences.version,
        "when": format_datetime(preferences.updated_at),
    }


# --- the whole record, for the review before sending and for receipts --------------------

ACTORS: dict[str, Msg] = {
    "self": Worded(N_("yourself"), N_("the person you act for"), N_("the person you are helping")),
    "delegate": Worded(N_("your representative"), N_("a representative"), N_("a representative")),
    "staff": Msg("support staff"),
    "system": Msg("the system"),
}
ASSISTED = Worded(
    N_("support staff, together with you"),
    N_("support staff, together with the person you act for"),
    N_("support staff, together with the person you are helping"),
)
QUESTION_LANGUAGES = {"nl": N_("Dutch"), "en": N_("English")}
REASSURANCE_LABEL = Worded(
    N_("Message that your wishes still stand"),
    N_("Message that the wishes still stand"),
    N_("Message that the wishes still stand"),
)


def detail_lines(choices: PreferenceChoices) -> list[tuple[str, str]]:
    """Everything the person decided, in plain words, contact details included.

    For the review before sending and for a receipt: the person checks exactly what goes out.
    """
    lines = summary_lines(choices)
    if choices.inform is not Inform.yes:
        return lines
    if choices.channels:
        ways = []
        for position, channel in enumerate(choices.channels, start=1):
            value = _(CHANNELS[channel.kind])
            if channel.address:
                value = f"{value} ({channel.address})"
            ways.append(f"{position}) {value}")
        how = _("How")
        lines = [(label, "; ".join(ways) if label == how else value) for label, value in lines]
    often = next(i for i, (label, _value) in enumerate(lines) if label == _("How often"))
    yearly = (str(REASSURANCE_LABEL), _(REASSURANCE[choices.reassurance]))
    lines.insert(often + 1, yearly)
    lines.extend(safe_contact_lines(choices.safe_contact))
    return lines


def safe_contact_lines(safe: SafeContact) -> list[tuple[str, str]]:
    label = _("Safe contact")
    lines = []
    if safe.hours:
        lines.append((label, _("only at these times: %(hours)s") % {"hours": safe.hours}))
    if safe.days:
        days = describe_days([day.value for day in safe.days])
        lines.append((label, _("only on these days: %(days)s") % {"days": days}))
    if safe.no_voicemail:
        lines.append((label, _("no voicemail")))
    if safe.no_post_to_home:
        lines.append(
            (
                label,
                words(
                    N_("no post to your home address"),
                    N_("no post to their home address"),
                    N_("no post to their home address"),
                ),
            )
        )
    if safe.alternative_address:
        lines.append(
            (label, _("other address: %(address)s") % {"address": safe.alternative_address})
        )
    if safe.discreet_sender:
        lines.append(
            (label, _("sender name on letters: %(name)s") % {"name": safe.discreet_sender})
        )
    if safe.household_must_not_know:
        lines.append(
            (
                label,
                words(
                    N_("someone in your household must not know"),
                    N_("someone in their household must not know"),
                    N_("someone in their household must not know"),
                ),
            )
        )
    if not lines:
        lines.append((label, _("no special wishes")))
    return lines


_DAY_WORDS = {
    "mon": N_("Monday"),
    "tue": N_("Tuesday"),
    "wed": N_("Wednesday"),
    "thu": N_("Thursday"),
    "fri": N_("Friday"),
    "sat": N_("Saturday"),
    "sun": N_("Sunday"),
}


def describe_days(days: list[str]) -> str:
    """Week days by their short codes ("mon"), in words; "any day" when none is chosen."""
    return ", ".join(_(_DAY_WORDS[day]) for day in days) or _("any day")


def as_text(lines: list[tuple[str, str]]) -> str:
    return "\n".join(f"• {label}: {value}" for label, value in lines)


def with_version(preferences: Preferences) -> str:
    """The recorded choices, a line each, and under them which version they are."""
    return as_text(summary_lines(preferences)) + "\n" + version_line(preferences)


def made_by(relation: str, method: ChangeMethod, account_id: uuid.UUID | None = None) -> str:
    """Who made a version, in plain words, as the person at the keyboard says it: "you" when
    they made it themselves, "support staff, together with the person you act for", …"""
    if method is ChangeMethod.assisted:
        return str(ASSISTED)
    if relation != "self" and viewpoint.is_viewer(account_id):
        return _("you")
    return str(ACTORS.get(relation, ACTORS["system"]))


def question_language(code: str) -> str:
    key = code.split("_")[0]
    return _(QUESTION_LANGUAGES[key]) if key in QUESTION_LANGUAGES else code


NEXT_STEPS = {
    Inform.yes: Worded(
        N_(
            "What happens next: if something new is found about a topic you chose, a message "
            "goes out as chosen above, only at safe times. You can change this at any time."
        ),
        N_(
            "What happens next: if something new is found about a chosen topic, a message "
            "goes out as chosen above, only at safe times. This can be changed at any time."
        ),
        N_(
            "What happens next: if something new is found about a chosen topic, a message "
            "goes out as chosen above, only at safe times. This can be changed at any time."
        ),
    ),
    Inform.no: Worded(
        N_(
            "What happens next: nobody will contact you about new findings. You can change "
            "this at any time."
        ),
        N_(
            "What happens next: nobody will contact the person you act for about new "
            "findings. This can be changed at any time."
        ),
        N_(
            "What happens next: nobody will contact the person you are helping about new "
            "findings. This can be changed at any time."
        ),
    ),
    Inform.undecided: Worded(
        N_(
            "What happens next: nobody will contact you about new findings until you decide. "
            "Support staff may ask you once, in a safe way. You can decide at any time."
        ),
        N_(
            "What happens next: nobody will contact the person you act for about new "
            "findings until it is decided. Support staff may ask once, in a safe way."
        ),
        N_(
            "What happens next: nobody will contact the person you are helping about new "
            "findings until it is decided. Support staff may ask once, in a safe way."
        ),
    ),
}


def what_happens_next(choices: PreferenceChoices) -> str:
    """For the receipt: who is told what, and that it can be changed any time."""
    return str(NEXT_STEPS[choices.inform])
