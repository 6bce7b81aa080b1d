"""Command line entry point: `consent-app [--demo] [--server URL] [--language nl|en] [sync|status]`.

Start-up must stay light: heavy imports (Textual, the server for --demo) happen only in the
branch that needs them, so `consent-app --help` and the non-interactive commands are quick.
"""

from __future__ import annotations

import argparse
import sys


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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from consent_app import crash

    crash.install()
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


def run_app(overrides: dict[str, object], *, demo_info: str | None = None) -> int:
    """Build the settings and client, run the TUI, and return its exit code."""
    from api_client import ConsentClient
    from api_client.errors import InsecureTransportError
    from consent_app.app import ConsentApp
    from consent_app.i18n import _
    from consent_app.settings import AppSettings

    settings = AppSettings(**overrides)  # type: ignore[arg-type]
    try:
        client = ConsentClient(settings.server_url, timeout=settings.request_timeout_seconds)
    except InsecureTransportError:
        print(
            _("The server address must start with https:// (http:// only on this computer)."),
            file=sys.stderr,
        )
        return 2
    with client:
        app = ConsentApp(settings, client, demo_info=demo_info)
        app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
