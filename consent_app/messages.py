"""The one place where failures become words for the person using the app.

Screens never show ``str(exception)``: server texts are English, technical and may echo
details. Each exception class (and, where it matters, the problem type the server sent) maps
to a calm, translated :class:`~consent_app.i18n.Msg` that says what happened and what to do.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from api_client import errors
from consent_app.get_help import stopping
from consent_app.i18n import Msg, _


class Field(enum.Enum):
    """Which field a message belongs next to; ``general`` means the screen's message area."""

    general = "general"
    activation_code = "activation_code"
    username = "username"
    passphrase = "passphrase"  # noqa: S105 - a field name, not a secret


class Action(enum.Enum):
    """What the person was doing, so the same error can be explained in context."""

    login = "login"
    unlock = "unlock"
    """Typing the passphrase again on the lock screen (it has no username field)."""
    register = "register"
    load = "load"
    logout = "logout"
    change_passphrase = "change_passphrase"  # noqa: S105 - an action name, not a secret
    delete_account = "delete_account"
    accept_invitation = "accept_invitation"
    read_represented = "read_represented"
    """Reading the record of someone the person acts for."""


@dataclass(frozen=True)
class UserMessage:
    text: Msg
    field: Field = Field.general


def _problem_name(error: errors.ApiStatusError) -> str:
    return error.code or ""


def _problem_fields(error: errors.ApiStatusError) -> set[str]:
    fields: set[str] = set()
    for field_error in error.problem.errors or []:
        fields.update(str(part) for part in field_error.loc)
    return fields


UNREACHABLE = Msg(
    "The server cannot be reached right now. Check the internet connection and try again later."
)
SOMETHING_WRONG = Msg("Something went wrong. Please try again later.")


def message_for(error: BaseException, action: Action) -> UserMessage:
    """A translated message for ``error`` raised while doing ``action``."""
    if isinstance(error, errors.ApiTimeoutError):
        return UserMessage(Msg("The server took too long to answer. Please try again."))
    if isinstance(error, errors.InsecureTransportError | errors.RedirectRefusedError):
        return UserMessage(
            stopping(
                Msg(
                    "The connection to the server is not safe, so nothing was sent. "
                    "Please contact victim support."
                )
            )
        )
    if isinstance(error, errors.ApiConnectionError):
        return UserMessage(UNREACHABLE)
    if isinstance(error, errors.RateLimitedError):
        wait = error.retry_after
        if wait is not None and wait > 60:
            return UserMessage(Msg("Too many attempts. Please wait a few minutes and try again."))
        return UserMessage(Msg("Too many attempts. Please wait a minute and try again."))
    if isinstance(error, errors.AuthenticationError):
        if action is Action.unlock:
            return UserMessage(
                Msg("This passphrase is not correct. Please try again."), Field.passphrase
            )
        if action in (Action.login, Action.register):
            return UserMessage(Msg("The username or passphrase is not correct."), Field.passphrase)
        return UserMessage(Msg("You have been logged out. Please log in again."))
    if isinstance(error, errors.ApiStatusError):
        return _status_message(error, action)
    return UserMessage(stopping(SOMETHING_WRONG))


def _status_message(error: errors.ApiStatusError, action: Action) -> UserMessage:
    name = _problem_name(error)
    fields = _problem_fields(error)
    if action is Action.accept_invitation and name == "invalid-invitation-code":
        return UserMessage(
            stopping(
                Msg(
                    "This invitation code does not work. It may have been used already or it "
                    "may have expired. Please ask the person who invited you for a new code."
                )
            )
        )
    if action is Action.read_represented and isinstance(error, errors.NotFoundError):
        # The permission ended meanwhile.
        return UserMessage(
            stopping(Msg("You may no longer see this record. The permission has ended."))
        )
    if action in (Action.change_passphrase, Action.delete_account):
        if name == "invalid-credentials" or isinstance(error, errors.PermissionDeniedError):
            return UserMessage(
                Msg("This is not your current passphrase. Please try again."), Field.passphrase
            )
        if "passphrase" in name or "new_passphrase" in fields:
            return UserMessage(
                Msg("This passphrase is too easy to guess. Please choose another one."),
                Field.passphrase,
            )
    if action is Action.register:
        if name == "invalid-activation-code" or "activation_code" in fields:
            return UserMessage(
                stopping(
                    Msg(
                        "This activation code does not work. It may have been used already "
                        "or it may have expired. Victim support can give you a new code."
                    )
                ),
                Field.activation_code,
            )
        if name == "username-taken" or isinstance(error, errors.ConflictError):
            return UserMessage(
                Msg("This username is already in use. Please choose another one."),
                Field.username,
            )
        if "passphrase" in fields or "passphrase" in name:
            return UserMessage(
                Msg("This passphrase is too easy to guess. Please choose another one."),
                Field.passphrase,
            )
        if "username" in fields:
            return UserMessage(USERNAME_RULES, Field.username)
    if isinstance(error, errors.ServerError):
        return UserMessage(
            stopping(Msg("Something went wrong on the server. Please try again later."))
        )
    if isinstance(error, errors.PermissionDeniedError | errors.NotFoundError):
        return UserMessage(stopping(Msg("This information is not available for your account.")))
    return UserMessage(stopping(SOMETHING_WRONG))


USERNAME_RULES = Msg(
    "Use 3 to 40 letters or numbers. Dots, dashes and underscores are allowed too."
)


def file_message(error: OSError) -> Msg:
    """Why a file could not be written, in words (never the system's own text)."""
    if isinstance(error, FileExistsError):
        return Msg("A file with this name already exists. Please choose another name.")
    if isinstance(error, FileNotFoundError):
        return Msg("This folder does not exist. Please check the name.")
    if isinstance(error, IsADirectoryError):
        return Msg("This is a folder. Please add a file name.")
    if isinstance(error, PermissionError):
        return Msg("You cannot save a file in this place. Please choose another folder.")
    return Msg("The file could not be saved. Please try another name or folder.")


def startup_problem(error: BaseException) -> str:
    """One calm line for a configuration the app cannot start with (never the value)."""
    if isinstance(error, errors.InsecureTransportError):
        return _("The server address must start with https:// (http:// only on this computer).")
    if isinstance(error, ValueError):  # also pydantic's ValidationError
        return _(
            "A setting of this app is not valid. Check the server address and the "
            "CONSENT_APP_ settings."
        )
    return _("The app could not start (%(kind)s).") % {"kind": type(error).__name__}
