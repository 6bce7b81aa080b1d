"""What the person sees when something breaks: one calm line, never data.

Textual's default crash report is a rich traceback with local variables, which could show a
passphrase, a token or contact details on screen and in the terminal's scrollback. The app
replaces it with :func:`crash_line`; nothing else of the exception is printed.
"""

from __future__ import annotations

import sys
from types import TracebackType

from consent_app.i18n import _


def crash_line(error: BaseException) -> str:
    text = _("The app stopped because of an unexpected error (%(kind)s). Please start it again.")
    return text % {"kind": type(error).__name__}


def quiet_excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """For ``sys.excepthook``: the type of the error only, no values, no traceback."""
    sys.stderr.write(crash_line(exc) + "\n")


def install() -> None:
    sys.excepthook = quiet_excepthook
