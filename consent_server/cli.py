"""``consent-server``: run the backend and administer it. Secrets never come from arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import sys
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consent_server.settings import ServerSettings

# The heavy imports (SQLAlchemy, Alembic, FastAPI) happen inside the commands, so
# `--help` and argument errors answer at once.


class CliError(Exception):
    """Printed as one line on stderr; exit status 1."""


def _settings(args: argparse.Namespace) -> ServerSettings:
    from consent_server.settings import ServerSettings

    if getattr(args, "database_url", None):
        return ServerSettings(database_url=args.database_url)
    return ServerSettings()


def _read_passphrase(confirm: bool = True) -> str:
    """From a prompt on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("Repeat passphrase: ") != first:
            raise CliError("the passphrases differ")
        return first
    line = sys.stdin.readline()
    if not line:
        raise CliError("no passphrase on standard input")
    return line.rstrip("\r\n")


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from consent_server.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(_settings(args))
    # uvicorn's own access log prints full URLs; ours logs method, route template and status.
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="info")


def _migrate(args: argparse.Namespace) -> None:
    from consent_server.context import prepare_sqlite_directory
    from consent_server.db import make_engine
    from consent_server.schema import upgrade

    settings = _settings(args)
    prepare_sqlite_directory(settings)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print("database is up to date")


def _create_account(args: argparse.Namespace, notifier: bool) -> None:
    from consent_server import admin

    passphrase = _read_passphrase()
    settings = _settings(args)
    with admin.connect(settings) as db:
        create = admin.create_notifier if notifier else admin.create_staff
        account = create(db, settings, args.username, passphrase)
        print(account.id)


def _create_subject(args: argparse.Namespace) -> None:
    born = None
    if args.date_of_birth:
        try:
            born = dt.date.fromisoformat(args.date_of_birth)
        except ValueError:
            raise CliError("the date of birth must look like YYYY-MM-DD") from None
    from consent_server import admin

    settings = _settings(args)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, args.reference, born, args.language)
        print(subject.id)


def _issue_code(args: argparse.Namespace) -> None:
    try:
        subject_id = uuid.UUID(args.subject)
    except ValueError:
        raise CliError("the subject id is not a valid id") from None
    from consent_server import admin

    settings = _settings(args)
    with admin.connect(settings) as db:
        print(admin.issue_activation_code(db, settings, subject_id, args.role))


def _run_digests(args: argparse.Namespace) -> None:
    from consent_server.context import build_context
    from consent_server.digests import run_digests
    from consent_server.schema import ensure_schema

    settings = _settings(args)
    context = build_context(settings)
    try:
        ensure_schema(context.engine, auto_migrate=False)
        with context.sessions() as db:
            run = run_digests(db, context)
    finally:
        context.engine.dispose()
    print(
        f"digests: {run.digests}, released after a pause: {run.released_after_pause},"
        f" deliveries: {run.deliveries}, yearly reassurances: {run.reassurances}"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="consent-server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument(
            "--database-url", help="default: CONSENT_DATABASE_URL or a local SQLite file"
        )
        return sub

    serve = command("serve", "run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    command("migrate", "bring the database schema up to date")
    staff = command("create-staff", "create a staff account (passphrase from a prompt or stdin)")
    staff.add_argument("--username", required=True)
    notifier = command("create-notifier", "create the notifier machine account")
    notifier.add_argument("--username", required=True)
    subject = command("create-subject", "create a victim record; prints its id")
    subject.add_argument("--reference", required=True)
    subject.add_argument("--date-of-birth", metavar="YYYY-MM-DD")
    subject.add_argument("--language", default="nl")
    code = command("issue-code", "issue an activation code; prints it once")
    code.add_argument("--subject", required=True, metavar="ID")
    code.add_argument("--role", choices=["victim", "representative"], default="victim")
    command("run-digests", "release digests and findings whose pause ended (run it hourly)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "serve": _serve,
        "migrate": _migrate,
        "create-staff": lambda a: _create_account(a, notifier=False),
        "create-notifier": lambda a: _create_account(a, notifier=True),
        "create-subject": _create_subject,
        "issue-code": _issue_code,
        "run-digests": _run_digests,
    }
    try:
        handlers[args.command](args)
    except Exception as error:
        if not _is_operator_error(error):
            # No traceback: it could show local values such as a passphrase.
            print(f"consent-server: {type(error).__name__}: the command failed", file=sys.stderr)
            return 1
        print(f"consent-server: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def _is_operator_error(error: Exception) -> bool:
    """Errors whose message is written for the operator and holds no secret."""
    from consent_server.admin import AdminError
    from consent_server.crypto import DataKeyError
    from consent_server.schema import SchemaOutOfDateError

    return isinstance(error, CliError | AdminError | DataKeyError | SchemaOutOfDateError)


if __name__ == "__main__":
    sys.exit(main())
