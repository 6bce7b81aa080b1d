"""Command line entry point: `consent-app [--demo] [--server URL] [--language nl|en] [sync|status]`.

Exit codes: 0 done, 2 an error (options that do not go together, a server address that is
not valid, and see ``sync_cli`` for the sync and status codes 3 and 4).

Start-up must stay light: heavy imports (Textual, the server for --demo) happen only in the
branch that needs them, so `consent-app --help` and the non-interactive commands are quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api_client import ConsentClient
    from consent_app.app import ConsentApp
    from consent_app.settings import AppSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consent-app",
        description="Record how you want to be informed, and send it to the backend.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start an embedded backend on this computer with sample codes, then the app",
    )
    parser.add_argument(
        "--server", metavar="URL", help="backend address (https, or http on loopback)"
    )
    parser.add_argument("--language", choices=["nl", "en"], help="language of the screens")
    commands = parser.add_subparsers(dest="command", metavar="{sync,status}")
    commands.add_parser("sync", help="send changes that are waiting (needs a remembered login)")
    commands.add_parser("status", help="show what was sent, what waits, what needs a decision")
    return parser


EXIT_USAGE = 2


def _conflicting_options(args: argparse.Namespace) -> int | None:
    """One translated line and exit code 2 for options that cannot be used together."""
    if not args.demo or not (args.server or args.command):
        return None
    from consent_app.i18n import _, detect_language, set_language

    set_language(args.language or detect_language())
    if args.server:
        text = _("--demo starts its own server on this computer; leave out --server.")
    else:
        text = _("--demo opens the app; run %(command)s without --demo.") % {
            "command": args.command
        }
    print(f"consent-app: {text}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from consent_app import crash

    crash.install()
    conflict = _conflicting_options(args)
    if conflict is not None:
        return conflict
    if args.command is None:  # the app: closing the terminal leaves it cleanly
        from consent_app import exit_signals

        exit_signals.install()
    overrides: dict[str, object] = {}
    if args.server:
        overrides["server_url"] = args.server
    if args.language:
        overrides["language"] = args.language
    if args.command in ("sync", "status"):
        from consent_app import sync_cli

        run = sync_cli.run_sync if args.command == "sync" else sync_cli.run_status
        return run(overrides)
    if args.demo:
        from consent_app.demo import run_demo

        return run_demo(overrides)
    return run_app(overrides)


def build_app(
    overrides: dict[str, object],
    *,
    demo_info: str | Callable[[], str] | None = None,
    app_class: type[ConsentApp] | None = None,
) -> ConsentApp:
    """The app, with settings and client built in the background after the first screen.

    Importing pydantic and httpx costs more than Textual itself, so the start screen is drawn
    from the few settings it needs (``display_settings``) and the rest follows.
    """
    from consent_app.app import ConsentApp
    from consent_app.deferred import Deferred
    from consent_app.display_settings import read_display_settings

    def load_settings() -> AppSettings:
        from consent_app.settings import AppSettings

        return AppSettings(**overrides)  # type: ignore[arg-type]

    settings = Deferred(load_settings)

    def make_client() -> ConsentClient:
        from api_client import ConsentClient

        loaded = settings.get()
        return ConsentClient(loaded.server_url, timeout=loaded.request_timeout_seconds)

    return (app_class or ConsentApp)(
        settings,
        Deferred(make_client),
        display=read_display_settings(overrides),
        demo_info=demo_info,
    )


def run_app(
    overrides: dict[str, object], *, demo_info: str | Callable[[], str] | None = None
) -> int:
    """Run the TUI and return its exit code."""
    app = build_app(overrides, demo_info=demo_info)
    try:
        app.run()
    finally:
        app.close_client()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
