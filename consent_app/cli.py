"""Command line entry point:
`consent-app [--demo] [--plain] [--server URL] [--language nl|en] [COMMAND]`.

Commands: sync, status, discard-unreadable (see consent_app/sync_cli.py).

Exit codes: 0 done, 2 an error (options that do not go together, a server address that is
not valid, and see ``sync_cli`` for the sync and status codes 3 and 4).

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
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain lines for screen readers and braille displays: no screen drawing "
        "(also when TERM=dumb or when the output is not a terminal)",
    )
    commands = parser.add_subparsers(dest="command", metavar="{sync,status,discard-unreadable}")
    commands.add_parser("sync", help="send changes that are waiting (needs a remembered login)")
    commands.add_parser("status", help="show what was sent, what waits, what needs a decision")
    commands.add_parser(
        "discard-unreadable",
        help="after checking your choices: remove saved changes that could not be read",
    )
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
    from consent_app.flow_control import pass_ctrl_q_through

    pass_ctrl_q_through()  # first of all: Ctrl+Q must leave even before the app is drawn
    args = _parser().parse_args(argv)
    from consent_app import crash

    crash.install()
    conflict = _conflicting_options(args)
    if conflict is not None:
        return conflict
    plain = False
    if args.command is None:  # the app: closing the terminal leaves it cleanly
        from consent_app import exit_signals
        from consent_app.plain.run import wanted

        exit_signals.install()
        plain = wanted(args.plain, sys.stdout)
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
        from consent_common.server_extra import server_installed

        if not server_installed():
            return _demo_needs_the_server(overrides)
        from consent_app.demo import run_demo

        return run_demo(overrides, plain=plain)
    if plain:
        from consent_app.plain.run import run_plain

        return run_plain(overrides)
    from consent_app.launch import run_app

    return run_app(overrides)


def _demo_needs_the_server(overrides: dict[str, object]) -> int:
    from consent_app.display_settings import read_display_settings
    from consent_app.i18n import _, set_language

    set_language(read_display_settings(overrides).language)
    message = _(
        "The demo needs the server part, which is not installed. "
        'Install it with: pip install "consent-app[demo]"'
    )
    print(message, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
