"""The preferences in plain words: one line per subject for the home screen, and every detail
for the review before sending and for receipts."""

from __future__ import annotations

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
from consent_app.i18n import N_, _, format_date, format_datetime

INFORM = {
    Inform.yes: N_("Yes, you want to be informed."),
    Inform.no: N_("No, you do not want to be informed."),
    Inform.undecided: N_("Not decided yet. You can decide whenever you are ready."),
}
TOPICS = {
    "new_findings": N_("new images that are found"),
    "proceedings": N_("criminal cases you can join to claim compensation"),
    "compensation": N_("support from the compensation fund"),
    "removal": N_("removal of the material"),
}
RECIPIENTS = {
    Recipients.me: N_("you"),
    Recipients.representative: N_("your representative"),
    Recipients.both: N_("you and your representative"),
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
    lines = [(_("Being informed"), _(INFORM[choices.inform]))]
    if choices.inform is not Inform.yes:
        return lines
    topics = [_(text) for name, text in TOPICS.items() if getattr(choices.topics, name)]
    lines.append((_("About"), "; ".join(topics) if topics else _("nothing chosen yet")))
    lines.append((_("Who is told"), _(RECIPIENTS[choices.recipients])))
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

ACTORS = {
    "self": N_("yourself"),
    "delegate": N_("your representative"),
    "staff": N_("support staff"),
    "system": N_("the system"),
}
QUESTION_LANGUAGES = {"nl": N_("Dutch"), "en": N_("English")}


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
    yearly = (_("Message that your wishes still stand"), _(REASSURANCE[choices.reassurance]))
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
        lines.append((label, _("no post to your home address")))
    if safe.alternative_address:
        lines.append(
            (label, _("other address: %(address)s") % {"address": safe.alternative_address})
        )
    if safe.discreet_sender:
        lines.append(
            (label, _("sender name on letters: %(name)s") % {"name": safe.discreet_sender})
        )
    if safe.household_must_not_know:
        lines.append((label, _("someone in your household must not know")))
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


def made_by(actor_relation: str, method: ChangeMethod) -> str:
    """Who made a version, in plain words: "you", "support staff, together with you"."""
    if method is ChangeMethod.assisted:
        return _("support staff, together with you")
    return _(ACTORS.get(actor_relation, ACTORS["system"]))


def question_language(code: str) -> str:
    key = code.split("_")[0]
    return _(QUESTION_LANGUAGES[key]) if key in QUESTION_LANGUAGES else code
