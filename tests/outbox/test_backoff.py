"""The sync engine waits with the project's one backoff (api_client.retry.jittered_backoff),
with equal jitter: never less than half the ceiling (issue 11, item 6)."""

from __future__ import annotations

import uuid

from api_client import ConsentClient
from api_client.models import Inform, PreferenceWrite
from api_client.retry import jittered_backoff
from consent_app.outbox import Outbox
from consent_app.sync import StopReason, SyncEngine


def test_the_sync_waits_with_the_shared_backoff(offline_client: ConsentClient) -> None:
    outbox = Outbox.in_memory()
    outbox.enqueue(uuid.uuid4(), PreferenceWrite(inform=Inform.no), base_version=0)
    now = [100.0]
    engine = SyncEngine(
        outbox,
        offline_client,
        base_delay=1.0,
        max_delay=5.0,
        random_fraction=lambda: 0.5,
        monotonic=lambda: now[0],
    )
    delays = []
    for _ in range(5):
        assert engine.flush_once().error is StopReason.connection
        delay = engine.next_delay()
        assert delay is not None
        delays.append(delay)
    expected = [
        jittered_backoff(n, initial=1.0, maximum=5.0, fraction=0.5, least_share=0.5)
        for n in range(5)
    ]
    assert delays == expected == [0.75, 1.5, 3.0, 3.75, 3.75]
