"""The contract table (consent_server/operations/) and the routes are the same operations.

Every entry is routed exactly once, every route is an entry, and what FastAPI was given for
a route is what its entry says.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from consent_server.operations import Operation, contract_operations
from consent_server.routers.common import route_arguments


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
    for route in _routes(server_app):
        declared = table.get(route.operation_id or "")
        assert declared is not None, f"{route.operation_id} is not an entry of the table"
        assert _as_given(route) == _expected(declared), route.operation_id
        if declared.description is not None:
            assert route.description == declared.description


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_link_leads_to_a_routed_operation(server_app: FastAPI) -> None:
    routed = {route.operation_id for route in _routes(server_app)}
    for declared in contract_operations():
        for name, target in (declared.links or {}).items():
            assert target["operationId"] in routed, (declared.operation_id, name)
