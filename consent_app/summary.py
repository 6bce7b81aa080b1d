"""The current preferences in plain words, one line per subject, for the home screen."""

from __future__ import annotations

from api_client.models import ChannelKind, Inform, PreferenceChoices, Preferences, Recipients
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
