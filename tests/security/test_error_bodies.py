"""Error answers never echo what was sent (docs/threat-model.md): a sentinel is put into
every field of every operation in the published contract, in every way that makes it
invalid, and no answer (body or header) may contain it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI

from tests.support.accounts import Seeded, Victim, mint_bearer
from tests.support.testclient import TestClient

SENTINEL = "Q7sentinel<x>"
POISONS: tuple[Any, ...] = (
    SENTINEL,  # wrong type or pattern for most fields
    SENTINEL * 40,  # longer than any bounded text
    {SENTINEL: SENTINEL},  # an object where a value belongs, with a made-up member
    [SENTINEL, SENTINEL],  # a list where a value belongs
)


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    for option in schema.get("anyOf", []):
        if "$ref" in option or option.get("type") == "object":
            return _resolve(spec, option)
    return schema


def _field_paths(spec: dict[str, Any], schema: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """Every property, and every property of a nested object, as a path."""
    for name, child in _resolve(spec, schema).get("properties", {}).items():
        yield (name,)
        for inner in _resolve(spec, child).get("properties", {}):
            yield (name, inner)


def _body_with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    body: dict[str, Any] = {path[-1]: value}
    for name in reversed(path[:-1]):
        body = {name: body}
    return body


def _requests(spec: dict[str, Any], subject_id: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, httpx keyword arguments) with the sentinel in one place each."""
    for template, operations in spec["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            path_values = {
                p["name"]: subject_id if p["name"] == "subject_id" else str(uuid.uuid4())
                for p in parameters
                if p["in"] == "path"
            }
            path_values.update({"version": "1"} if "version" in path_values else {})
            headers = {"If-Match": '"0"', "Idempotency-Key": uuid.uuid4().hex}

            def url(values: dict[str, str], template: str = template) -> str:
                return template.format(**values)

            for name in path_values:
                yield method, url({**path_values, name: SENTINEL * 3}), {"headers": headers}
            for parameter in parameters:
                for poison in (SENTINEL, SENTINEL * 40):
                    if parameter["in"] == "query":
                        yield (
                            method,
                            url(path_values),
                            {"params": {parameter["name"]: poison}, "headers": headers},
                        )
                    elif parameter["in"] == "header":
                        poisoned = {**headers, parameter["name"]: poison}
                        yield method, url(path_values), {"headers": poisoned}
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = content["application/json"]["schema"]
            for field in _field_paths(spec, schema):
                for poison in POISONS:
                    body = _body_with(field, poison)
                    yield method, url(path_values), {"json": body, "headers": headers}
            yield method, url(path_values), {"json": [SENTINEL], "headers": headers}
            yield (
                method,
                url(path_values),
                {"content": b'{"x": "' + SENTINEL.encode() + b'"', "headers": headers},
            )


def test_no_error_answer_anywhere_echoes_the_input(
    server_app: FastAPI, seeded: Seeded, victim: Victim
) -> None:
    api = TestClient(server_app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    spec = api.get("/openapi.json").json()
    people = [mint_bearer(server_app, victim.account_id), mint_bearer(server_app, seeded.staff_id)]
    statuses: dict[int, int] = {}
    sent = 0
    for method, path, arguments in _requests(spec, str(victim.subject_id)):
        for bearer in people:
            arguments = {**arguments, "headers": {**arguments["headers"], **bearer}}
            response = api.request(method.upper(), path, **arguments)
            sent += 1
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            where = f"{method.upper()} {path} {arguments.get('json', '')!s:.80}"
            assert response.status_code < 500, where
            if response.status_code >= 400:
                text = response.text
                if response.status_code == 412:
                    # ``current`` is the record as stored (an earlier request here may have
                    # stored the sentinel), shown to someone who may see it: not an echo.
                    # A write's If-Match is checked before its body, so a stale one gets 412.
                    text = json.dumps({**response.json(), "current": None})
                assert SENTINEL not in text, where
                assert SENTINEL[:8] not in text, where
                assert all(SENTINEL[:8] not in value for value in response.headers.values()), where
    assert sent > 300 and statuses.get(422, 0) > 200, statuses
