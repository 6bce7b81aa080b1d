"""Every use of Textual's private API, in one place (checked against textual 8.2).

Textual has no public hook to replace its crash report: a rich traceback with local
variables, which could show a passphrase, a token or contact details on screen and in the
scrollback. :class:`QuietCrashes` overrides the private methods that build and print it, so
that only :func:`consent_app.crash.crash_line` is printed. When Textual is upgraded, check
these names in ``textual/app.py`` first; the tests in ``tests/app/test_safety.py`` fail if
they stop working.
"""

from __future__ import annotations

import sys
from typing import Any

from textual.app import App

from consent_app import crash


def exit_requested(app: App[Any]) -> bool:
    """True once ``app.exit()`` was called (Textual keeps no public flag for it)."""
    return bool(app._exit)


def drop_exit_output(app: App[Any]) -> None:
    """Forget anything Textual would print after the app closes."""
    app._exit_renderables.clear()


class QuietCrashes(App[None]):
    """An app whose crash output is one translated line naming the error type."""

    _crash_lines: tuple[str, ...] = ()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's version: return code 1, keep the error for Pilot, render a traceback.
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._crash_lines = (crash.crash_line(error),)
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    def _fatal_error(self) -> None:
        error = sys.exc_info()[1] or RuntimeError()
        self._crash_lines = (crash.crash_line(error),)
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        # Plain lines only; Textual would print rich renderables (tracebacks included).
        lines = self._crash_lines
        if self._exit_renderables and not lines:
            lines = (crash.crash_line(RuntimeError()),)
        self._exit_renderables.clear()
        for line in lines:
            sys.stderr.write(line + "\n")
        self._crash_lines = ()
