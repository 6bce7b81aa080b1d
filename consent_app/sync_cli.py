"""``consent-app sync`` and ``consent-app status``: the outbox from the command line.

Exit codes: 0 everything sent (also when nothing was waiting), 3 changes waiting, 4 a
decision is needed, 5 changes confirmed on this computer could not be read (until
``discard-unreadable``), 6 the outbox was written by a newer version of the app, 2 an error (a
server address that is not valid, no remembered login while changes wait, no server). Uses the
session remembered in the keyring, when there is one.
Imports neither Textual nor the server.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol

from consent_app import unreadable_text
from consent_app.i18n import _, set_language
from consent_app.outbox import Outbox
from consent_app.settings import AppSettings
from consent_app.sync import (
    EXIT_NEWER_FORMAT,
    EXIT_UNREADABLE,
    StopReason,
    SyncStatus,
    summarize,
)

if TYPE_CHECKING:
    from api_client import TokenPair
    from consent_app.session_store import RememberedSession

EXIT_ERROR = 2


class _Store(Protocol):
    def save(self, username: str, tokens: TokenPair) -> bool: ...
    def clear(self) -> None: ...


class _BadServerAddress(Exception):
    """The server address cannot be used; the line to show is already printed."""


def _open(overrides: dict[str, object]) -> tuple[AppSettings, Outbox]:
    settings = AppSettings(**overrides)  # type: ignore[arg-type]
    set_language(settings.resolved_language())
    _check_server_address(settings.server_url)
    return settings, Outbox.open()


def _check_server_address(url: str) -> None:
    from api_client.errors import InsecureTransportError
    from api_client.transport_policy import checked_base_url
    from consent_app.messages import startup_problem

    try:
        checked_base_url(url)
    except (ValueError, InsecureTransportError) as error:
        print(startup_problem(error), file=sys.stderr)
        raise _BadServerAddress from None


def _print_status(status: SyncStatus) -> None:
    if status.newer_format:
        print(unreadable_text.newer_format())
    if status.unreadable:
        print(unreadable_text.headline())
        for line in unreadable_text.details(list(status.unreadable)):
            print("  " + line)
        print(unreadable_text.cli_acknowledge_hint())
    print(_("Sent: %(count)s") % {"count": status.sent})
    print(_("Waiting to be sent: %(count)s") % {"count": status.waiting})
    print(_("Needs your decision: %(count)s") % {"count": status.needs_decision + status.rejected})
    if not status.durable:
        print(
            _(
                "This computer cannot keep unsent changes safely (no keyring): "
                "changes that were not sent are lost when the app closes."
            )
        )
    if status.needs_decision or status.rejected:
        print(_("Open the app to decide what to keep."))


def run_status(overrides: dict[str, object]) -> int:
    try:
        _settings, outbox = _open(overrides)
    except _BadServerAddress:
        return EXIT_ERROR
    status = summarize(outbox)
    _print_status(status)
    return status.exit_code


def run_discard_unreadable(overrides: dict[str, object]) -> int:
    """The person checked their choices: remove the outbox copies that could not be read."""
    try:
        _settings, outbox = _open(overrides)
    except _BadServerAddress:
        return EXIT_ERROR
    removed = outbox.discard_unreadable()
    if removed:
        print(_("The unreadable copy was removed."))
    else:
        print(_("There was no unreadable copy to remove."))
    status = summarize(outbox)
    _print_status(status)
    return status.exit_code


def _remembered() -> tuple[RememberedSession | None, _Store | None]:
    try:
        from consent_app.session_store import SessionStore
    except ImportError:  # the app has no remembered sessions yet
        return None, None
    store = SessionStore()
    return store.load(), store


def run_sync(overrides: dict[str, object]) -> int:
    try:
        settings, outbox = _open(overrides)
    except _BadServerAddress:
        return EXIT_ERROR
    code = _sync(settings, outbox)
    # Changes that could not be read need the person more than anything else: say so in the
    # exit code too, whatever else happened.
    found = summarize(outbox).exit_code
    return found if found in (EXIT_UNREADABLE, EXIT_NEWER_FORMAT) else code


def _sync(settings: AppSettings, outbox: Outbox) -> int:
    from api_client import ConsentClient
    from api_client.errors import ApiError
    from consent_app.sync import SyncEngine

    before = summarize(outbox)
    if before.waiting == 0:  # nothing to send: no login or server needed
        print(_("Nothing is waiting to be sent."))
        _print_status(before)
        return before.exit_code
    session, store = _remembered()
    if session is None or store is None:
        print(
            _("To send waiting changes, log in with the app first and choose “remember me”."),
            file=sys.stderr,
        )
        _print_status(before)
        return EXIT_ERROR
    client = ConsentClient(settings.server_url, timeout=settings.request_timeout_seconds)
    username = session.username

    def remember(tokens: TokenPair | None) -> None:
        # A refresh rotates the tokens: keep the new pair, or the next run cannot log in.
        if tokens is None:
            store.clear()
        else:
            store.save(username, tokens)

    with client:
        client.set_tokens(session.tokens)
        client.on_tokens_changed = remember
        try:
            account_id = client.me().account.id
        except ApiError:
            print(_("The server could not be reached. Your changes are kept."), file=sys.stderr)
            _print_status(summarize(outbox))
            return EXIT_ERROR
        engine = SyncEngine(outbox, client, account_id=account_id)
        report = engine.flush_once()
    status = engine.status()
    _print_status(status)
    if report.error is StopReason.login_needed:
        print(_("Please log in with the app again; your changes are kept."), file=sys.stderr)
        return EXIT_ERROR
    if report.reapplied:
        print(_("Your 'no' was applied again on top of a newer change."))
    return status.exit_code
