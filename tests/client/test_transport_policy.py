"""https except loopback; no credentials in the base URL."""

from __future__ import annotations

import pytest

from api_client import AsyncConsentClient, ConsentClient, errors
from api_client.transport_policy import checked_base_url, is_loopback_host


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "localhost.",
        "127.0.0.1",
        "127.1.2.3",
        "::1",
        "[::1]",
        "::ffff:127.0.0.1",
    ],
)
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "example.org",
        "10.0.0.1",
        "192.168.1.2",
        "0.0.0.0",  # noqa: S104 - a host to check, not one to bind
        "::",
        "128.0.0.1",
        "localhost.example.org",
        "127.0.0.1.nip.io",
        "evil-localhost",
        "::ffff:10.0.0.1",
        "",
    ],
)
def test_hosts_that_are_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000/",
        "http://[::1]:8000",
        "https://consent.example.org",
        "https://consent.example.org/api/",
    ],
)
def test_clients_accept_https_and_loopback_http(url: str) -> None:
    with ConsentClient(url) as client:
        assert client.base_url.startswith(url.split(":")[0])
    AsyncConsentClient(url)


@pytest.mark.parametrize(
    "url", ["http://consent.example.org", "http://10.0.0.5:8000", "http://127.0.0.1.nip.io"]
)
def test_plain_http_to_another_host_is_refused_at_construction(url: str) -> None:
    with pytest.raises(errors.InsecureTransportError):
        ConsentClient(url)
    with pytest.raises(errors.InsecureTransportError):
        AsyncConsentClient(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://consent.example.org",
        "consent.example.org",
        "https://user:s3cret-sentinel@consent.example.org",
        "https://consent.example.org/?token=s3cret-sentinel",
        "https://consent.example.org/#s3cret-sentinel",
    ],
)
def test_base_urls_with_other_schemes_or_secrets_are_refused(url: str) -> None:
    with pytest.raises(ValueError) as caught:
        checked_base_url(url)
    assert "s3cret-sentinel" not in str(caught.value)
    assert caught.value.__context__ is None
