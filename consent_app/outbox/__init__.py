"""The outbox: confirmed changes, kept encrypted on disk until the server has them.

- :mod:`~consent_app.outbox.model`: entries, notices and their states (immutable values);
- :mod:`~consent_app.outbox.records`: their JSON in the file (pydantic does the mapping);
- :mod:`~consent_app.outbox.store`: :class:`Outbox`, the entries kept, read and changed under locks;
- :mod:`~consent_app.outbox.changes`: what each change does to the entries' states;
- :mod:`~consent_app.outbox.file`: the encrypted file, its lock and its cache;
- :mod:`~consent_app.outbox.keys`: the key in the OS keyring;
- :mod:`~consent_app.outbox.aside`: files that could not be read, set aside and reported.

The package names what the rest of the app uses; anything else is imported from its
module. See docs/outbox.md. Does not import Textual.
"""

from consent_app.outbox.changes import KEEP_FINISHED, KEEP_RECENT
from consent_app.outbox.keys import KEY_ENTRY, load_key
from consent_app.outbox.model import EntryState, NoticeKind, OutboxEntry
from consent_app.outbox.store import Outbox

__all__ = [
    "KEEP_FINISHED",
    "KEEP_RECENT",
    "KEY_ENTRY",
    "EntryState",
    "NoticeKind",
    "Outbox",
    "OutboxEntry",
    "load_key",
]
