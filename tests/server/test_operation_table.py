"""The contract table (consent_server/operations/) and the routes are the same operations.

Every entry is routed exactly once, every route is an entry, and what FastAPI was given for
a route is what its entry says; an operation still declared in place routes as its entry
would, so moving it into the table leaves the published contract as it is.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from consent_server.contract import ETAG_HEADER, IDEMPOTENCY_KEY, IF_MATCH, WRITE_HEADERS, link
from consent_server.operations import VIEW_PROBLEMS, Operation, contract_operations
from consent_server.routers.common import ContractRouter, route_arguments

# Declared in consent_server/routers/preferences.py until its operations join the table.
IN_PLACE = {
    "readPreferences",
    "writePreferences",
    "revertPreferences",
    "readHistory",
    "readReceipt",
}


def _routes(app: FastAPI) -> list[APIRoute]:
    """Each operation route as its router made it (the app includes routers as they are)."""
    found = [context.original_route for context in iter_route_contexts(app.routes)]
    return [route for route in found if isinstance(route, APIRoute)]


def _as_given(route: APIRoute) -> dict[str, Any]:
    """The contract's part of a route, in the terms of ``route_arguments``."""
    return {
        "path": route.path,
        "methods": sorted(route.methods or ()),
        "status_code": route.status_code,
        "operation_id": route.operation_id,
        "tags": route.tags,
        "summary": route.summary,
        "responses": route.responses,
        "openapi_extra": route.openapi_extra,
    }


def _expected(declared: Operation) -> dict[str, Any]:
    arguments = route_arguments(declared)
    del arguments["description"]  # FastAPI takes the handler's docstring where there is none
    return arguments


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_entry_is_routed_exactly_once(server_app: FastAPI) -> None:
    table = [declared.operation_id for declared in contract_operations()]
    routed = Counter(route.operation_id for route in _routes(server_app))
    assert len(table) == len(set(table)), "an operationId stands twice in the table"
    assert {found: routed[found] for found in table} == dict.fromkeys(table, 1)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_route_is_an_entry_of_the_table(server_app: FastAPI) -> None:
    table = {declared.operation_id: declared for declared in contract_operations()}
    in_place = set()
    for route in _routes(server_app):
        declared = table.get(route.operation_id or "")
        if declared is None:
            in_place.add(route.operation_id)
            assert "4XX" in route.responses, route.operation_id  # made by a ContractRouter
            continue
        assert _as_given(route) == _expected(declared), route.operation_id
        if declared.description is not None:
            assert route.description == declared.description
    assert in_place == IN_PLACE


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_link_leads_to_a_routed_operation(server_app: FastAPI) -> None:
    routed = {route.operation_id for route in _routes(server_app)}
    for declared in contract_operations():
        for name, target in (declared.links or {}).items():
            assert target["operationId"] in routed, (declared.operation_id, name)


def _published(router: ContractRouter) -> dict[str, Any]:
    app = FastAPI()
    app.include_router(router)
    paths: dict[str, Any] = app.openapi()["paths"]
    return paths


def test_an_operation_declared_in_place_routes_as_its_table_entry_would() -> None:
    """What routers/preferences.py declares in place (a description, headers read before
    the body, response headers, links) is published the same once it is a table entry."""
    facts: dict[str, Any] = {
        "summary": "Record a new version",
        "ok": (200, "The new version"),
        "headers": ETAG_HEADER,
        "links": {"readHistory": link("readHistory", "The versions so far.")},
        "problems": {**VIEW_PROBLEMS, 412: ("precondition-failed",)},
        "description": "If-Match and Idempotency-Key are checked before the body.",
    }
    in_place = ContractRouter("preferences")

    @in_place.operation(
        "PUT", "/v1/things", operation_id="writeThing", openapi_extra=WRITE_HEADERS, **facts
    )
    async def write_in_place() -> None:
        """Not published: the description above is."""

    from_table = ContractRouter()
    entry = Operation(
        "PUT",
        "/v1/things",
        "writeThing",
        "preferences",
        request_headers=(IF_MATCH, IDEMPOTENCY_KEY),
        **facts,
    )

    @from_table.operation(entry)
    async def write_from_table() -> None:
        """Not published either."""

    published = _published(from_table)
    assert published == _published(in_place)
    operation = published["/v1/things"]["put"]
    assert operation["description"] == facts["description"]
    assert [p["name"] for p in operation["parameters"]] == ["If-Match", "Idempotency-Key"]
    assert {"4XX", "200", "401", "404", "412", "415"} <= set(operation["responses"])
