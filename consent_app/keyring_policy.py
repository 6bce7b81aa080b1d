"""Which keyrings this app trusts with a secret: one rule for the remembered login
(:mod:`consent_app.session_store`) and the outbox key (:mod:`consent_app.outbox.keys`), so
a computer is never "safe" for one and not the other.

A keyring is used only when it can really keep a secret and is not a file of its own:
- the fail and null backends, and a chain without a usable backend, keep nothing;
- ``keyrings.alt`` backends write plaintext or weakly protected files: never, not even as
  one link of a chain;
- a secret counts as stored only when the keyring gives it back (:func:`store_verified`):
  some backends accept and drop it.
"""

from __future__ import annotations

from typing import Any

REFUSED_MODULE_PREFIXES = ("keyrings.alt",)


def default_backend() -> Any:
    """The keyring this system offers (imported late: keyring start-up is not free)."""
    import keyring

    return keyring.get_keyring()


def usable(backend: Any) -> bool:
    """False for backends that cannot keep a secret, or may only keep it in a plain file."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if type(backend).__module__.startswith(REFUSED_MODULE_PREFIXES):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        # A chain writes to the first child that takes a secret: one refused child is enough
        # to end up in a plain file.
        children = list(backend.backends)
        refused = [c for c in children if type(c).__module__.startswith(REFUSED_MODULE_PREFIXES)]
        return not refused and any(usable(child) for child in children)
    return True


def store_verified(backend: Any, service: str, entry: str, secret: str) -> bool:
    """Store ``secret`` and read it back; True only when the keyring gives back the same.
    Keyring errors propagate (each caller knows which to expect)."""
    backend.set_password(service, entry, secret)
    return bool(backend.get_password(service, entry) == secret)
