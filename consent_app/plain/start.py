"""The first lines of the plain mode: the language, the safety note, how to answer.

Light on purpose (the console and the translations only): these lines are written while the
client, the settings and the outbox are built in the background, as the Textual app draws its
start screen first.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from consent_app.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    Msg,
    current_language,
    ngettext,
    set_language,
)
from consent_app.plain.console import COMMANDS, Console

PLAIN_HELP = Msg(
    "This is the plain mode: every question is written once, as lines of text, for screen "
    "readers and braille displays. You can do everything for your own record here, and read "
    "and answer your messages. Representatives can read and answer the messages about the "
    "people they act for; to see or change their choices, or to accept an invitation, they "
    "use the full app (consent-app without --plain). Support staff cannot use the plain mode "
    "yet."
)
LEAVE_NOTE = Msg(
    "You can leave at any moment: type leave, or press Ctrl+C. The app closes at once. "
    "What was written stays in this window until you close the window."
)


def greet(console: Console, auto_lock_seconds: float, demo_info: Callable[[], str] | None) -> None:
    choose_language(console)
    console.say(Msg("Welcome"))
    console.heading(Msg("For your safety"))
    console.say(LEAVE_NOTE, lock_note(auto_lock_seconds), PLAIN_HELP, COMMANDS)
    if demo_info is not None:
        console.blank()
        console.say(demo_info())


def choose_language(console: Console) -> None:
    """Asked in both languages at once: each is named in itself."""
    console.say("Taal / Language")
    names = [LANGUAGE_NAMES[code] for code in LANGUAGES]
    index = console.choose(names, back=False, current=LANGUAGES.index(current_language()))
    set_language(LANGUAGES[index])


def lock_note(auto_lock_seconds: float) -> str:
    minutes = max(1, math.ceil(auto_lock_seconds / 60))
    return ngettext(
        "If you do nothing for %(minutes)s minute, the app locks itself.",
        "If you do nothing for %(minutes)s minutes, the app locks itself.",
        minutes,
    ) % {"minutes": minutes}
