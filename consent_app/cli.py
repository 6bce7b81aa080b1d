"""Command line entry point: `consent-app [--demo] [--server URL] [--language nl|en] [COMMAND]`.

Commands: sync, status, discard-unreadable (see consent_app/sync_cli.py).

Start-up must stay light: heavy imports (Textual, the server for --demo) happen only in the
branch that needs them, so `consent-app --help` and the non-interactive commands are quick.
"""

from __future__ import annotations

import argparse
import sys
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
    commands = parser.add_subparsers(dest="command", metavar="{sync,status,discard-unreadable}")
    commands.add_parser("sync", help="send changes that are waiting (needs a remembered login)")
    commands.add_parser("status", help="show what was sent, what waits, what needs a decision")
    commands.add_parser(
        "discard-unreadable",
        help="after checking your choices: remove saved changes that could not be read",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from consent_app import crash

    crash.install()
    overrides: dict[str, object] = {}
    if args.server:
        overrides["server_url"] = args.server
    if args.language:
        overrides["language"] = args.language
    if args.command in ("sync", "status", "discard-unreadable"):
        from consent_app import sync_cli

        run = {
            "sync": sync_cli.run_sync,
            "status": sync_cli.run_status,
            "discard-unreadable": sync_cli.run_discard_unreadable,
        }[args.command]
        return run(overrides)
    if args.demo:
        from consent_app.demo import run_demo

        return run_demo(overrides)
    return run_app(overrides)


def build_app(
    overrides: dict[str, object],
    *,
    demo_info: str | None = None,
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


def run_app(overrides: dict[str, object], *, demo_info: str | None = None) -> int:
    """Run the TUI and return its exit code."""
    app = build_app(overrides, demo_info=demo_info)
    try:
        app.run()
    finally:
        app.close_client()
        app.after_exit()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
