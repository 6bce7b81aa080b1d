"""The one AES-GCM envelope shared by the server's contact details and the app's outbox
(issue 11, item 6): what opens, what does not, and that both keep their byte layout."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from consent_common.envelope import NONCE_BYTES, Envelope, EnvelopeError, UnknownFormatError
from consent_server.crypto import ContactCipher, DataKeyError

KEY = bytes(range(32))


def test_an_envelope_opens_with_its_key_and_associated_data_only() -> None:
    envelope = Envelope(KEY, b"T1")
    blob = envelope.seal(b"kept safe", b"row-1")
    assert blob.startswith(b"T1") and b"kept safe" not in blob
    assert len(blob) == 2 + NONCE_BYTES + len(b"kept safe") + 16
    assert envelope.open(blob, b"row-1") == b"kept safe"
    assert envelope.seal(b"kept safe", b"row-1") != blob  # a fresh nonce every time

    flipped = bytearray(blob)
    flipped[-3] ^= 1
    for broken, associated in [
        (blob, b"row-2"),
        (bytes(flipped), b"row-1"),
        (blob[: len(blob) // 2], b"row-1"),
        (blob[:5], b"row-1"),
    ]:
        with pytest.raises(EnvelopeError):
            envelope.open(broken, associated)
    with pytest.raises(EnvelopeError):
        Envelope(bytes(32), b"T1").open(blob, b"row-1")
    with pytest.raises(UnknownFormatError):
        envelope.open(b"T2" + blob[2:], b"row-1")
    with pytest.raises(ValueError):
        Envelope(b"short", b"T1")


def test_contact_details_written_before_still_open_and_keep_their_errors() -> None:
    row = str(uuid.uuid4())
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps({"phone": "+31 6 12345678"}).encode()
    before = b"\x01" + nonce + AESGCM(KEY).encrypt(nonce, plain, row.encode())
    cipher = ContactCipher(KEY)
    assert cipher.decrypt(before, row) == {"phone": "+31 6 12345678"}
    with pytest.raises(DataKeyError, match="do not decrypt"):
        cipher.decrypt(before, str(uuid.uuid4()))
    with pytest.raises(DataKeyError, match="unknown contact-details format"):
        cipher.decrypt(b"\x02" + before[1:], row)
