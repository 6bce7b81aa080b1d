"""The sync state in one line of words, for the home screen and the plain line mode."""

from __future__ import annotations

from consent_app.i18n import _, ngettext
from consent_app.sync import SyncStatus


def status_line(status: SyncStatus) -> str:
    """The sync state in words, with a sign so it never depends on colour."""
    if status.needs_decision or status.rejected:
        count = status.needs_decision + status.rejected
        return ngettext(
            "! Needs your decision (%(count)s): someone else changed your choices too.",
            "! Needs your decision (%(count)s): someone else changed your choices too.",
            count,
        ) % {"count": count}
    if status.waiting:
        text = ngettext(
            "… Waiting to be sent (%(count)s). The app sends it automatically.",
            "… Waiting to be sent (%(count)s). The app sends them automatically.",
            status.waiting,
        ) % {"count": status.waiting}
        if status.needs_login:
            text += " " + _("Please log in again to send it.")
        if not status.durable:
            text += " " + _("If you close the app before it is sent, it is lost.")
        return text
    return _("✓ Sent: the people who inform you can see these choices.")
