"""Bring the database schema to the newest revision with the bundled Alembic migrations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from consent_server.crypto import ContactCipher

# Gives the data key's cipher to migrations that encrypt existing rows; called only when
# there is something to encrypt, so an empty database migrates without a key.
CipherSource = Callable[[], ContactCipher]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaOutOfDateError(RuntimeError):
    """The database is not at the newest revision and migrating was not allowed."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, cipher: CipherSource | None = None) -> None:
    """Apply every migration not yet applied."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["cipher"] = cipher
        command.upgrade(config, "head")


def ensure_schema(engine: Engine, auto_migrate: bool, cipher: CipherSource | None = None) -> None:
    """Migrate when allowed; otherwise refuse to start on an out-of-date schema."""
    if current_revision(engine) == head_revision():
        return
    if not auto_migrate:
        raise SchemaOutOfDateError(
            "the database schema is out of date: run `consent-server migrate`"
        )
    upgrade(engine, cipher)
