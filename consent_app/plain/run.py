"""Start the plain line mode: settings, client and outbox as the app builds them, then the
dialogue until the person leaves. Leaving (the word, Ctrl+C, Ctrl+D) forgets the tokens and
ends with exit code 0 and nothing more on screen.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from consent_app.plain.console import Console
    from consent_app.plain.session import PlainSession


def wanted(plain_flag: bool, stdout: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Plain mode when asked for, on a terminal that cannot draw (TERM=dumb), or when the
    output is not a terminal (a pipe, a file, a program reading along)."""
    env = os.environ if environ is None else environ
    if plain_flag or env.get("TERM", "") == "dumb":
        return True
    try:
        return not stdout.isatty()
    except (AttributeError, ValueError):
        return True


def run_plain(
    overrides: dict[str, object], *, demo_info: str | Callable[[], str] | None = None
) -> int:
    """The greeting first (light), while settings, client and session are built in a thread."""
    from consent_app.deferred import Deferred
    from consent_app.display_settings import read_display_settings
    from consent_app.i18n import set_language
    from consent_app.plain.console import Console, Leave
    from consent_app.plain.start import greet

    display = read_display_settings(overrides)
    set_language(display.language)
    console = Console()
    built = Deferred(lambda: _build(overrides, console))
    built.start()
    info = (lambda: demo_info) if isinstance(demo_info, str) else demo_info
    session: PlainSession | None = None
    try:
        greet(console, display.auto_lock_seconds, info)
        try:
            session = built.get()
        except _CannotStart as problem:
            from consent_app.messages import startup_problem

            print(startup_problem(problem.error), file=sys.stderr)  # in the chosen language
            return 2
        session.run()
    except (Leave, KeyboardInterrupt, EOFError):
        if session is not None:
            session.forget_session()
        with contextlib.suppress(OSError, ValueError):
            console.say("")
    finally:
        if session is not None:
            with contextlib.suppress(Exception):
                session.client.close()
    return 0


class _CannotStart(Exception):
    """The settings or the server address cannot be used (the reason is in ``error``)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(type(error).__name__)
        self.error = error


def _build(overrides: dict[str, object], console: Console) -> PlainSession:
    from pydantic import ValidationError

    from api_client import ConsentClient
    from api_client.errors import InsecureTransportError
    from consent_app.plain.session import PlainSession
    from consent_app.session_store import open_default_outbox
    from consent_app.settings import AppSettings

    try:
        settings = AppSettings(**overrides)  # type: ignore[arg-type]
        client = ConsentClient(settings.server_url, timeout=settings.request_timeout_seconds)
    except (ValidationError, ValueError, InsecureTransportError) as error:
        raise _CannotStart(error) from None
    return PlainSession(console, settings, client, open_default_outbox)
