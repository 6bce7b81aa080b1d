"""The server suite runs on both SQLite and PostgreSQL."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, fresh_sqlite_url: str) -> str:
    """Overrides the shared fixture: every server test that uses it runs on both backends.

    A test that needs one backend parametrises it: ``@pytest.mark.parametrize(
    "database_url", ["sqlite"], indirect=True)``.
    """
    if request.param == "sqlite":
        return fresh_sqlite_url
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url
