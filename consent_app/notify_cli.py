"""``consent-notify``: the command line for the people who inform (the notifier role).

    consent-notify --username police.desk finding --subject ID --kind case_joinable \\
        --case ZAAK-2026-0042 --authority "Politie Midden-Nederland" --deadline 2026-09-01
    consent-notify --username police.desk due
    consent-notify --username police.desk outcome DELIVERY_ID delivered
    consent-notify --username police.desk responses --subject ID
    consent-notify --username police.desk run-digests

The server comes from ``--server`` or ``CONSENT_NOTIFY_SERVER`` (default: the local test
server). The passphrase is read from standard input when it is not a terminal, otherwise
asked for without echo; never from the command line, where other users and the shell
history could see it. Exit codes: 0 done, 1 refused or failed, 2 wrong use.
Imports neither Textual nor the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from typing import TextIO, TypeVar

from api_client import ConsentClient, errors, notices
from consent_app.i18n import _, detect_language, set_language

T = TypeVar("T")

DEFAULT_SERVER = "http://127.0.0.1:8000"
EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A wrong argument; the message is written for the person at the keyboard."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="consent-notify", description=__doc__.split("\n")[0])
    parser.add_argument("--server", default=None, help="default: CONSENT_NOTIFY_SERVER")
    parser.add_argument("--username", required=True)
    parser.add_argument("--language", choices=["nl", "en"], default=None)
    commands = parser.add_subparsers(dest="command", required=True)
    finding = commands.add_parser("finding", help="record a finding about a victim record")
    finding.add_argument("--subject", required=True, metavar="ID")
    finding.add_argument("--kind", required=True, choices=[k.value for k in notices.FindingKind])
    finding.add_argument("--case", required=True, metavar="REFERENCE")
    finding.add_argument("--authority", required=True)
    finding.add_argument("--deadline", metavar="YYYY-MM-DD", help="only for case_joinable")
    finding.add_argument("--key", help="Idempotency-Key, to resend the same finding safely")
    due = commands.add_parser("due", help="deliveries whose safe window is open now")
    due.add_argument("--limit", type=int, default=50)
    outcome = commands.add_parser("outcome", help="record what happened with a delivery")
    outcome.add_argument("delivery", metavar="DELIVERY_ID")
    outcome.add_argument("outcome", choices=[o.value for o in notices.Outcome])
    outcome.add_argument("--at", metavar="YYYY-MM-DDTHH:MM+01:00", help="default: now")
    responses = commands.add_parser("responses", help="answers given to a record's notices")
    responses.add_argument("--subject", required=True, metavar="ID")
    commands.add_parser("run-digests", help="release digests and ended pauses (scheduled)")
    return parser


def _parsed(parse: Callable[[str], T], text: str, refusal: str) -> T:
    """``parse(text)``, or a :class:`UsageError` saying ``refusal`` if the text does not fit."""
    try:
        return parse(text)
    except ValueError:
        raise UsageError(refusal) from None


def _uuid(text: str) -> uuid.UUID:
    return _parsed(uuid.UUID, text, _("That is not a valid id."))


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    return _parsed(dt.date.fromisoformat, text, _("Write the date as YYYY-MM-DD."))


def _moment(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    refusal = _("Write the time with its offset, for example 2026-03-03T10:15+01:00.")
    moment = _parsed(dt.datetime.fromisoformat, text, refusal)
    if moment.tzinfo is None:
        raise UsageError(refusal)
    return moment


def _read_passphrase(stdin: TextIO) -> str:
    if stdin.isatty():
        return getpass.getpass(_("Passphrase: "))
    return stdin.readline().rstrip("\r\n")


def _finding(client: ConsentClient, args: argparse.Namespace, out: TextIO) -> None:
    try:
        body = notices.FindingCreate(
            kind=notices.FindingKind(args.kind),
            case_reference=args.case,
            authority=args.authority,
            join_deadline=_date(args.deadline),
        )
    except ValueError:
        raise UsageError(
            _(
                "The finding is not complete: a case that can be joined needs --deadline, other "
                "kinds have none; references use letters, digits and . _ / - only."
            )
        ) from None
    finding = client.record_finding(_uuid(args.subject), body, idempotency_key=args.key)
    print(_("Finding %(id)s recorded.") % {"id": finding.id}, file=out)
    for delivery in finding.deliveries:
        detail = delivery.channel.value if delivery.channel else ""
        if delivery.reason is not None:
            detail = delivery.reason.value
        due = f" {delivery.due_at.isoformat()}" if delivery.due_at else ""
        print(
            f"  {delivery.id} {delivery.recipient} {delivery.state.value} {detail}{due}", file=out
        )


def _due(client: ConsentClient, args: argparse.Namespace, out: TextIO) -> None:
    due = client.due_deliveries(limit=args.limit)
    if not due:
        print(_("Nothing to deliver now."), file=out)
    for item in due:
        limits = item.constraints
        print(
            f"{item.delivery.id} {item.channel.kind.value} {item.channel.address or ''}", file=out
        )
        ends = limits.window_ends_at.isoformat() if limits.window_ends_at else ""
        print("  " + _("before: %(time)s") % {"time": ends}, file=out)
        rules = [
            (limits.no_voicemail, _("no voicemail")),
            (limits.household_must_not_know, _("the household must not know")),
            (limits.no_post_to_home, _("no post to the home address")),
        ]
        for applies, text in rules:
            if applies:
                print("  ! " + text, file=out)
        if limits.discreet_sender:
            print("  " + _("sender name: %(name)s") % {"name": limits.discreet_sender}, file=out)
        if limits.alternative_address:
            address = limits.alternative_address
            print("  " + _("use this address: %(address)s") % {"address": address}, file=out)
        for finding in item.items:
            deadline = f" {finding.join_deadline}" if finding.join_deadline else ""
            print(f"  - {finding.kind.value} {finding.case_reference}{deadline}", file=out)


def _outcome(client: ConsentClient, args: argparse.Namespace, out: TextIO) -> None:
    body = notices.OutcomeCreate(outcome=notices.Outcome(args.outcome), at=_moment(args.at))
    delivery = client.record_outcome(_uuid(args.delivery), body)
    outcome = delivery.outcome.value if delivery.outcome else ""
    print(_("Recorded: %(outcome)s.") % {"outcome": outcome}, file=out)


def _responses(client: ConsentClient, args: argparse.Namespace, out: TextIO) -> None:
    page = client.notice_responses(_uuid(args.subject))
    if not page.items:
        print(_("No answers yet."), file=out)
    for response in page.items:
        who = response.responder_label or response.relation
        print(f"{response.created_at.isoformat()} {response.kind.value} {who}", file=out)


def _run_digests(client: ConsentClient, _args: argparse.Namespace, out: TextIO) -> None:
    run = client.run_digests()
    print(
        _("Digests: %(digests)s, released after a pause: %(paused)s, deliveries: %(deliveries)s")
        % {
            "digests": run.digests,
            "paused": run.released_after_pause,
            "deliveries": run.deliveries,
        },
        file=out,
    )


Command = Callable[[ConsentClient, argparse.Namespace, TextIO], None]
COMMANDS: dict[str, Command] = {
    "finding": _finding,
    "due": _due,
    "outcome": _outcome,
    "responses": _responses,
    "run-digests": _run_digests,
}


def _problem_text(error: errors.ApiError) -> str:
    if isinstance(error, errors.AuthenticationError):
        return _("Logging in did not work: check the username and passphrase.")
    if isinstance(error, errors.InsecureTransportError):
        return _("The server address is not usable.")
    if isinstance(error, errors.ApiConnectionError):
        return _("The server cannot be reached.")
    if isinstance(error, errors.ApiStatusError):
        if error.status == 403:
            return _("This account may not do this.")
        if error.status == 404:
            return _("Not found.")
        if error.status == 422:
            return _("The server did not accept this: %(title)s") % {"title": error.problem.title}
        if error.status == 409:
            return _("This was already done.")
    return _("The request did not succeed. Please try again later.")


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    client_factory: Callable[[str], ConsentClient] = ConsentClient,
) -> int:
    args = _parser().parse_args(argv)
    set_language(args.language or detect_language())
    stdin, out = stdin or sys.stdin, stdout or sys.stdout
    server = args.server or os.environ.get("CONSENT_NOTIFY_SERVER") or DEFAULT_SERVER
    try:
        with client_factory(server) as client:
            client.login(args.username, _read_passphrase(stdin))
            try:
                COMMANDS[args.command](client, args, out)
            finally:
                client.logout()
    except UsageError as error:
        print(f"consent-notify: {error}", file=sys.stderr)
        return EXIT_USAGE
    except errors.ApiError as error:
        print(f"consent-notify: {_problem_text(error)}", file=sys.stderr)
        return EXIT_FAILED
    except ValueError:  # e.g. a server address that is not https or loopback
        print("consent-notify: " + _("The server address is not usable."), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
