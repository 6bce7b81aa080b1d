"""The pair of tokens a login gives, kept out of every repr and log line."""

from __future__ import annotations

import dataclasses
import datetime as dt

from api_client import models


@dataclasses.dataclass(frozen=True, slots=True)
class TokenPair:
    """An access token and the refresh token that renews it, with their expiry times.

    The token values never appear in ``repr()`` or ``str()``: a pair that ends up in a log
    line, a traceback or a debugger shows only when it expires.
    """

    access_token: str = dataclasses.field(repr=False)
    refresh_token: str = dataclasses.field(repr=False)
    expires_at: dt.datetime
    refresh_expires_at: dt.datetime

    @classmethod
    def from_session(cls, session: models.Session) -> TokenPair:
        return cls(
            access_token=session.access_token,
            refresh_token=session.refresh_token,
            expires_at=session.expires_at,
            refresh_expires_at=session.refresh_expires_at,
        )

    def access_expired(self, now: dt.datetime | None = None) -> bool:
        return _aware(now or dt.datetime.now(dt.UTC)) >= _aware(self.expires_at)

    def refresh_expired(self, now: dt.datetime | None = None) -> bool:
        return _aware(now or dt.datetime.now(dt.UTC)) >= _aware(self.refresh_expires_at)


def _aware(moment: dt.datetime) -> dt.datetime:
    """The server sends UTC; a time without an offset is read as UTC rather than local."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
