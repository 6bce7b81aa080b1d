"""Start the plain line mode: settings, client and outbox as the app builds them, then the
dialogue until the person leaves. Leaving (the word, Ctrl+C, Ctrl+D) forgets the tokens and
ends with exit code 0 and nothing more on screen.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO


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
    from pydantic import ValidationError

    from api_client import ConsentClient
    from api_client.errors import InsecureTransportError
    from consent_app.i18n import set_language
    from consent_app.messages import startup_problem
    from consent_app.plain.console import Console, Leave
    from consent_app.plain.session import PlainSession
    from consent_app.session_store import open_default_outbox
    from consent_app.settings import AppSettings

    try:
        settings = AppSettings(**overrides)  # type: ignore[arg-type]
        set_language(settings.resolved_language())
        client = ConsentClient(settings.server_url, timeout=settings.request_timeout_seconds)
    except (ValidationError, ValueError, InsecureTransportError) as error:
        print(startup_problem(error), file=sys.stderr)
        return 2
    info = (lambda: demo_info) if isinstance(demo_info, str) else demo_info
    console = Console()
    session = PlainSession(console, settings, client, open_default_outbox, demo_info=info)
    try:
        session.run()
    except (Leave, KeyboardInterrupt, EOFError):
        session.forget_session()
        with contextlib.suppress(OSError, ValueError):
            console.say("")
    finally:
        with contextlib.suppress(Exception):
            client.close()
    return 0
