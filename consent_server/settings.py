"""Server configuration: one settings class, read from ``CONSENT_*`` environment variables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from consent_server.clock import Clock, utc_now

APP_DIR_NAME = "cprefs"  # neutral on purpose: the directory name must not reveal what it holds


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'server.sqlite3'}"


class ServerSettings(BaseSettings):
    """Everything the reference backend can be configured with.

    ``clock`` is the injection point for time: the server calls ``settings.now()`` and never
    ``datetime.now``, so tests pass a :class:`consent_server.clock.MovableClock`.
    """

    model_config = SettingsConfigDict(env_prefix="CONSENT_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    # Key for contact details at rest: 32 random bytes, url-safe base64. When unset and the
    # database is a SQLite file, a key file is created beside it (mode 0600).
    data_key: SecretStr | None = None
    auto_migrate: bool = True

    access_token_ttl: dt.timedelta = dt.timedelta(minutes=15)
    refresh_idle_ttl: dt.timedelta = dt.timedelta(hours=1)
    session_absolute_ttl: dt.timedelta = dt.timedelta(hours=12)
    activation_code_ttl: dt.timedelta = dt.timedelta(days=30)
    # A representative's invitation code: long enough to pass it on, short enough to go stale.
    invitation_ttl: dt.timedelta = dt.timedelta(days=14)
    # Idempotency-Key records: kept long enough for a client that was offline for weeks to
    # resend a change with its original key and get the first answer, not a second version.
    idempotency_retention: dt.timedelta = dt.timedelta(days=90)
    # A key still "in progress" after this long belongs to a request that died mid-way.
    idempotency_in_progress_timeout: dt.timedelta = dt.timedelta(minutes=1)
    coming_of_age: int = 18
    controller: str = "Consent register (reference backend)"
    # The controller as named in Kantara consent receipts, and the privacy policy they cite.
    controller_contact: str = "Privacy officer"
    controller_address: dict[str, str] = Field(
        default_factory=lambda: (
            {"streetAddress": "Postbus 0000", "locality": "Den Haag"}
            | {"postalCode": "0000 AA", "country": "NL"}
        )
    )
    controller_email: str = "privacy@consent.invalid"
    controller_phone: str = "+31 00 000 0000"
    controller_url: str = "https://consent.invalid/"
    policy_url: str = "https://consent.invalid/privacy"

    # Rate limits: fixed windows from the first counted event, shared by every process.
    # Failed logins per (username, client) pair are tight; per username alone they are
    # generous so a stranger cannot lock the real user out; per client they bound how much
    # passphrase hashing one address can demand.
    rate_limit_window: dt.timedelta = dt.timedelta(minutes=5)
    login_failures_per_user_and_client: int = 5
    login_failures_per_user: int = 50
    login_attempts_per_client: int = 100
    registrations_per_client: int = 10
    # Where the counters live: unset, in this database (shared by every process on it);
    # redis://host:port/0 for Redis or Valkey (docs/deployment.md).
    rate_limit_storage_url: SecretStr | None = None
    # A client that logged in to an account before is exempt from that account's
    # per-username limit for this long, so a distributed attack cannot lock the person out.
    known_client_memory: dt.timedelta = dt.timedelta(days=30)
    # Signs device tokens (consent_server.device_tokens); at least 32 characters. Unset: a
    # key derived from the data key, the same in every server process that shares it. A
    # token counts for ``known_client_memory`` after its login.
    device_key: SecretStr | None = Field(default=None, min_length=32)
    password_hashing_concurrency: int = 2

    # Request bounds: a larger body is refused with 413 before it is read; a larger header
    # block with 431 (by the HTTP server, ``consent-server serve``). Every body this API
    # takes is a few KiB at most.
    max_request_body_bytes: int = Field(default=64 * 1024, ge=1)
    max_request_header_bytes: int = Field(default=16 * 1024, ge=1024)

    clock: Clock = Field(default=utc_now, exclude=True, repr=False)

    def now(self) -> dt.datetime:
        """The current time in UTC, from the injected clock."""
        return self.clock()

    def sqlite_path(self) -> Path | None:
        """The database file when the database is SQLite on disk, else None."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        rest = self.database_url[len(prefix) :].split("?", 1)[0]
        if not rest or rest == ":memory:":
            return None
        return Path(rest)
