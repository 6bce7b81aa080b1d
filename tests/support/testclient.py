"""Starlette's in-process test client, imported once without its deprecation notice."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Self

import httpx
from fastapi import FastAPI

if TYPE_CHECKING:
    # Starlette types its test client as a subclass of the 'httpx2' package, which is not
    # installed, so the type checker would see every method as Any. At run time it subclasses
    # httpx.Client (hence the notice below); this is the part of its interface the tests use.
    class TestClient(httpx.Client):
        def __init__(
            self,
            app: FastAPI,
            base_url: str = "http://testserver",
            raise_server_exceptions: bool = True,
            client: tuple[str, int] = ("testclient", 50000),
        ) -> None: ...

        def __enter__(self) -> Self: ...

else:
    with warnings.catch_warnings():
        # Starlette announces a move of its test client to another httpx; it still works.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

__all__ = ["TestClient", "client_at"]


def client_at(app: FastAPI, address: str) -> TestClient:
    """A client on the in-process app that the server sees as coming from ``address``."""
    return TestClient(app, base_url="http://127.0.0.1", client=(address, 40000))
