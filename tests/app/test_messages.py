"""Every failure becomes a calm, translated message; the exception's own text never shows."""

from __future__ import annotations

import pytest

from api_client import errors, models
from consent_app.i18n import set_language
from consent_app.messages import Action, Field, message_for


def _problem(
    status: int, code: str | None = None, fields: list[str] | None = None
) -> models.Problem:
    return models.Problem(
        type=f"https://consent.invalid/problems/{code}" if code else "about:blank",
        title="server text that must not be shown",
        status=status,
        errors=[models.FieldError(loc=["body", f], code="x") for f in fields or []] or None,
    )


CASES = [
    (errors.ApiConnectionError(), Action.login, "cannot be reached", Field.general),
    (errors.ApiTimeoutError(), Action.load, "too long", Field.general),
    (errors.InsecureTransportError(), Action.login, "not safe", Field.general),
    (errors.RedirectRefusedError(302), Action.login, "not safe", Field.general),
    (
        errors.AuthenticationError(401, _problem(401, "invalid-credentials")),
        Action.login,
        "username or passphrase is not correct",
        Field.passphrase,
    ),
    (
        errors.AuthenticationError(401, _problem(401)),
        Action.load,
        "logged out",
        Field.general,
    ),
    (
        errors.RateLimitedError(429, _problem(429), retry_after=30),
        Action.login,
        "wait a minute",
        Field.general,
    ),
    (
        errors.RateLimitedError(429, _problem(429), retry_after=600),
        Action.login,
        "few minutes",
        Field.general,
    ),
    (
        errors.BadRequestError(400, _problem(400, "invalid-activation-code")),
        Action.register,
        "activation code does not work",
        Field.activation_code,
    ),
    (
        errors.ConflictError(409, _problem(409, "username-taken")),
        Action.register,
        "already in use",
        Field.username,
    ),
    (
        errors.UnprocessableError(422, _problem(422, "passphrase-too-common", ["passphrase"])),
        Action.register,
        "too easy to guess",
        Field.passphrase,
    ),
    (errors.ServerError(503, _problem(503)), Action.load, "on the server", Field.general),
    (errors.NotFoundError(404, _problem(404)), Action.load, "not available", Field.general),
    (ValueError("local detail"), Action.load, "Something went wrong", Field.general),
    (
        errors.BadRequestError(400, _problem(400, "invalid-invitation-code")),
        Action.accept_invitation,
        "invitation code does not work",
        Field.general,
    ),
    (
        errors.NotFoundError(404, _problem(404)),
        Action.read_represented,
        "permission has ended",
        Field.general,
    ),
]


@pytest.mark.parametrize(("error", "action", "expected", "field"), CASES)
def test_each_error_maps_to_a_calm_message_in_the_right_place(
    error: BaseException, action: Action, expected: str, field: Field
) -> None:
    message = message_for(error, action)
    assert expected in str(message.text)
    assert message.field is field
    assert "server text" not in str(message.text)
    assert "local detail" not in str(message.text)


@pytest.mark.parametrize(("error", "action", "expected", "field"), CASES)
def test_each_error_message_exists_in_dutch(
    error: BaseException, action: Action, expected: str, field: Field
) -> None:
    english = str(message_for(error, action).text)
    set_language("nl")
    assert str(message_for(error, action).text) != english


@pytest.mark.parametrize(
    "error",
    [
        errors.ServerError(500, _problem(500)),
        RuntimeError("boom"),
    ],
)
def test_an_error_that_stops_the_person_names_where_to_get_help(error: Exception) -> None:
    text = str(message_for(error, Action.load).text)
    assert "Slachtofferhulp Nederland" in text and "0900-0101" in text
