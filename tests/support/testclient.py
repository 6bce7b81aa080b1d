"""Starlette's in-process test client, imported once without its deprecation notice."""

from __future__ import annotations

import warnings

from fastapi import FastAPI

with warnings.catch_warnings():
    # Starlette announces a move of its test client to another httpx; it still works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

__all__ = ["TestClient", "client_at"]


def client_at(app: FastAPI, address: str) -> TestClient:
    """A client on the in-process app that the server sees as coming from ``address``."""
    return TestClient(app, base_url="http://127.0.0.1", client=(address, 40000))
