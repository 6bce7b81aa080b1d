"""Health, the published contract, and migrations matching the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from httpx import Client

from consent_server.db import Base, make_engine
from consent_server.schema import SchemaOutOfDateError, alembic_config, ensure_schema, upgrade


def test_health_says_ok_without_caching(api: Client) -> None:
    response = api.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_openapi_contract_is_published(api: Client) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert "/v1/subjects/{subject_id}/preferences" in paths
    assert "/v1/sessions/refresh" in paths


def test_migrations_produce_exactly_the_models(database_url: str) -> None:
    """The migrated database (fixtures migrate with Alembic, not create_all) matches tables.py."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_out_of_date_schema_is_refused_without_auto_migrate(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        with pytest.raises(SchemaOutOfDateError):
            ensure_schema(engine, auto_migrate=False)
        upgrade(engine)
        ensure_schema(engine, auto_migrate=False)
    finally:
        engine.dispose()


def test_the_newest_migration_goes_down_and_up_again(database_url: str) -> None:
    """Back to the revision before (each migration's ``downgrade``) and up again, to the same
    schema as the models."""
    engine = make_engine(database_url)
    config = alembic_config()
    try:
        for step, target in ((command.downgrade, "-1"), (command.upgrade, "head")):
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                step(config, target)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
