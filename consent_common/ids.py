"""What the identifiers in API paths name. Each is a UUID; text holding one is accepted
too (the server checks it), so an id read from a file or typed in need not be parsed first.
"""

from __future__ import annotations

import uuid

SubjectId = uuid.UUID | str
"""A victim's record."""
DelegationId = uuid.UUID | str
"""A representative's permission to act for a record."""
DeliveryId = uuid.UUID | str
"""One message (notice) delivered about a record."""
NoticeId = uuid.UUID | str
"""A notice in a person's inbox."""
