"""What the app and the command line say about outbox files that could not be read.

One wording for both, translated when called (so it follows a language switch). Counts and
times only: the content of the changes is not known, and nothing personal is shown.
Does not import Textual.
"""

from __future__ import annotations

from consent_app.i18n import _, format_datetime, ngettext
from consent_app.outbox.aside import UnreadableChanges

DISCARD_COMMAND = "consent-app discard-unreadable"


def headline() -> str:
    return _(
        "Changes confirmed on this computer could not be read, so they were not sent. "
        "Please check your choices and make these changes again."
    )


def details(found: list[UnreadableChanges]) -> list[str]:
    """One line per set-aside file: how many changes it held and when, as far as known."""
    return [_one(item) for item in found]


def _one(item: UnreadableChanges) -> str:
    summary = item.summary
    if summary is None or summary.first is None or summary.last is None:
        if summary is not None and summary.unfinished == 0:
            return _("It held no changes that were still waiting to be sent.")
        return _(
            "How many changes could not be read is not known. They were saved on this "
            "computer on %(when)s or earlier."
        ) % {"when": format_datetime(item.last_written)}
    if summary.unfinished == 1:
        return _("1 change that was confirmed on %(when)s.") % {
            "when": format_datetime(summary.first)
        }
    return ngettext(
        "%(count)s change, confirmed between %(first)s and %(last)s.",
        "%(count)s changes, confirmed between %(first)s and %(last)s.",
        summary.unfinished,
    ) % {
        "count": summary.unfinished,
        "first": format_datetime(summary.first),
        "last": format_datetime(summary.last),
    }


def cli_acknowledge_hint() -> str:
    return _("When you have checked your choices, remove the unreadable copy with: %(command)s") % {
        "command": DISCARD_COMMAND
    }


def newer_format() -> str:
    return _(
        "The changes on this computer were saved by a newer version of this app. Install "
        "that version to send them. Nothing was changed. New changes are kept only until the "
        "app closes."
    )
