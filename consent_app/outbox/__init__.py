"""The outbox: confirmed changes, kept encrypted on disk until the server has them.

- :mod:`~consent_app.outbox.model`: entries, notices and their states (immutable values);
- :mod:`~consent_app.outbox.records`: their JSON in the file (pydantic does the mapping);
- :mod:`~consent_app.outbox.store`: :class:`Outbox`, the entries kept, read and changed under locks;
- :mod:`~consent_app.outbox.changes`: what each change does to the entries' states;
- :mod:`~consent_app.outbox.file`: the encrypted file, its lock and its cache;
- :mod:`~consent_app.outbox.keys`: the key in the OS keyring;
- :mod:`~consent_app.outbox.aside`: files that could not be read, set aside and reported.

See docs/outbox.md. Does not import Textual.
"""

from consent_app.outbox.changes import KEEP_FINISHED, KEEP_RECENT
from consent_app.outbox.file import FORMAT, OutboxNewerFormatError, OutboxUnreadableError
from consent_app.outbox.keys import KEY_ENTRY, forget_key, keyring_usable, load_key
from consent_app.outbox.model import (
    PRUNABLE,
    UNFINISHED,
    Attempt,
    EntryState,
    Notice,
    NoticeKind,
    OutboxEntry,
    derive_key,
)
from consent_app.outbox.store import FILE_NAME, Outbox

__all__ = [
    "FILE_NAME",
    "FORMAT",
    "KEEP_FINISHED",
    "KEEP_RECENT",
    "KEY_ENTRY",
    "PRUNABLE",
    "UNFINISHED",
    "Attempt",
    "EntryState",
    "Notice",
    "NoticeKind",
    "Outbox",
    "OutboxEntry",
    "OutboxNewerFormatError",
    "OutboxUnreadableError",
    "derive_key",
    "forget_key",
    "keyring_usable",
    "load_key",
]
