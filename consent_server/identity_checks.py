"""Staff's note of how they checked the victim's identity ("in person, passport"), at rest
and on the way out.

The note is personal data about the victim: it is stored encrypted with the data key, like
contact details, bound to its version, and shown only to the victim and to staff.
Representatives see the fact of an assisted entry, not the note.
"""

from __future__ import annotations

import uuid

from consent_server.access import SubjectGrant
from consent_server.crypto import ContactCipher

# Who may read the note: the victim themself and victim support staff.
READERS = frozenset({"self", "staff"})


def context(subject_id: uuid.UUID, version: int) -> str:
    """Associated data: a note cannot be moved to another version, record or field."""
    return f"identity-check:{subject_id}:{version}"


def seal(cipher: ContactCipher, note: str, subject_id: uuid.UUID, version: int) -> bytes:
    return cipher.encrypt({"identity_check": note}, context(subject_id, version))


def open_sealed(cipher: ContactCipher, sealed: bytes, subject_id: uuid.UUID, version: int) -> str:
    note = cipher.decrypt(sealed, context(subject_id, version))["identity_check"]
    assert isinstance(note, str)
    return note


def for_reader(
    cipher: ContactCipher,
    grant: SubjectGrant,
    sealed: bytes | None,
    subject_id: uuid.UUID,
    version: int,
) -> str | None:
    """The note for this reader: the victim and staff see it, anyone else gets ``None``."""
    if sealed is None or grant.relation not in READERS:
        return None
    return open_sealed(cipher, sealed, subject_id, version)
