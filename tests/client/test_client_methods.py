"""Both clients offer the same methods: the async ones are coroutines with the same
parameters, defaults and docstrings as the blocking ones (docs/client.md)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from api_client import AsyncConsentClient, ConsentClient
from api_client._core import BaseConsentClient

BASE_URL = "https://consent.test"
# Same purpose, named after the protocol each client follows.
LIFECYCLE = {"__enter__": "__aenter__", "__exit__": "__aexit__"}


def public_methods(client: object) -> dict[str, Callable[..., Any]]:
    return {
        name: getattr(client, name)
        for name in dir(client)
        if not name.startswith("_") and callable(getattr(client, name))
    }


@pytest.fixture
def clients() -> Iterator[tuple[ConsentClient, AsyncConsentClient]]:
    blocking, asynchronous = ConsentClient(BASE_URL), AsyncConsentClient(BASE_URL)
    yield blocking, asynchronous
    blocking.close()
    asyncio.run(asynchronous.close())


def test_the_async_client_has_every_method_of_the_blocking_one_with_its_signature(
    clients: tuple[ConsentClient, AsyncConsentClient],
) -> None:
    blocking, asynchronous = (public_methods(client) for client in clients)
    assert sorted(asynchronous) == sorted(blocking)
    for name, method in blocking.items():
        assert inspect.signature(asynchronous[name]) == inspect.signature(method), name
        assert asynchronous[name].__doc__ == method.__doc__, name
    for sync_name, async_name in LIFECYCLE.items():
        assert hasattr(clients[0], sync_name) and hasattr(clients[1], async_name)


def test_every_async_call_to_the_server_is_a_coroutine(
    clients: tuple[ConsentClient, AsyncConsentClient],
) -> None:
    _, asynchronous = clients
    shared_setup = {name for name in dir(BaseConsentClient) if not name.startswith("_")}
    calls = {
        name: m for name, m in public_methods(asynchronous).items() if name not in shared_setup
    }
    assert {"health", "login", "list_invitations", "first_contact_done"} <= set(calls)
    not_coroutines = [name for name, m in calls.items() if not inspect.iscoroutinefunction(m)]
    assert not_coroutines == []


def test_operations_keep_their_name_and_docstring(
    clients: tuple[ConsentClient, AsyncConsentClient],
) -> None:
    for client in clients:
        assert client.find_subjects.__name__ == "find_subjects"
        assert "prefix" in (client.find_subjects.__doc__ or "")
        assert ConsentClient.find_subjects.__doc__ == client.find_subjects.__doc__
        assert str(inspect.signature(client.find_subjects)) == (
            "(reference: 'str', *, prefix: 'bool' = False, cursor: 'str | None' = None,"
            " limit: 'int' = 20)"
        )
        # The operations that also keep or forget the session, run by the core.
        assert client.login.__name__ == "login"
        assert "keep the tokens" in (client.login.__doc__ or "")
        assert str(inspect.signature(client.login)) == "(username: 'str', passphrase: 'str')"
        assert list(inspect.signature(client.delete_account).parameters) == [
            "passphrase",
            "clear_decision",
        ]
