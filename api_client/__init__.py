"""Typed client for the consent backend API (docs/api.md).

    from api_client import ConsentClient, errors, models

    with ConsentClient("https://consent.example") as client:
        client.login(username, passphrase)
        preferences = client.get_preferences(subject_id)

:mod:`api_client.models` is the wire contract (defined in :mod:`consent_common.models`,
which the server imports without loading this client). The sync and async
clients share one core (:mod:`api_client._core`) and differ only in how they do I/O.
"""

from api_client import errors, models
from api_client.async_client import AsyncConsentClient
from api_client.client import ConsentClient
from api_client.retry import RetryPolicy
from api_client.tokens import TokenPair

__all__ = [
    "AsyncConsentClient",
    "ConsentClient",
    "RetryPolicy",
    "TokenPair",
    "errors",
    "models",
]
