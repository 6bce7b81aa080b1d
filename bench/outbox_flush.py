"""Outbox flush: time to send 1,000 queued changes once the server is reachable again.

Usage: uv run python bench/outbox_flush.py [--changes 1000]

Scenario: a support worker fills in assisted entries for 1,000 victim records while the
backend is unreachable; every confirmed change goes to the encrypted outbox on disk. Then the
server comes back and the sync engine sends them all (each with its own idempotency key and
If-Match). Reported: time to enqueue (durable writes), time to flush, changes per second, the
outbox file size, and as the baseline from the same run the time of the same number of plain
typed-client PUTs (other records, same client, same writes) and the ratio flush / plain. The
server is a real `consent-server serve` process on loopback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_client import ConsentClient, models  # noqa: E402
from bench.server_process import RunningServer, running_server  # noqa: E402
from consent_app.outbox import Outbox  # noqa: E402
from consent_app.sync import SyncEngine  # noqa: E402
from tests.support.keyrings import MemoryKeyring  # noqa: E402 - keeps the key in this process
from tests.support.topics import ALL_TOPICS  # noqa: E402

STAFF_PASSPHRASE = "bench staff passphrase, long enough"  # noqa: S105 - throwaway account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=1000)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(f"sqlite:///{folder}/flush.db") as server,
    ):
        server.admin("create-staff", "--username", "bench-staff", stdin=STAFF_PASSPHRASE + "\n")
        seeded = seed_subjects(server, 2 * args.changes)
        subjects, plain_subjects = seeded[: args.changes], seeded[args.changes :]
        outbox_path = Path(folder) / "store.bin"
        outbox = Outbox.open(outbox_path, keyring_backend=MemoryKeyring())
        write = models.PreferenceWrite(
            inform=models.Inform.yes,
            topics=ALL_TOPICS,
            channels=[models.Channel(kind=models.ChannelKind.phone, address="+31 6 0000 0000")],
            assisted=models.AssistedEntry(identity_check="passport seen", read_back_confirmed=True),
        )
        started = time.perf_counter()
        for subject in subjects:
            outbox.enqueue(subject, write, base_version=0)
        enqueue_seconds = time.perf_counter() - started
        file_bytes = outbox_path.stat().st_size
        with ConsentClient(server.base_url) as client:
            client.login("bench-staff", STAFF_PASSPHRASE)
            # The baseline, same run, same client: the same writes as plain typed-client PUTs.
            started = time.perf_counter()
            for subject in plain_subjects:
                client.put_preferences(
                    subject, write, if_match=0, idempotency_key=str(uuid.uuid4())
                )
            plain_seconds = time.perf_counter() - started
            engine = SyncEngine(outbox, client)
            started = time.perf_counter()
            while engine.status().waiting:
                engine.flush_once()
            flush_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "changes": args.changes,
                "enqueue_seconds": round(enqueue_seconds, 2),
                "flush_seconds": round(flush_seconds, 2),
                "plain_puts_seconds": round(plain_seconds, 2),
                "flush_over_plain": round(flush_seconds / plain_seconds, 3),
                "sent_per_second": round(args.changes / flush_seconds, 1),
                "outbox_file_bytes": file_bytes,
            },
            indent=2,
        )
    )


def seed_subjects(server: RunningServer, count: int) -> list[uuid.UUID]:
    from pydantic import SecretStr

    from consent_server import admin
    from consent_server.settings import ServerSettings

    env = server.env
    settings = ServerSettings(
        database_url=env["CONSENT_DATABASE_URL"], data_key=SecretStr(env["CONSENT_DATA_KEY"])
    )
    with admin.connect(settings) as db:
        return [admin.create_subject(db, settings, reference=f"FLUSH-{n}").id for n in range(count)]


if __name__ == "__main__":
    main()
