"""The plain mode's account page: change the passphrase, log out, delete the account."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from consent_app import help_texts
from consent_app.i18n import Msg
from consent_app.messages import Action
from consent_app.plain import sign_in
from consent_app.plain.console import LoggedOut

if TYPE_CHECKING:
    from consent_app.plain.session import PlainSession


def account(session: PlainSession) -> None:
    console = session.console
    console.heading(Msg("Your account"))
    options = [Msg("Change passphrase"), Msg("Log out"), Msg("Delete my account")]
    index = console.choose(options, why=help_texts.ACCOUNT_WHY)
    if index == 1:
        session.log_out()
    if index == 0:
        change_passphrase(session)
    else:
        delete_account(session)


def change_passphrase(session: PlainSession) -> None:
    current = session.console.secret(Msg("Current passphrase"))
    new = sign_in.new_passphrase(session, Msg("New passphrase"), Msg("New passphrase again"))
    session.console.say(Msg("Changing your passphrase…"))
    session.fetch(partial(session.client.change_passphrase, current, new), Action.change_passphrase)
    session.console.say(
        Msg(
            "Your passphrase was changed. Other computers where you were logged in "
            "are logged out now."
        )
    )


def delete_account(session: PlainSession) -> None:
    console = session.console
    console.heading(Msg("Delete your account"))
    console.say(Msg("Also clear my last answer about being informed"))
    clear = console.choose([Msg("Yes"), Msg("No")], why=help_texts.ACCOUNT_WHY) == 0
    passphrase = console.secret(Msg("Your passphrase"))
    console.say(Msg("Deleting your account…"))
    delete = partial(session.client.delete_account, passphrase, clear_decision=clear)
    session.fetch(delete, Action.delete_account)
    console.say(Msg("Your account was deleted."))
    raise LoggedOut
