"""No token, passphrase or contact detail in any repr, str, traceback or log line.

Each test plants sentinel values where a careless client would leak them and searches
everything a person or a log could see afterwards.
"""

from __future__ import annotations

import logging
import traceback
import uuid

import httpx
import pytest

from api_client import TokenPair, errors, models
from tests.support.scripted_server import (
    MakeClient,
    preferences_json,
    problem,
    session_json,
    token_pair,
)

ACCESS = "ACCESS-SENTINEL-7f3a9c"
REFRESH = "REFRESH-SENTINEL-2b8e41"
PASSPHRASE = "PASSPHRASE-SENTINEL-c0ffee"
CONTACT = "CONTACT-SENTINEL-06-12345678"
CODE = "7KQ2-M9XD-4HPA-R3TB"
SECRETS = (ACCESS, REFRESH, PASSPHRASE, CONTACT, CODE)


def visible(error: BaseException) -> str:
    """Everything an uncaught exception shows, chained exceptions included."""
    return "\n".join([str(error), repr(error), *traceback.format_exception(error)])


def assert_no_secret(text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"leaked: {leaked}"


def test_token_pair_repr_and_str_hide_the_tokens() -> None:
    pair = token_pair(access=ACCESS, refresh=REFRESH)
    assert_no_secret(repr(pair) + str(pair) + f"{pair}")
    assert "expires_at" in repr(pair)


def test_session_and_request_models_hide_secrets_in_repr() -> None:
    session = models.Session.model_validate(session_json(access=ACCESS, refresh=REFRESH))
    shown = [
        session,
        models.SessionRequest(username="victim1", passphrase=PASSPHRASE),
        models.RegistrationRequest(activation_code=CODE, username="victim1", passphrase=PASSPHRASE),
        models.PassphraseChange(current_passphrase=PASSPHRASE, new_passphrase=PASSPHRASE),
        models.AccountDeletion(passphrase=PASSPHRASE),
        models.RefreshRequest(refresh_token=REFRESH),
        models.ActivationCode(code=CODE, expires_at=session.expires_at),
        models.InvitationAccept(code=CODE),
    ]
    assert_no_secret("\n".join(repr(item) + str(item) for item in shown))


def test_client_repr_shows_neither_tokens_nor_callbacks(make_client: MakeClient) -> None:
    client, _ = make_client(httpx.Response(500))
    client.set_tokens(token_pair(access=ACCESS, refresh=REFRESH))
    assert repr(client) == "ConsentClient(base_url='https://consent.test', logged_in=True)"


def test_wrong_passphrase_error_does_not_echo_it(make_client: MakeClient) -> None:
    client, _ = make_client(problem(401, "invalid-credentials", "Invalid credentials"))
    with pytest.raises(errors.AuthenticationError) as caught:
        client.login("victim1", PASSPHRASE)
    assert_no_secret(visible(caught.value))


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.ReadError("reset")],
)
def test_connection_errors_keep_no_link_to_the_request(
    make_client: MakeClient, failure: Exception
) -> None:
    client, _ = make_client(failure)
    client.set_tokens(token_pair(access=ACCESS, refresh=REFRESH))
    with pytest.raises(errors.ApiConnectionError) as caught:
        client.change_passphrase(PASSPHRASE, PASSPHRASE + "-new")
    error = caught.value
    assert error.__cause__ is None and error.__context__ is None
    assert_no_secret(visible(error))


def test_a_login_that_cannot_connect_shows_no_passphrase(make_client: MakeClient) -> None:
    client, _ = make_client(httpx.ConnectError("refused"))
    with pytest.raises(errors.ApiConnectionError) as caught:
        client.login("victim1", PASSPHRASE)
    assert caught.value.__context__ is None
    assert_no_secret(visible(caught.value))


def test_a_stale_write_error_does_not_show_the_contact_details_it_carries(
    make_client: MakeClient,
) -> None:
    subject_id = uuid.uuid4()
    current = preferences_json(
        subject_id, version=5, channels=[{"kind": "phone", "address": CONTACT}]
    )
    client, _ = make_client(problem(412, "version-mismatch", "Changed meanwhile", current=current))
    client.set_tokens(token_pair(access=ACCESS, refresh=REFRESH))
    write = models.PreferenceWrite(
        channels=[models.Channel(kind=models.ChannelKind.email, address=CONTACT)]
    )
    with pytest.raises(errors.PreconditionFailedError) as caught:
        client.put_preferences(subject_id, write, if_match=4)
    error = caught.value
    assert error.current is not None and error.current.channels[0].address == CONTACT
    assert_no_secret(str(error) + repr(error) + "".join(traceback.format_exception(error)))


def test_a_malformed_answer_does_not_quote_the_body(make_client: MakeClient) -> None:
    body = session_json(access=ACCESS, refresh=REFRESH)
    body["expires_at"] = CONTACT  # invalid, and would be quoted by pydantic's message
    client, _ = make_client(httpx.Response(201, json=body))
    with pytest.raises(errors.ApiResponseValidationError) as caught:
        client.login("victim1", PASSPHRASE)
    assert "expires_at" in str(caught.value)
    assert caught.value.__context__ is None
    assert_no_secret(visible(caught.value))


def test_logs_name_method_template_and_status_only(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    subject_id = uuid.uuid4()
    client, _ = make_client(
        httpx.Response(201, json=session_json(access=ACCESS, refresh=REFRESH)),
        httpx.Response(503, headers={"retry-after": "0"}),
        httpx.ReadError("reset"),
        httpx.Response(200, json=preferences_json(subject_id)),
    )
    with caplog.at_level(logging.DEBUG, logger="api_client"):
        client.login("victim1", PASSPHRASE)
        write = models.PreferenceWrite(
            channels=[models.Channel(kind=models.ChannelKind.email, address=CONTACT)]
        )
        client.put_preferences(subject_id, write, if_match=0, idempotency_key="KEY-SENTINEL")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "PUT /v1/subjects/{subject_id}/preferences -> 200" in logged
    assert "retry 1 of 2" in logged
    assert_no_secret(logged)
    assert str(subject_id) not in logged
    assert "KEY-SENTINEL" not in logged


def test_tokens_travel_in_the_header_never_in_the_url(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(200, json=preferences_json(uuid.uuid4())))
    client.set_tokens(token_pair(access=ACCESS, refresh=REFRESH))
    client.get_preferences(uuid.uuid4())
    request = server.requests[0]
    assert request.headers["authorization"] == f"Bearer {ACCESS}"
    assert ACCESS not in str(request.url) and REFRESH not in str(request.url)


def test_the_token_pair_is_frozen() -> None:
    pair = token_pair()
    with pytest.raises(AttributeError):
        pair.access_token = "other"  # type: ignore[misc]
    assert isinstance(pair, TokenPair)
