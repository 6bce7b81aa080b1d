"""The fast path of GET / PUT preferences (``consent_server.fast_path``) is invisible.

Every request below goes to the app twice: once as served (the fast handler takes the plain
cases and declines the rest), once with the fast handlers switched off (FastAPI's own
request handling for everything). The answers must be the same: status, problem type and
fields, media type, headers that matter, and the document. The plain cases must really be
taken by the fast handler, and the others declined before anything was done.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client, Response
from starlette.routing import Match

from consent_common.models import Role
from consent_server.fast_dispatch import FastDispatch
from consent_server.fast_path import Declined, FastRoute, Incoming
from consent_server.json_bodies import refuse_duplicate_keys
from consent_server.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, leaf_routes
from consent_server.routers.preferences import PreferenceRoute
from consent_server.settings import ServerSettings
from consent_server.strict_query import refuse_unknown_query_parameters
from tests.server.helpers import PRIVATE_BODY, preferences_url
from tests.server.world import ALL, ASSISTED, add_delegation, new_account
from tests.support.accounts import Seeded, Victim, mint_bearer
from tests.support.testclient import TestClient

Build = Callable[["World"], dict[str, Any]]


@dataclass
class World:
    api: Client
    victim: dict[str, str]  # the victim's Authorization header
    staff: dict[str, str]
    representative: dict[str, str]  # with a mandate to view and edit the victim's record
    notifier: dict[str, str]
    subject: uuid.UUID
    other_subject: uuid.UUID

    def version(self) -> int:
        answer = self.api.get(preferences_url(self.subject), headers=self.victim)
        return int(answer.headers["etag"].strip('"'))

    def write_headers(self, **extra: str) -> dict[str, str]:
        return {
            **self.victim,
            "If-Match": f'"{self.version()}"',
            "Idempotency-Key": uuid.uuid4().hex,
            **extra,
        }


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    build: Build
    fast: bool = False  # the fast handler answers it (else it declines to FastAPI)
    prepare: Callable[[World], None] = field(default=lambda _world: None)


def _json(body: object) -> bytes:
    return json.dumps(body).encode()


_JSON = {"Content-Type": "application/json"}


def _put(content: bytes) -> Build:
    """A PUT of ``content`` as JSON, with a fresh key over the current version."""
    return lambda w: {"headers": w.write_headers(**_JSON), "content": content}


_KEY = "the-same-key-twice"


def _replayed(world: World) -> dict[str, Any]:
    headers = {**world.victim, **_JSON, "If-Match": '"0"', "Idempotency-Key": _KEY}
    return {"headers": headers, "content": _json(PRIVATE_BODY)}


def _first_write_with_key(world: World) -> None:
    assert world.version() == 0
    assert world.api.put(preferences_url(world.subject), **_replayed(world)).status_code == 200


CASES = [
    Case("read", "GET", lambda w: {"headers": w.victim}, fast=True),
    Case("read as staff", "GET", lambda w: {"headers": w.staff}, fast=True),
    Case("read with a query", "GET", lambda w: {"headers": w.victim, "params": {"x": "1"}}),
    Case(
        "read, subject in capitals",
        "GET",
        lambda w: {"headers": w.victim, "url": preferences_url(str(w.subject).upper())},
    ),
    Case(
        "read, no such subject id",
        "GET",
        lambda w: {"headers": w.victim, "url": "/v1/subjects/nope/preferences"},
    ),
    Case(
        "read, someone else's record",
        "GET",
        lambda w: {"headers": w.victim, "url": preferences_url(w.other_subject)},
        fast=True,
    ),
    Case("read without a token", "GET", lambda w: {}),
    Case(
        "read, another scheme",
        "GET",
        lambda w: {"headers": {"Authorization": "Basic dXNlcjpwYXNz"}},
    ),
    Case(
        "read, short token",
        "GET",
        lambda w: {"headers": {"Authorization": "Bearer short"}},
        fast=True,
    ),
    Case(
        "read, unknown token",
        "GET",
        lambda w: {"headers": {"Authorization": "Bearer " + "x" * 43}},
        fast=True,
    ),
    Case(
        "write",
        "PUT",
        _put(_json(PRIVATE_BODY)),
        fast=True,
    ),
    Case(
        "write, media type with charset",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**{"Content-Type": "application/json; charset=utf-8"}),
            "content": _json(PRIVATE_BODY),
        },
        fast=True,
    ),
    Case(
        "write, no media type",
        "PUT",
        lambda w: {"headers": w.write_headers(), "content": _json(PRIVATE_BODY)},
    ),
    Case(
        "write, text media type",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**{"Content-Type": "text/plain"}),
            "content": _json(PRIVATE_BODY),
        },
    ),
    Case(
        "write, not JSON",
        "PUT",
        _put(b'{"inform": '),
    ),
    Case("write, empty body", "PUT", _put(b"")),
    Case(
        "write, a field twice",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON),
            "content": b'{"inform": "no", "inform": "yes"}',
        },
    ),
    Case(
        "write, invalid body",
        "PUT",
        _put(_json({"inform": "maybe"})),
    ),
    Case("write, a list", "PUT", lambda w: {"headers": w.write_headers(**_JSON), "content": b"[]"}),
    Case(
        "write, invalid body and no token",
        "PUT",
        lambda w: {
            "headers": {**_JSON, "If-Match": '"0"', "Idempotency-Key": "k"},
            "content": _json({"inform": "maybe"}),
        },
    ),
    Case(
        "write, invalid body and no If-Match",
        "PUT",
        lambda w: {
            "headers": {**w.victim, **_JSON, "Idempotency-Key": "k"},
            "content": _json({"inform": "maybe"}),
        },
    ),
    Case(
        "write without If-Match",
        "PUT",
        lambda w: {
            "headers": {**w.victim, **_JSON, "Idempotency-Key": "k"},
            "content": _json(PRIVATE_BODY),
        },
        fast=True,
    ),
    Case(
        "write without Idempotency-Key",
        "PUT",
        lambda w: {
            "headers": {**w.victim, **_JSON, "If-Match": '"0"'},
            "content": _json(PRIVATE_BODY),
        },
        fast=True,
    ),
    Case(
        "write over a stale version",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON, **{"If-Match": '"99"'}),
            "content": _json(PRIVATE_BODY),
        },
    ),
    Case(
        "write, read-only field contradicts",
        "PUT",
        _put(_json({**PRIVATE_BODY, "version": 42})),
        fast=True,
    ),
    Case(
        "write as staff without an assisted entry",
        "PUT",
        lambda w: {
            "headers": {**w.write_headers(**_JSON), **w.staff},
            "content": _json(PRIVATE_BODY),
        },
        fast=True,
    ),
    Case(
        "write with a query",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON),
            "content": _json(PRIVATE_BODY),
            "params": {"x": "1"},
        },
    ),
    Case(
        "write, subject in capitals",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON),
            "content": _json(PRIVATE_BODY),
            "url": preferences_url(str(w.subject).upper()),
        },
    ),
    Case(
        "write to someone else's record",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON),
            "content": _json(PRIVATE_BODY),
            "url": preferences_url(w.other_subject),
        },
        fast=True,
    ),
    Case("write, a replayed key", "PUT", _replayed, prepare=_first_write_with_key),
    Case(
        "write, a used key, to someone else's record",
        "PUT",
        lambda w: {**_replayed(w), "url": preferences_url(w.other_subject)},
        fast=True,
        prepare=_first_write_with_key,
    ),
    Case(
        "write, a key used for another body",
        "PUT",
        lambda w: {
            "headers": {**_replayed(w)["headers"], "If-Match": f'"{w.version()}"'},
            "content": _json({**PRIVATE_BODY, "inform": "no"}),
        },
        prepare=_first_write_with_key,
    ),
    Case(
        "write as staff with an assisted entry",
        "PUT",
        lambda w: {
            "headers": {**w.write_headers(**_JSON), **w.staff},
            "content": _json({**PRIVATE_BODY, "assisted": ASSISTED}),
        },
        fast=True,
    ),
    Case(
        "write as staff, assisted but not read back",
        "PUT",
        lambda w: {
            "headers": {**w.write_headers(**_JSON), **w.staff},
            "content": _json(
                {**PRIVATE_BODY, "assisted": {**ASSISTED, "read_back_confirmed": False}}
            ),
        },
        fast=True,
    ),
    Case(
        "write, unknown questions",
        "PUT",
        _put(_json({**PRIVATE_BODY, "questions_version": "999"})),
        fast=True,
    ),
    Case(
        "write, the version echoed as sent",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON),
            "content": _json({**PRIVATE_BODY, "version": w.version()}),
        },
        fast=True,
    ),
    Case("read as a representative", "GET", lambda w: {"headers": w.representative}),
    Case(
        "read as a representative without a mandate",
        "GET",
        lambda w: {"headers": w.representative, "url": preferences_url(w.other_subject)},
    ),
    Case(
        "read as a representative, no such record",
        "GET",
        lambda w: {"headers": w.representative, "url": preferences_url(uuid.uuid4())},
        fast=True,
    ),
    Case(
        "write as a representative",
        "PUT",
        lambda w: {
            "headers": {**w.write_headers(**_JSON), **w.representative},
            "content": _json(PRIVATE_BODY),
        },
    ),
    Case(
        "read as a notifier",
        "GET",
        lambda w: {"headers": w.notifier},
        fast=True,
    ),
    Case(
        "write, a body streamed in chunks",
        "PUT",
        lambda w: {
            "headers": w.write_headers(**_JSON),
            "content": iter([b'{"inform": ', b'"yes"}']),
        },
        fast=True,
    ),
]


@pytest.fixture
def world(api: Client, seeded: Seeded, victim: Victim, server_app: FastAPI) -> World:
    _name, representative = new_account(server_app, Role.representative, "rep")
    add_delegation(server_app, victim.subject_id, representative, ALL)
    _name, notifier = new_account(server_app, Role.notifier, "notifier")
    return World(
        api,
        mint_bearer(server_app, victim.account_id),
        mint_bearer(server_app, seeded.staff_id),
        mint_bearer(server_app, representative),
        mint_bearer(server_app, notifier),
        victim.subject_id,
        seeded.new_subject(),
    )


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The operations the fast handlers answered themselves (not declined)."""
    answered: list[str] = []

    def counted(
        name: str, handler: Callable[[Incoming], Awaitable[Any]]
    ) -> Callable[[Incoming], Awaitable[Any]]:
        async def run(incoming: Incoming) -> Any:
            declined = False
            try:
                return await handler(incoming)  # a problem raised here is its answer too
            except Declined:
                declined = True
                raise
            finally:
                if not declined:
                    answered.append(name)

        return run

    handlers = {name: counted(name, each) for name, each in PreferenceRoute.fast_handlers.items()}
    monkeypatch.setattr(PreferenceRoute, "fast_handlers", handlers)
    yield answered


def _send(world: World, case: Case, taken: list[str]) -> Response:
    request = case.build(world)  # may read the current version: not part of the case
    url = request.pop("url", preferences_url(world.subject))
    taken.clear()
    return world.api.request(case.method, url, **request)


def _comparable(answer: Response) -> dict[str, Any]:
    body: Any = answer.json() if answer.content else None
    if answer.status_code == 200 and "version" in body:
        # A new version each time it is written: its number and time differ, nothing else.
        body = {k: v for k, v in body.items() if k not in {"version", "updated_at"}}
    return {
        "status": answer.status_code,
        "media type": answer.headers.get("content-type"),
        "etag": "etag" in answer.headers,
        "cache": answer.headers.get("cache-control"),
        "www-authenticate": answer.headers.get("www-authenticate"),
        "body": body,
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_fast_path_answers_as_fastapi_does(
    world: World, case: Case, taken: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case.prepare(world)
    fast = _send(world, case, taken)
    assert bool(taken) == case.fast, taken
    with monkeypatch.context() as off:
        off.setattr(PreferenceRoute, "fast_handlers", {})
        slow = _send(world, case, taken)
    assert _comparable(fast) == _comparable(slow)


def test_a_plain_read_and_write_take_the_fast_path(world: World, taken: list[str]) -> None:
    read = world.api.get(preferences_url(world.subject), headers=world.victim)
    assert read.status_code == 200
    assert taken == ["readPreferences"]
    headers = world.write_headers(**_JSON)
    taken.clear()
    written = world.api.put(
        preferences_url(world.subject), headers=headers, content=_json(PRIVATE_BODY)
    )
    assert written.status_code == 200, written.text
    assert taken == ["writePreferences"]
    # And the next read shows what the fast write stored.
    again = world.api.get(preferences_url(world.subject), headers=world.victim)
    assert again.json() == written.json()
    assert again.headers["etag"] == written.headers["etag"]


def test_the_fast_path_knows_every_check_fastapi_would_add(server_app: FastAPI) -> None:
    """The fast handler stands in for the app-wide checks (it declines a body with a field
    named twice, and any query string); a check added later would not run on it: this test
    makes that seen, so the fast handler is taught the new check (or declines for it)."""
    app_wide = [each.dependency for each in server_app.router.dependencies]
    assert app_wide == [refuse_duplicate_keys, refuse_unknown_query_parameters]
    fast = []
    for route in server_app.routes:
        routes = getattr(getattr(route, "original_router", None), "routes", [route])
        for inner in routes:
            if isinstance(inner, PreferenceRoute) and inner.operation_id in {
                "readPreferences",
                "writePreferences",
            }:
                fast.append(inner.operation_id)
                assert inner.dependencies == [], inner.operation_id
    assert sorted(fast) == ["readPreferences", "writePreferences"]


# --- what the stack around the fast handlers still gives them (consent_server.fast_dispatch)

_ACCESS_LOG = "consent_server.access"
_READ_TEMPLATE = "/v1/subjects/{subject_id}/preferences"


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [each.getMessage() for each in caplog.records if each.name == _ACCESS_LOG]


def test_an_unexpected_error_in_a_fast_handler_is_a_bare_500(
    world: World,
    lenient_api: TestClient,
    taken: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "Jan de Vries, Postbus 4711"  # what a fault's message might carry

    def broken(*_args: object) -> None:
        raise RuntimeError(secret)  # a fault the tests cannot cause for real (a failing disk)

    monkeypatch.setattr("consent_server.routers.preferences.caller_and_record", broken)
    caplog.set_level(logging.INFO, logger=_ACCESS_LOG)
    answer = lenient_api.get(preferences_url(world.subject), headers=world.victim)
    assert taken == ["readPreferences"]  # the fast handler failed, FastAPI was not asked
    assert answer.status_code == 500
    assert answer.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json() == {
        "type": PROBLEM_BASE + "internal-error",
        "title": "Something went wrong.",
        "status": 500,
    }
    assert "Vries" not in answer.text
    assert _access_lines(caplog) == [f"GET {_READ_TEMPLATE} 500"]
    assert not any("Vries" in each.getMessage() for each in caplog.records)
    # And the error goes on to the HTTP server's error log, as from every other route.
    with pytest.raises(RuntimeError):
        world.api.get(preferences_url(world.subject), headers=world.victim)


@pytest.mark.parametrize(
    "build",
    [
        lambda w: ("GET", preferences_url(w.subject), {"Authorization": "Bearer " + "x" * 43}),
        lambda w: ("GET", preferences_url(w.other_subject), w.victim),
        lambda w: ("PUT", preferences_url(w.other_subject), w.write_headers(**_JSON)),
    ],
    ids=["unknown token", "someone else's record", "write to someone else's record"],
)
def test_a_problem_from_a_fast_handler_is_fastapis_answer(
    world: World,
    taken: list[str],
    monkeypatch: pytest.MonkeyPatch,
    build: Callable[[World], tuple[str, str, dict[str, str]]],
) -> None:
    method, url, headers = build(world)
    content = _json(PRIVATE_BODY) if method == "PUT" else None
    fast = world.api.request(method, url, headers=headers, content=content)
    assert taken, "the fast handler did not answer"
    with monkeypatch.context() as off:
        off.setattr(PreferenceRoute, "fast_handlers", {})
        slow = world.api.request(method, url, headers=headers, content=content)
    assert fast.status_code == slow.status_code
    assert fast.status_code in {401, 404}
    assert dict(fast.headers) == dict(slow.headers)  # media type, length, WWW-Authenticate, …
    assert fast.content == slow.content


def test_the_safety_headers_and_access_log_hold_on_the_fast_path(
    world: World, taken: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=_ACCESS_LOG)
    answer = world.api.get(preferences_url(world.subject), headers=world.victim)
    assert taken == ["readPreferences"]
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert _access_lines(caplog) == [f"GET {_READ_TEMPLATE} 200"]  # the template, no id


def test_a_token_in_the_address_is_refused_before_the_fast_path(
    world: World, taken: list[str]
) -> None:
    token = world.victim["Authorization"].removeprefix("Bearer ")
    answer = world.api.get(preferences_url(world.subject), params={"access_token": token})
    assert taken == []
    assert answer.status_code == 400
    assert answer.json()["type"] == PROBLEM_BASE + "token-in-query"
    assert answer.headers["cache-control"] == "no-store"


def test_the_body_limit_holds_on_the_fast_path(
    world: World, taken: list[str], server_settings: ServerSettings
) -> None:
    limit = server_settings.max_request_body_bytes
    long_value = b'{"inform": "yes", "language": "' + b"n" * limit + b'"}'
    url = preferences_url(world.subject)
    headers = world.write_headers(**_JSON)  # reads the version: before ``taken`` is cleared
    taken.clear()
    declared = world.api.put(url, headers=headers, content=long_value)
    assert taken == []  # refused from its Content-Length, before anything else
    chunks = iter([long_value[:1024], long_value[1024:]])  # no Content-Length
    streamed = world.api.put(url, headers=headers, content=chunks)
    assert taken == ["writePreferences"]  # the fast handler read it and was cut off
    for answer in (declared, streamed):
        assert answer.status_code == 413
        assert answer.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert answer.json()["type"] == PROBLEM_BASE + "too-large"
        assert answer.headers["cache-control"] == "no-store"
    assert world.version() == 0  # nothing was written


def test_the_fast_routes_are_the_ones_starlette_would_route_to(server_app: FastAPI) -> None:
    """The dispatcher matches by method and path pattern alone: no route before a fast one
    in the router's order may take the same requests."""
    dispatch = FastDispatch(server_app.router, router=server_app.router)
    leaves = list(leaf_routes(server_app.router.routes))
    fast = [each for each in leaves if isinstance(each, FastRoute) and each.fast_handler()]
    assert {each.operation_id for each in fast} == {"readPreferences", "writePreferences"}
    for route in fast:
        path = route.path_format.replace("{subject_id}", str(uuid.uuid4()))
        for method in route.methods or ():
            probe = {"type": "http", "method": method, "path": path, "root_path": ""}
            chosen = next(each for each in leaves if each.matches(probe)[0] is Match.FULL)
            assert chosen is route, (method, path)
            found = dispatch.fast_route(probe)
            assert found is not None and found[0] is route, (method, path)
    other = {"type": "http", "method": "GET", "path": "/v1/me", "root_path": ""}
    assert dispatch.fast_route(other) is None
