"""Fixtures for the client tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from api_client import AsyncConsentClient, ConsentClient
from tests.support.scripted_server import FAST, Answer, ScriptedServer


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_client(
    sleeps: list[float],
) -> Iterator[Callable[..., tuple[ConsentClient, ScriptedServer]]]:
    """A sync client in front of a scripted server; sleeps are recorded, not slept."""
    clients: list[ConsentClient] = []

    def make(*answers: Answer, **options: Any) -> tuple[ConsentClient, ScriptedServer]:
        server = ScriptedServer(*answers)
        options.setdefault("retry_policy", FAST)
        client = ConsentClient("https://consent.test", transport=server.transport, **options)
        client._sleep = sleeps.append
        clients.append(client)
        return client, server

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def make_async_client(
    sleeps: list[float],
) -> Callable[..., tuple[AsyncConsentClient, ScriptedServer]]:
    """An async client in front of a scripted server; sleeps are recorded, not slept."""

    async def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def make(*answers: Answer, **options: Any) -> tuple[AsyncConsentClient, ScriptedServer]:
        server = ScriptedServer(*answers)
        options.setdefault("retry_policy", FAST)
        client = AsyncConsentClient("https://consent.test", transport=server.transport, **options)
        client._sleep = record_sleep
        return client, server

    return make
