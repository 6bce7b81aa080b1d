"""Findings and the notifier's due list, at 1 thousand and at 1 million victims.

Usage: uv run python bench/findings.py [--sizes 1000 1000000] [--findings 10000]
       [--queued 100000] [--rounds 40]

For each size a fresh SQLite database is bulk-seeded (SQL inserts, as bench/scale.py) with N
victim records that said "yes", in person (no address needed), any day and hour, plus
``--queued`` queued deliveries that are due now. A real ``consent-server serve`` process then
runs on it and one notifier, through the typed client, one request at a time:

1. records ``--findings`` findings, each about a different victim (rate and p99);
2. ``--rounds`` times: asks ``GET /v1/deliveries?due=now&limit=50`` and records an outcome
   for each listed delivery (p99 of the list call and of an outcome).

Reported per size, and the ratio of medians largest/smallest (target: flat within 1.5x).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_client import ConsentClient  # noqa: E402
from api_client.notices import FindingCreate, FindingKind, Outcome, OutcomeCreate  # noqa: E402
from bench.roundtrip import describe  # noqa: E402
from bench.server_process import running_server  # noqa: E402

BATCH = 20_000
NOTIFIER = "bench-notifier"
PASSPHRASE = "findings bench passphrase for one account"  # noqa: S105 - throwaway account


def _version(subject_id: uuid.UUID, now: dt.datetime) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "subject_id": subject_id,
        "version": 1,
        "inform": "yes",
        "topic_new_findings": True,
        "topic_proceedings": True,
        "topic_compensation": True,
        "topic_removal": True,
        "recipients": "me",
        "channel_kinds": ["in_person"],
        "safe_days": [],
        "no_voicemail": True,
        "no_post_to_home": False,
        "household_must_not_know": True,
        "paused_until": None,
        "language": "nl",
        "frequency": "each",
        "reassurance": "none",
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


def bulk_seed(database_url: str, count: int, queued: int) -> list[uuid.UUID]:
    """``count`` victims who said yes, and ``queued`` open deliveries due now; returns ids."""
    from sqlalchemy import insert

    from consent_server.db import make_engine
    from consent_server.notice_tables import DeliveryRow, FindingRow
    from consent_server.schema import upgrade
    from consent_server.tables import PreferenceVersionRow, SubjectRow

    engine = make_engine(database_url)
    upgrade(engine)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ids: list[uuid.UUID] = []
    with engine.begin() as connection:
        for start in range(0, count, BATCH):
            subjects, versions = [], []
            for number in range(start, min(count, start + BATCH)):
                subject_id = uuid.uuid4()
                ids.append(subject_id)
                subjects.append(
                    {
                        "id": subject_id,
                        "reference": f"FIND-{number}",
                        "date_of_birth": None,
                        "language": "nl",
                        "needs_reconsent": False,
                        "coming_of_age_marked": False,
                        "current_version": 1,
                        "created_at": now,
                    }
                )
                versions.append(_version(subject_id, now))
            connection.execute(insert(SubjectRow), subjects)
            connection.execute(insert(PreferenceVersionRow), versions)
        for start in range(0, queued, BATCH):
            findings, deliveries = [], []
            for number in range(start, min(queued, start + BATCH)):
                finding_id = uuid.uuid4()
                subject_id = ids[number % count]
                at = now + dt.timedelta(seconds=number)
                findings.append(
                    {
                        "id": finding_id,
                        "subject_id": subject_id,
                        "kind": "removal_done",
                        "case_reference": f"Z-{number}",
                        "authority": "Politie",
                        "join_deadline": None,
                        "created_at": at,
                        "created_by": None,
                        "idempotency_key": f"seed-{number}",
                        "request_hash": "seed",
                        "plan_version": 1,
                        "decision": "wants_to_be_informed",
                        "held": None,
                        "held_until": None,
                        "digest_id": None,
                    }
                )
                deliveries.append(
                    {
                        "id": uuid.uuid4(),
                        "subject_id": subject_id,
                        "finding_id": finding_id,
                        "digest_id": None,
                        "recipient": "victim",
                        "account_id": None,
                        "channel": "in_person",
                        "state": "queued",
                        "reason": None,
                        "open": True,
                        "due_at": at,
                        "outcome": None,
                        "outcome_at": None,
                        "created_at": at,
                        "read_at": None,
                    }
                )
            connection.execute(insert(FindingRow), findings)
            connection.execute(insert(DeliveryRow), deliveries)
    engine.dispose()
    return ids


def measure(size: int, findings: int, queued: int, rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'findings.db'}"
        started = time.perf_counter()
        ids = bulk_seed(url, size, queued)
        seed_seconds = time.perf_counter() - started
        with running_server(url) as server:
            server.admin("create-notifier", "--username", NOTIFIER, stdin=PASSPHRASE + "\n")
            with ConsentClient(server.base_url, timeout=60) as client:
                client.login(NOTIFIER, PASSPHRASE)
                record: list[float] = []
                started = time.perf_counter()
                for number in range(findings):
                    body = FindingCreate(
                        kind=FindingKind.removal_done,
                        case_reference=f"B-{number}",
                        authority="Politie",
                    )
                    start = time.perf_counter()
                    client.record_finding(ids[(number * 7919) % size], body)
                    record.append(time.perf_counter() - start)
                record_seconds = time.perf_counter() - started
                due_calls: list[float] = []
                outcomes: list[float] = []
                for _round in range(rounds):
                    start = time.perf_counter()
                    due = client.due_deliveries(limit=50)
                    due_calls.append(time.perf_counter() - start)
                    for item in due:
                        start = time.perf_counter()
                        client.record_outcome(
                            item.delivery.id, OutcomeCreate(outcome=Outcome.delivered)
                        )
                        outcomes.append(time.perf_counter() - start)
    return {
        "victims": size,
        "queued": queued,
        "seed_seconds": round(seed_seconds, 1),
        "findings_per_second": round(findings / record_seconds, 1),
        "record_finding": describe(record),
        "due_now_limit_50": describe(due_calls),
        "outcome": describe(outcomes),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--queued", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        results.append(measure(size, min(args.findings, size * 10), args.queued, args.rounds))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    small, large = results[0], results[-1]
    ratios = {
        name: round(large[name]["median_ms"] / small[name]["median_ms"], 2)  # type: ignore[index]
        for name in ("record_finding", "due_now_limit_50", "outcome")
    }
    print(json.dumps({"results": results, "median_ratio_largest_to_smallest": ratios}, indent=2))


if __name__ == "__main__":
    main()
