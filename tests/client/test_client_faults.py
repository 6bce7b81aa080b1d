"""Faults the real server cannot easily produce, through a scripted fake server.

Each test asserts what went over the wire: how many attempts, with which headers.
"""

from __future__ import annotations

import json
import uuid

import anyio
import httpx
import pytest

from api_client import AsyncConsentClient, ConsentClient, RetryPolicy, TokenPair, errors, models
from tests.support.scripted_server import (
    MakeAsyncClient,
    MakeClient,
    ScriptedServer,
    preferences_json,
    problem,
    session_json,
    token_pair,
)
from tests.support.topics import ALL_TOPICS

SUBJECT = uuid.uuid4()
ME = {
    "account": session_json()["account"],
    "subjects": [{"subject_id": str(SUBJECT), "relation": "self", "permissions": ["view"]}],
}
OK_ME = httpx.Response(200, json=ME)


def unavailable(retry_after: str | None = "1") -> httpx.Response:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return httpx.Response(503, headers=headers)


def test_a_read_is_retried_after_503_honouring_retry_after(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    client, server = make_client(unavailable("1"), unavailable("2"), OK_ME)
    me = client.me()
    assert me.subjects[0].subject_id == SUBJECT
    assert len(server.requests) == 3
    assert sleeps == [1.0, 2.0]


def test_retries_are_bounded_by_max_retries(make_client: MakeClient, sleeps: list[float]) -> None:
    client, server = make_client(unavailable(None))
    with pytest.raises(errors.ServerError) as caught:
        client.me()
    assert caught.value.status == 503
    assert len(server.requests) == 3  # the first attempt and two retries
    assert sleeps == [0.005, 0.01]  # full jitter (random=0.5) of 0.01 * 2**n


def test_max_retries_zero_sends_once(make_client: MakeClient) -> None:
    client, server = make_client(unavailable(), retry_policy=RetryPolicy(max_retries=0))
    with pytest.raises(errors.ServerError):
        client.me()
    assert len(server.requests) == 1


def test_max_retries_argument_sets_the_policy(make_client: MakeClient) -> None:
    client, server = make_client(unavailable("0"), retry_policy=None, max_retries=4)
    with pytest.raises(errors.ServerError):
        client.me()
    assert len(server.requests) == 5


def test_a_preference_write_keeps_its_idempotency_key_across_retries(
    make_client: MakeClient,
) -> None:
    client, server = make_client(
        unavailable("0"),
        httpx.ReadError("connection reset by peer"),
        httpx.Response(200, json=preferences_json(SUBJECT, version=4, inform="yes")),
    )
    write = models.PreferenceWrite(inform=models.Inform.yes, topics=ALL_TOPICS)
    saved = client.put_preferences(SUBJECT, write, if_match=3)
    assert saved.version == 4
    assert len(server.requests) == 3
    keys = {request.headers["idempotency-key"] for request in server.requests}
    assert len(keys) == 1
    uuid.UUID(keys.pop())  # a fresh uuid4 made once for this call
    assert {request.headers["if-match"] for request in server.requests} == {'"3"'}
    assert len({request.content for request in server.requests}) == 1
    assert json.loads(server.requests[0].content)["inform"] == "yes"


def test_a_given_idempotency_key_is_used_as_is(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(200, json=preferences_json(SUBJECT)))
    client.put_preferences(SUBJECT, models.PreferenceWrite(), if_match=0, idempotency_key="k-1")
    assert server.requests[0].headers["idempotency-key"] == "k-1"


def test_each_write_gets_its_own_idempotency_key(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(200, json=preferences_json(SUBJECT)))
    client.put_preferences(SUBJECT, models.PreferenceWrite(), if_match=0)
    client.put_preferences(SUBJECT, models.PreferenceWrite(), if_match=0)
    first, second = (request.headers["idempotency-key"] for request in server.requests)
    assert first != second


def test_timeouts_are_retried_then_raised_as_timeout_errors(make_client: MakeClient) -> None:
    client, server = make_client(httpx.ReadTimeout("no answer"))
    with pytest.raises(errors.ApiTimeoutError):
        client.get_preferences(SUBJECT)
    assert len(server.requests) == 3


def test_connection_failures_become_connection_errors(make_client: MakeClient) -> None:
    client, server = make_client(httpx.ConnectError("connection refused"))
    with pytest.raises(errors.ApiConnectionError) as caught:
        client.health()
    assert not isinstance(caught.value, errors.ApiTimeoutError)
    assert len(server.requests) == 3


def test_login_is_not_repeated_after_it_may_have_reached_the_server(
    make_client: MakeClient,
) -> None:
    for answer in (unavailable("0"), httpx.ReadTimeout("slow"), httpx.ReadError("reset")):
        client, server = make_client(answer)
        with pytest.raises(errors.ApiError):
            client.login("victim1", "correct horse battery")
        assert len(server.requests) == 1
        assert client.tokens is None


def test_login_is_retried_when_the_connection_failed_before_sending(
    make_client: MakeClient,
) -> None:
    client, server = make_client(
        httpx.ConnectError("refused"), httpx.Response(201, json=session_json())
    )
    client.login("victim1", "correct horse battery")
    assert len(server.requests) == 2
    assert client.tokens is not None


def test_registration_is_not_retried_on_server_errors(make_client: MakeClient) -> None:
    client, server = make_client(unavailable("0"))
    with pytest.raises(errors.ServerError):
        client.register("7KQ2-M9XD-4HPA-R3TB", "victim1", "correct horse battery")
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 422, 428])
def test_request_errors_are_not_retried(make_client: MakeClient, status: int) -> None:
    answer = problem(status, "nope")
    answer.headers["x-should-retry"] = "true"
    client, server = make_client(answer)
    with pytest.raises(errors.ApiStatusError) as caught:
        client.get_preferences(SUBJECT)
    assert caught.value.status == status
    assert len(server.requests) == 1


def test_x_should_retry_false_is_honoured(make_client: MakeClient) -> None:
    answer = unavailable("0")
    answer.headers["x-should-retry"] = "false"
    client, server = make_client(answer)
    with pytest.raises(errors.ServerError):
        client.me()
    assert len(server.requests) == 1


def test_a_long_retry_after_is_reported_not_waited_for(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    answer = problem(429, "rate-limited", "Too many attempts")
    answer.headers["retry-after"] = "300"
    client, server = make_client(answer)
    with pytest.raises(errors.RateLimitedError) as caught:
        client.me()
    assert caught.value.retry_after == 300.0
    assert len(server.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_refused_and_not_followed(make_client: MakeClient, status: int) -> None:
    redirect = httpx.Response(status, headers={"location": "https://elsewhere.test/v1/me"})
    client, server = make_client(redirect)
    client.set_tokens(token_pair())
    with pytest.raises(errors.RedirectRefusedError) as caught:
        client.me()
    assert caught.value.status == status
    assert [request.url.host for request in server.requests] == ["consent.test"]


def test_a_redirect_on_a_write_is_refused(make_client: MakeClient) -> None:
    redirect = httpx.Response(307, headers={"location": "http://elsewhere.test/"})
    client, server = make_client(redirect)
    with pytest.raises(errors.RedirectRefusedError):
        client.put_preferences(SUBJECT, models.PreferenceWrite(), if_match=1)
    assert len(server.requests) == 1


def test_a_success_body_that_breaks_the_contract_is_a_validation_error(
    make_client: MakeClient,
) -> None:
    client, _ = make_client(httpx.Response(200, json={"status": "sideways"}))
    with pytest.raises(errors.ApiResponseValidationError) as caught:
        client.health()
    assert "status: literal_error" in str(caught.value)


def test_invalid_json_is_a_validation_error(make_client: MakeClient) -> None:
    client, _ = make_client(httpx.Response(200, content=b"<html>"))
    with pytest.raises(errors.ApiResponseValidationError):
        client.health()


# --- tokens ------------------------------------------------------------------------------


def bearer(request: httpx.Request) -> str | None:
    value: str | None = request.headers.get("authorization")
    return value


def test_an_expired_access_token_is_refreshed_once_and_the_call_repeated(
    make_client: MakeClient,
) -> None:
    renewed = session_json(access="access-token-0002", refresh="refresh-token-0002")
    client, server = make_client(
        problem(401, "token-expired"), httpx.Response(201, json=renewed), OK_ME
    )
    client.set_tokens(token_pair())
    seen: list[TokenPair | None] = []
    client.on_tokens_changed = seen.append

    client.me()

    paths = [request.url.path for request in server.requests]
    assert paths == ["/v1/me", "/v1/sessions/refresh", "/v1/me"]
    assert bearer(server.requests[0]) == "Bearer access-token-0001"
    assert bearer(server.requests[1]) is None
    assert json.loads(server.requests[1].content) == {"refresh_token": "refresh-token-0001"}
    assert bearer(server.requests[2]) == "Bearer access-token-0002"
    assert client.tokens is not None and client.tokens.refresh_token == "refresh-token-0002"
    assert seen == [client.tokens]


def test_a_second_401_after_refreshing_is_raised_without_looping(make_client: MakeClient) -> None:
    renewed = session_json(access="access-token-0002", refresh="refresh-token-0002")
    client, server = make_client(
        problem(401, "token-expired"),
        httpx.Response(201, json=renewed),
        problem(401, "token-expired"),
    )
    client.set_tokens(token_pair())
    with pytest.raises(errors.AuthenticationError):
        client.me()
    assert len(server.requests) == 3


def test_a_refused_refresh_forgets_the_session(make_client: MakeClient) -> None:
    client, server = make_client(problem(401, "token-expired"), problem(401, "invalid-token"))
    client.set_tokens(token_pair())
    seen: list[TokenPair | None] = []
    client.on_tokens_changed = seen.append
    with pytest.raises(errors.AuthenticationError) as caught:
        client.me()
    assert caught.value.code == "token-expired"  # the original call's answer
    assert client.tokens is None
    assert seen == [None]
    assert len(server.requests) == 2


def test_an_unreachable_server_during_refresh_keeps_the_session(make_client: MakeClient) -> None:
    client, _ = make_client(problem(401, "token-expired"), httpx.ConnectError("refused"))
    pair = token_pair()
    client.set_tokens(pair)
    with pytest.raises(errors.ApiConnectionError):
        client.me()
    assert client.tokens is pair


@pytest.mark.parametrize(
    ("answer", "raised"),
    [(unavailable(None), errors.ServerError), (problem(429, "slow-down"), errors.RateLimitedError)],
)
def test_a_refresh_that_fails_for_now_keeps_the_session(
    make_client: MakeClient, answer: httpx.Response, raised: type[Exception]
) -> None:
    client, server = make_client(problem(401, "token-expired"), answer)
    pair = token_pair()
    client.set_tokens(pair)
    with pytest.raises(raised):
        client.me()
    assert client.tokens is pair
    assert [request.url.path for request in server.requests] == ["/v1/me", "/v1/sessions/refresh"]


def test_without_tokens_a_401_is_raised_without_a_refresh(make_client: MakeClient) -> None:
    client, server = make_client(problem(401, "not-authenticated"))
    with pytest.raises(errors.AuthenticationError):
        client.me()
    assert len(server.requests) == 1
    assert bearer(server.requests[0]) is None


def test_wrong_credentials_at_login_do_not_trigger_a_refresh(make_client: MakeClient) -> None:
    client, server = make_client(problem(401, "invalid-credentials"))
    client.set_tokens(token_pair())
    with pytest.raises(errors.AuthenticationError):
        client.login("victim1", "wrong passphrase")
    assert [request.url.path for request in server.requests] == ["/v1/sessions"]


def test_refresh_without_a_session_raises_locally(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(500))
    with pytest.raises(errors.AuthenticationError):
        client.refresh()
    assert server.requests == []


def test_a_refresh_is_never_repeated_after_it_may_have_been_used(make_client: MakeClient) -> None:
    client, server = make_client(httpx.ReadTimeout("slow"))
    client.set_tokens(token_pair())
    with pytest.raises(errors.ApiTimeoutError):
        client.refresh()
    assert len(server.requests) == 1


def test_public_endpoints_never_get_the_bearer_token(make_client: MakeClient) -> None:
    client, server = make_client(
        httpx.Response(200, json={"status": "ok"}),
        httpx.Response(201, json=session_json()["account"]),
        httpx.Response(201, json=session_json()),
    )
    client.set_tokens(token_pair())
    client.health()
    client.register("7KQ2-M9XD-4HPA-R3TB", "victim2", "correct horse battery")
    client.login("victim2", "correct horse battery")
    assert [bearer(request) for request in server.requests] == [None, None, None]
    assert {request.headers["user-agent"] for request in server.requests} == {"consent-app"}


def test_logout_forgets_the_tokens_even_when_the_server_is_unreachable(
    make_client: MakeClient,
) -> None:
    client, _ = make_client(httpx.ConnectError("refused"))
    client.set_tokens(token_pair())
    seen: list[TokenPair | None] = []
    client.on_tokens_changed = seen.append
    with pytest.raises(errors.ApiConnectionError):
        client.logout()
    assert client.tokens is None
    assert seen == [None]


def test_logout_of_a_session_the_server_already_ended_succeeds(make_client: MakeClient) -> None:
    client, server = make_client(problem(401, "token-expired"), problem(401, "invalid-token"))
    client.set_tokens(token_pair())
    client.logout()
    assert client.tokens is None
    assert server.requests[0].method == "DELETE"
    assert server.requests[0].url.path == "/v1/sessions/current"


def test_delete_account_sends_its_body_and_is_not_repeated(make_client: MakeClient) -> None:
    client, server = make_client(unavailable("0"))
    client.set_tokens(token_pair())
    with pytest.raises(errors.ServerError):
        client.delete_account("correct horse battery", clear_decision=True)
    assert len(server.requests) == 1
    request = server.requests[0]
    assert (request.method, request.url.path) == ("DELETE", "/v1/me")
    assert json.loads(request.content) == {
        "passphrase": "correct horse battery",
        "clear_decision": True,
    }
    assert client.tokens is not None  # not deleted, so still logged in


# --- request shape -----------------------------------------------------------------------


def test_ids_are_escaped_so_they_cannot_change_the_path(make_client: MakeClient) -> None:
    client, server = make_client(problem(404, "not-found"))
    with pytest.raises(errors.NotFoundError):
        client.get_preferences("../../me")
    assert server.requests[0].url.raw_path == b"/v1/subjects/..%2F..%2Fme/preferences"


def test_a_base_url_path_prefix_is_kept() -> None:
    server = ScriptedServer(httpx.Response(200, json={"status": "ok"}))
    with ConsentClient("https://consent.test/api/", transport=server.transport) as client:
        client.health()
    assert server.requests[0].url.path == "/api/v1/health"


def test_history_sends_paging_parameters(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(200, json={"items": [], "next_cursor": None}))
    client.history(SUBJECT)
    client.history(SUBJECT, cursor="abc", limit=10)
    assert dict(server.requests[0].url.params) == {"limit": "50"}
    assert dict(server.requests[1].url.params) == {"cursor": "abc", "limit": "10"}


def test_a_delegation_update_sends_only_the_fields_set(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(500))
    with pytest.raises(errors.ServerError):
        client.update_delegation(SUBJECT, uuid.uuid4(), models.DelegationUpdate(verified=True))
    assert server.requests[0].method == "PATCH"
    assert json.loads(server.requests[0].content) == {"verified": True}
    assert len(server.requests) == 1  # PATCH is not repeated


def test_a_record_update_sends_only_the_fields_set(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(500))
    with pytest.raises(errors.ServerError):
        client.update_subject(SUBJECT, models.SubjectUpdate())
    assert server.requests[0].method == "PATCH"
    assert json.loads(server.requests[0].content) == {}  # not {"needs_reconsent": null}
    assert len(server.requests) == 1


# --- the async client, same rules --------------------------------------------------------


@pytest.mark.anyio
async def test_async_write_keeps_its_idempotency_key_across_retries(
    make_async_client: MakeAsyncClient, sleeps: list[float]
) -> None:
    client, server = make_async_client(
        unavailable("1"),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, json=preferences_json(SUBJECT, version=2)),
    )
    async with client:
        saved = await client.put_preferences(SUBJECT, models.PreferenceWrite(), if_match=1)
    assert saved.version == 2
    assert len({request.headers["idempotency-key"] for request in server.requests}) == 1
    assert len(server.requests) == 3
    assert sleeps[0] == 1.0


@pytest.mark.anyio
async def test_async_redirect_is_refused(make_async_client: MakeAsyncClient) -> None:
    client, server = make_async_client(
        httpx.Response(302, headers={"location": "https://elsewhere.test/"})
    )
    async with client:
        with pytest.raises(errors.RedirectRefusedError):
            await client.health()
    assert len(server.requests) == 1


@pytest.mark.anyio
async def test_async_4xx_is_not_retried_and_login_not_repeated(
    make_async_client: MakeAsyncClient,
) -> None:
    client, server = make_async_client(problem(409, "username-taken"), unavailable("0"))
    async with client:
        with pytest.raises(errors.ConflictError):
            await client.register("7KQ2-M9XD-4HPA-R3TB", "victim1", "correct horse battery")
        with pytest.raises(errors.ServerError):
            await client.login("victim1", "correct horse battery")
    assert len(server.requests) == 2


@pytest.mark.anyio
async def test_async_timeout_is_raised_as_timeout_error(make_async_client: MakeAsyncClient) -> None:
    client, server = make_async_client(httpx.ConnectTimeout("slow"))
    async with client:
        with pytest.raises(errors.ApiTimeoutError):
            await client.login("victim1", "correct horse battery")
    assert len(server.requests) == 3  # nothing was sent, so even a login may be retried


@pytest.mark.anyio
async def test_concurrent_calls_share_one_refresh() -> None:
    """Two calls that both meet an expired token renew it once: presenting the same refresh
    token twice would make the server revoke the whole session."""
    refreshes = 0

    async def server(request: httpx.Request) -> httpx.Response:
        nonlocal refreshes
        if request.url.path == "/v1/sessions/refresh":
            refreshes += 1
            await anyio.sleep(0.05)
            return httpx.Response(
                201, json=session_json(access="access-token-0002", refresh="refresh-token-0002")
            )
        await anyio.sleep(0.01)
        if request.headers["authorization"] == "Bearer access-token-0002":
            return httpx.Response(200, json=ME)
        return problem(401, "token-expired")

    client = AsyncConsentClient("https://consent.test", transport=httpx.MockTransport(server))
    client.set_tokens(token_pair())
    results: list[models.Me] = []

    async def call_me() -> None:
        results.append(await client.me())

    async with client, anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(call_me)
    assert len(results) == 3
    assert refreshes == 1


class Interrupted(BaseException):
    """Stands for Ctrl+C or a cancelled task in the middle of a call."""


def test_a_logout_interrupted_while_waiting_to_retry_still_forgets_the_tokens(
    make_client: MakeClient,
) -> None:
    client, server = make_client(unavailable())
    client.set_tokens(token_pair())

    def interrupt(_seconds: float) -> None:
        raise Interrupted

    client._sleep = interrupt
    with pytest.raises(Interrupted) as caught:
        client.logout()
    # Checked while the traceback (and with it the call's frames) is still alive: the
    # driver closes the exchange itself, it does not wait for the garbage collector.
    assert caught.tb is not None
    assert client.tokens is None
    assert len(server.requests) == 1
