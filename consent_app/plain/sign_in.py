"""The plain mode's register and log-in pages, and choosing a new passphrase (also used when
changing it). Every check is the one the screens use (``account_checks``); a field the server
refuses is asked again, the others are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api_client import activation_code
from consent_app import account_checks, help_texts
from consent_app.i18n import Msg
from consent_app.messages import Action, Field, message_for

if TYPE_CHECKING:
    from consent_app.plain.session import PlainSession


def register(session: PlainSession) -> str | None:
    """The username once registered and logged in, else None (the reason was written)."""
    console = session.console
    console.heading(Msg("Register"))
    why = help_texts.REGISTER_WHY

    def code_check(text: str) -> tuple[str | None, Msg | None]:
        problem = account_checks.check_code(text)
        return (None, problem) if problem else (activation_code.normalise(text), None)

    def username_check(text: str) -> tuple[str | None, Msg | None]:
        problem = account_checks.check_username(text)
        return (None, problem) if problem else (text.strip(), None)

    def ask_code() -> str:
        console.say(Msg("Activation code"))
        return console.ask_checked(code_check, why=why)

    def ask_username() -> str:
        console.say(Msg("Choose a username"))
        return console.ask_checked(username_check, why=why)

    def ask_passphrase() -> str:
        return new_passphrase(session, Msg("Choose a passphrase"), Msg("Repeat the passphrase"))

    code, username, passphrase = ask_code(), ask_username(), ask_passphrase()
    while True:
        session.wait()
        try:
            session.client.register(code, username, passphrase)
            break
        except Exception as error:  # mapped to a calm message; never shown raw
            message = message_for(error, Action.register)
        console.say(message.text)
        # Only the field the server refused is asked again; the others are kept.
        if message.field is Field.activation_code:
            code = ask_code()
        elif message.field is Field.username:
            username = ask_username()
        elif message.field is Field.passphrase:
            passphrase = ask_passphrase()
        else:
            return None
    try:
        session.client.login(username, passphrase)
    except Exception as error:
        console.say(message_for(error, Action.login).text)
        return None
    return username


def new_passphrase(session: PlainSession, first: Msg, again: Msg) -> str:
    console = session.console
    while True:
        passphrase = console.secret(first)
        problem = account_checks.check_new_passphrase(passphrase)
        if problem is not None:
            console.say(problem)
            continue
        repeat = console.secret(again)
        problem = account_checks.check_repeat(passphrase, repeat)
        if problem is None:
            return passphrase
        console.say(problem)


def log_in(session: PlainSession) -> str | None:
    """The username once logged in, else None (the reason was written)."""
    console = session.console
    console.heading(Msg("Log in"))
    why = help_texts.LOGIN_WHY

    def username_check(text: str) -> tuple[str | None, Msg | None]:
        return (text, None) if text else (None, Msg("Please fill in your username."))

    while True:
        console.say(Msg("Username"))
        username = console.ask_checked(username_check, why=why)
        passphrase = ""
        while not passphrase:
            passphrase = console.secret(Msg("Passphrase"))
            if not passphrase:
                console.say(Msg("Please fill in your passphrase."))
        console.say(Msg("Logging in…"))
        try:
            session.client.login(username, passphrase)
        except Exception as error:  # mapped to a calm message; never shown raw
            message = message_for(error, Action.login)
            console.say(message.text)
            if message.field in (Field.passphrase, Field.username):
                continue
            return None
        return username
