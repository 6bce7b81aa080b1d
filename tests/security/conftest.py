"""Fixtures for the security suite: both database backends where storage matters.

Every test here runs on SQLite by default. A test that is about what is stored, or about
behaviour that depends on the database, runs on both backends with
``@pytest.mark.parametrize("database_url", BOTH_BACKENDS, indirect=True)``
(``BOTH_BACKENDS`` from ``tests.support.databases``).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def database_url(request: pytest.FixtureRequest, fresh_sqlite_url: str) -> str:
    """SQLite unless the test asks for ``postgres`` through indirect parametrisation."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        return fresh_sqlite_url
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url
