"""Everything a running server shares between requests, built once per app."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from consent_server.crypto import ContactCipher, derive_key, load_data_key
from consent_server.db import make_engine, make_session_factory
from consent_server.device_tokens import DeviceTokens, device_key
from consent_server.passwords import PassphraseHasher
from consent_server.ratelimit import RateLimits
from consent_server.ratelimit_store import open_storage
from consent_server.settings import ServerSettings


@dataclass
class ServerContext:
    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker[Session]
    cipher: ContactCipher
    hasher: PassphraseHasher
    limits: RateLimits
    device_tokens: DeviceTokens

    def now(self) -> dt.datetime:
        return self.settings.now()


def prepare_sqlite_directory(settings: ServerSettings) -> None:
    """Create the directory and file of a SQLite database, readable by their owner only.

    SQLite would create the file with the process umask (often 0644). Made here first with
    0600, it passes that mode on to its ``-wal`` and ``-shm`` files.
    """
    path = settings.sqlite_path()
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def build_context(settings: ServerSettings) -> ServerContext:
    prepare_sqlite_directory(settings)
    engine = make_engine(settings.database_url)
    data_key = load_data_key(settings)
    store_url = settings.rate_limit_storage_url
    storage, storage_now = open_storage(
        store_url.get_secret_value() if store_url else None, engine, settings.clock
    )
    configured_device_key = settings.device_key.get_secret_value() if settings.device_key else None
    return ServerContext(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        cipher=ContactCipher(data_key),
        hasher=PassphraseHasher(settings.password_hashing_concurrency),
        limits=RateLimits(
            storage=storage,
            now=storage_now,
            key=derive_key(data_key, "rate-limit keys"),
            window=settings.rate_limit_window,
            failures_per_user_and_client=settings.login_failures_per_user_and_client,
            failures_per_user=settings.login_failures_per_user,
            attempts_per_client=settings.login_attempts_per_client,
            registrations_per_client=settings.registrations_per_client,
            known_client_memory=settings.known_client_memory,
        ),
        device_tokens=DeviceTokens(
            device_key(configured_device_key, derive_key(data_key, "device tokens")),
            settings.known_client_memory,
            settings.clock,
        ),
    )
