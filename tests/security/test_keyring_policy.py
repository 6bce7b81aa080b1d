"""One keyring rule for the remembered login and the outbox key (issue 11, item 6): a computer
is safe for both or for neither."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from api_client.tokens import TokenPair
from consent_app.outbox import Outbox
from consent_app.session_store import SessionStore
from tests.support.keyrings import MemoryKeyring


class PlainFileKeyring(MemoryKeyring):
    """Stands in for a ``keyrings.alt`` backend (secrets in a file of its own)."""


PlainFileKeyring.__module__ = "keyrings.alt.file"


class DroppingKeyring(MemoryKeyring):
    """Accepts every secret and keeps none (as some broken backends do)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


def _null() -> KeyringBackend:
    return null.Keyring()


class Chain(chainer.ChainerBackend):
    """A chain of the given backends; writes go to the first that takes them."""

    def __init__(self, *children: KeyringBackend) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._children = list(children)

    @property
    def backends(self) -> list[KeyringBackend]:
        return self._children


BACKENDS: dict[str, tuple[Callable[[], KeyringBackend], bool]] = {
    "memory": (MemoryKeyring, True),
    "fail": (fail.Keyring, False),
    "null": (null.Keyring, False),
    "keyrings.alt": (PlainFileKeyring, False),
    "drops secrets": (DroppingKeyring, False),
    "chain of a plain file and a real keyring": (
        lambda: Chain(PlainFileKeyring(), MemoryKeyring()),
        False,
    ),
    # The null keyring takes the secret first and drops it: the read-back tells.
    "chain of a null and a real keyring": (lambda: Chain(_null(), MemoryKeyring()), False),
    "empty chain": (Chain, False),
}


def _tokens() -> TokenPair:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    return TokenPair(
        access_token="a" * 40, refresh_token="r" * 40, expires_at=later, refresh_expires_at=later
    )


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_the_session_store_and_the_outbox_accept_the_same_keyrings(
    name: str, tmp_path: Path
) -> None:
    make, safe = BACKENDS[name]
    remembered = SessionStore(make()).save("someone", _tokens())
    durable = Outbox.open(tmp_path / "store.bin", keyring_backend=make()).durable
    assert (remembered, durable) == (safe, safe)
