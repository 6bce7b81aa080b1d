"""Scale: preference read/write latency with 1 thousand and with 1 million victim records.

Usage: uv run python bench/scale.py [--sizes 1000 1000000] [--samples 300]

For each size a fresh SQLite database is migrated and bulk-seeded with that many victim
records, each with one recorded preference version and one access-log row (what a record
that was filled in once looks like). Then a real `consent-server serve` process starts on
it, one more victim registers through the API, and we time GET and PUT of that victim's
preferences, one at a time. Reported: median and p99 per size, the ratio large/small
(target: flat within 1.5x), and the database file size per victim.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_client import ConsentClient, models  # noqa: E402
from bench.roundtrip import describe  # noqa: E402
from bench.server_process import running_server  # noqa: E402
from tests.support.topics import ALL_TOPICS  # noqa: E402

BATCH = 20_000
PASSPHRASE = "scale bench passphrase for one account"  # noqa: S105 - throwaway account


def subject_row(subject_id: uuid.UUID, reference: str, now: dt.datetime) -> dict[str, object]:
    """A victim record at version 1, as a row for a bulk insert."""
    return {
        "id": subject_id,
        "reference": reference,
        "date_of_birth": None,
        "language": "nl",
        "needs_reconsent": False,
        "coming_of_age_marked": False,
        "current_version": 1,
        "created_at": now,
    }


def bulk_seed(database_url: str, count: int) -> None:
    """Insert `count` subjects, each with one preference version and one access-log row."""
    from sqlalchemy import insert

    from consent_server.db import make_engine
    from consent_server.schema import upgrade
    from consent_server.tables import AccessLogRow, PreferenceVersionRow, SubjectRow

    engine = make_engine(database_url)
    upgrade(engine)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as connection:
        for start in range(0, count, BATCH):
            subjects, versions, log = [], [], []
            for number in range(start, min(count, start + BATCH)):
                subject_id = uuid.uuid4()
                subjects.append(subject_row(subject_id, f"SCALE-{number}", now))
                versions.append(
                    {
                        "id": uuid.uuid4(),
                        "subject_id": subject_id,
                        "version": 1,
                        "inform": ("yes", "no", "undecided")[number % 3],
                        "topic_new_findings": True,
                        "topic_proceedings": True,
                        "topic_compensation": True,
                        "topic_removal": True,
                        "recipients": "me",
                        "channel_kinds": ["app"],
                        "safe_days": [],
                        "no_voicemail": False,
                        "no_post_to_home": False,
                        "household_must_not_know": False,
                        "paused_until": None,
                        "language": "nl",
                        "actor_account_id": None,
                        "actor_role": "staff",
                        "actor_relation": "staff",
                        "actor_label": None,
                        "method": "assisted",
                        "on_behalf_of": subject_id,
                        "questions_locale": "nl",
                        "questions_version": "1",
                        "identity_check": "bench",
                        "read_back_confirmed": True,
                        "created_at": now,
                    }
                )
                log.append(
                    {
                        "subject_id": subject_id,
                        "actor_account_id": None,
                        "actor_role": "staff",
                        "actor_label": None,
                        "action": "preferences.write",
                        "reason": None,
                        "at": now,
                    }
                )
            connection.execute(insert(SubjectRow), subjects)
            connection.execute(insert(PreferenceVersionRow), versions)
            connection.execute(insert(AccessLogRow), log)
    engine.dispose()


def measure(size: int, samples: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "scale.db"
        url = f"sqlite:///{database}"
        started = time.perf_counter()
        bulk_seed(url, size)
        seed_seconds = time.perf_counter() - started
        size_bytes = sum(p.stat().st_size for p in Path(folder).glob("scale.db*"))
        with running_server(url) as server:
            code = server.new_victim_code("SCALE-BENCH")
            with ConsentClient(server.base_url) as client:
                client.register(code, "scale-user", PASSPHRASE)
                client.login("scale-user", PASSPHRASE)
                subject = client.me().subjects[0].subject_id
                current = client.get_preferences(subject)
                reads: list[float] = []
                writes: list[float] = []
                for i in range(samples):
                    start = time.perf_counter()
                    current = client.get_preferences(subject)
                    reads.append(time.perf_counter() - start)
                    write = models.PreferenceWrite(
                        inform=models.Inform.yes if i % 2 else models.Inform.no, topics=ALL_TOPICS
                    )
                    start = time.perf_counter()
                    current = client.put_preferences(subject, write, if_match=current.version)
                    writes.append(time.perf_counter() - start)
    return {
        "victims": size,
        "seed_seconds": round(seed_seconds, 1),
        "bytes_per_victim": round(size_bytes / size),
        "read": describe(reads),
        "write": describe(writes),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    results = [measure(size, args.samples) for size in args.sizes]
    small, large = results[0], results[-1]
    ratios = {
        operation: round(
            large[operation]["median_ms"] / small[operation]["median_ms"],
            2,
        )
        for operation in ("read", "write")
    }
    print(json.dumps({"results": results, "median_ratio_largest_to_smallest": ratios}, indent=2))


if __name__ == "__main__":
    main()
