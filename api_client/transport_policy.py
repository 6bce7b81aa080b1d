"""Which servers the client agrees to talk to (see "The network" in docs/threat-model.md).

Plain http is allowed only to loopback (127.0.0.0/8, ::1, ``localhost``), where nothing
crosses a network; everything else needs https. The base URL may not carry credentials,
a query or a fragment, so no secret can ride along in a URL. Redirects are never followed
(the httpx client is built with ``follow_redirects=False`` and any 3xx raises), because a
redirect could carry the next request and its bearer token to another host.
"""

from __future__ import annotations

import ipaddress

import httpx

from api_client.errors import InsecureTransportError


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, any 127.0.0.0/8 address and ``::1`` (also IPv4-mapped)."""
    host = host.strip().strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def checked_base_url(base_url: str) -> httpx.URL:
    """The base URL as an ``httpx.URL``, or an error if the client must not use it."""
    try:
        url: httpx.URL | None = httpx.URL(base_url)
    except httpx.InvalidURL:
        url = None
    if url is None:  # raised here, not in the except block: the URL may hold a secret
        raise ValueError("base_url is not a valid URL")
    if url.scheme not in {"http", "https"} or not url.host:
        raise ValueError("base_url must be an http:// or https:// URL with a host")
    if url.userinfo or url.query or url.fragment:
        raise ValueError("base_url must not contain credentials, a query or a fragment")
    if url.scheme == "http" and not is_loopback_host(url.host):
        raise InsecureTransportError()
    return url
