"""``consent-server``: run the backend and administer it.

Secrets and personal details never come from arguments, which every user of the computer
can see (``ps``) and the shell keeps in its history: passphrases and a record's reference
and date of birth are read from a prompt or standard input, the database address from
``CONSENT_DATABASE_URL`` or a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from consent_server.settings import ServerSettings

# The heavy imports (SQLAlchemy, Alembic, FastAPI) happen inside the commands, so
# `--help` and argument errors answer at once.


class CliError(Exception):
    """Printed as one line on stderr; exit status 1."""


class UsageError(CliError):
    """A combination of options that cannot work; exit status 2, like argparse's errors."""


def _settings(args: argparse.Namespace) -> ServerSettings:
    from consent_server.settings import ServerSettings

    path = getattr(args, "database_url_file", None)
    if path:
        try:
            with open(path, encoding="utf-8") as file:
                url = file.readline().strip()
        except OSError:
            raise CliError("the database address file cannot be read") from None
        if not url:
            raise CliError("the database address file is empty")
        return ServerSettings(database_url=url)
    return ServerSettings()


class _Refused(argparse.Action):
    """An option that used to exist but put a secret or personal detail in the arguments."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        reason = (self.help or "").removeprefix("refused: ")
        parser.error(f"{option_string} is no longer accepted: {reason}")


def _refuse(parser: argparse.ArgumentParser, option: str, safe_way: str) -> None:
    parser.add_argument(option, action=_Refused, help=f"refused: {safe_way}", metavar="")


def _read_line(prompt: str) -> str:
    """One line from a prompt on a terminal, else from standard input (echoed nowhere)."""
    if sys.stdin.isatty():
        return input(prompt).strip()
    return sys.stdin.readline().rstrip("\r\n").strip()


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


WORKER_HEALTHCHECK_SECONDS = 60


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from consent_server.http_protocol import ProblemH11Protocol
    from consent_server.log_format import configure_logging, log_config
    from consent_server.workers import prepare_workers

    settings = _settings(args)
    # uvicorn's own access log prints full URLs; ours logs method, route template and status.
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        "log_level": "info",
        # Tracebacks without the exceptions' messages, which can carry data.
        "log_config": log_config(),
        "http": ProblemH11Protocol,
        "h11_max_incomplete_event_size": settings.max_request_header_bytes,
    }
    if args.workers == 1:
        from consent_server.app import create_app

        configure_logging()
        uvicorn.run(create_app(settings), **options)
        return
    if settings.database_url.startswith("sqlite"):
        raise UsageError(
            "--workers above 1 needs PostgreSQL (CONSENT_DATABASE_URL): SQLite lets one "
            "process write at a time, so more workers only wait for each other"
        )
    configure_logging()
    prepare_workers(settings)
    uvicorn.run(
        "consent_server.workers:create_worker_app",
        factory=True,
        workers=args.workers,
        # uvicorn kills a worker that has not answered its supervisor within this many
        # seconds, also while it starts: its 5 s default killed every worker over and over
        # on a busy 2-core machine, where starting one takes longer than that.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        **options,
    )


def _migrate(args: argparse.Namespace) -> None:
    from consent_server.context import prepare_sqlite_directory
    from consent_server.crypto import load_cipher
    from consent_server.db import make_engine
    from consent_server.schema import upgrade

    settings = _settings(args)
    prepare_sqlite_directory(settings)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, lambda: load_cipher(settings))
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
    reference = _read_line("Reference: ")
    if not reference:
        raise CliError("no reference given (first line of standard input)")
    written = _read_line("Date of birth (YYYY-MM-DD, empty if unknown): ")
    born = None
    if written:
        try:
            born = dt.date.fromisoformat(written)
        except ValueError:
            raise CliError("the date of birth must look like YYYY-MM-DD") from None
    from consent_server import admin

    settings = _settings(args)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, reference, born, args.language)
        print(subject.id)


def _issue_code(args: argparse.Namespace) -> None:
    try:
        subject_id = uuid.UUID(args.subject)
    except ValueError:
        raise CliError("the subject id is not a valid id") from None
    from consent_server import admin

    settings = _settings(args)
    with admin.connect(settings) as db:
        print(admin.issue_activation_code(db, settings, subject_id, args.role).code)


def _port(text: str) -> int:
    """A TCP port number; anything else is a usage error (exit code 2), not a traceback."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("must be a number from 1 to 65535")
    return port


def _workers(text: str) -> int:
    """How many server processes: 1 to 64; anything else is a usage error."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError("must be a number from 1 to 64")
    return count


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
    parser = argparse.ArgumentParser(
        prog="consent-server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--database-url-file",
            metavar="PATH",
            help="read the database address from the first line of this file "
            "(default: CONSENT_DATABASE_URL, else a local SQLite file)",
        )
        _refuse(
            sub,
            "--database-url",
            "an address with a password would be visible to every user of this computer; "
            "set CONSENT_DATABASE_URL or use --database-url-file",
        )
        return sub

    serve = command("serve", "run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="server processes sharing the port (PostgreSQL only; default 1). Rate limits, "
        "idempotency keys and sessions are kept in the database, so they hold across them",
    )
    command("migrate", "bring the database schema up to date")
    staff = command("create-staff", "create a staff account (passphrase from a prompt or stdin)")
    staff.add_argument("--username", required=True)
    notifier = command("create-notifier", "create the notifier machine account")
    notifier.add_argument("--username", required=True)
    subject = command(
        "create-subject",
        "create a victim record; prints its id. Asks for the reference and the date of "
        "birth, or reads them from the first two lines of standard input (an empty second "
        "line: date of birth unknown)",
    )
    for option in ("--reference", "--date-of-birth"):
        _refuse(
            subject,
            option,
            "personal details on the command line are visible to every user of this "
            "computer and kept in shell history; type them at the prompt or give them "
            "on standard input",
        )
    subject.add_argument("--language", default="nl")
    code = command("issue-code", "issue an activation code; prints it once")
    code.add_argument("--subject", required=True, metavar="ID")
    code.add_argument("--role", choices=["victim", "representative"], default="victim")
    command("run-digests", "release digests and findings whose pause ended (run it hourly)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from consent_common.server_extra import server_installed

    if not server_installed():
        print(
            "consent-server: the server's libraries are not installed;"
            ' install them with: pip install "consent-app[server]"',
            file=sys.stderr,
        )
        return 2
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
    except UsageError as error:
        print(f"consent-server: {error}", file=sys.stderr)
        return 2
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
    from consent_server.ratelimit_store import RateLimitStoreError
    from consent_server.schema import SchemaOutOfDateError

    return isinstance(
        error, CliError | AdminError | DataKeyError | SchemaOutOfDateError | RateLimitStoreError
    )


if __name__ == "__main__":
    sys.exit(main())
