"""Findings and the notifier's due list, at 1 thousand and at 1 million victims.

Usage: uv run python bench/findings.py [--sizes 1000 1000000] [--findings 10000]
       [--queued 100000] [--rounds 40]

For each size a fresh SQLite database is seeded in SQL (a template row copied with new ids)
with N victim records that said "yes", in person (no address needed), any day and hour, plus
``--queued`` queued deliveries that are due now. A real ``consent-server serve`` process runs
on each database, and one notifier per server, through the typed client, one request at a
time and taking turns between the servers (so a busy machine slows every size alike):

1. records ``--findings`` findings, spread over the victims (rate, median and p99);
2. ``--rounds`` times: asks ``GET /v1/deliveries?due=now&limit=50`` and records an outcome
   for each listed delivery (median and p99 of the list call and of an outcome).

Besides wall-clock times it reports the server's own CPU time per call (user + system, from
/proc), the figure a loaded machine disturbs least, and the ratios largest/smallest size
(target: flat within 1.5x).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_client import ConsentClient  # noqa: E402
from api_client.notices import FindingCreate, FindingKind, Outcome, OutcomeCreate  # noqa: E402
from bench.process_cpu import cpu_seconds  # noqa: E402
from bench.roundtrip import describe  # noqa: E402
from bench.scale import subject_row  # noqa: E402
from bench.server_process import RunningServer, running_server  # noqa: E402

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from consent_server.db import Base

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
        "read_back_confirmed": True,
        "created_at": now,
    }


def _finding(finding_id: uuid.UUID, subject_id: uuid.UUID, now: dt.datetime) -> dict[str, object]:
    return {
        "id": finding_id,
        "subject_id": subject_id,
        "kind": "removal_done",
        "case_reference": "Z-0",
        "authority": "Politie",
        "join_deadline": None,
        "created_at": now,
        "created_by": None,
        "idempotency_key": "seed-0",
        "request_hash": "seed",
        "plan_version": 1,
        "decision": "wants_to_be_informed",
        "held": None,
        "held_until": None,
        "digest_id": None,
    }


def _queued(finding_id: uuid.UUID, subject_id: uuid.UUID, now: dt.datetime) -> dict[str, object]:
    return {
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
        "due_at": now,
        "outcome": None,
        "outcome_at": None,
        "created_at": now,
        "read_at": None,
    }


def _clone(connection: Connection, row: type[Base], source: str, changes: dict[str, str]) -> None:
    """Copy a template row in SQL, once per row of ``source`` (far faster than Python).

    ``changes`` gives, per column, the SQL that replaces the template's value ``t.<column>``.
    """
    columns = [column.name for column in row.__table__.columns]
    values = ", ".join(changes.get(name, f"t.{name}") for name in columns)
    into = f"{row.__tablename__} ({', '.join(columns)})"
    connection.exec_driver_sql(f"INSERT INTO {into} SELECT {values} FROM {source}")  # noqa: S608


def _numbers(last: int) -> str:
    """The numbers 1 to ``last`` as a table ``n(i)`` (empty when ``last`` < 1)."""
    numbers = f"SELECT 1 WHERE 1 <= {last:d} UNION ALL SELECT i + 1 FROM n WHERE i < {last:d}"  # noqa: S608
    return f"(WITH RECURSIVE n(i) AS ({numbers}) SELECT i FROM n) AS n"  # noqa: S608


def bulk_seed(database_url: str, count: int, queued: int) -> list[uuid.UUID]:
    """``count`` victims who said yes, and ``queued`` open deliveries due now; returns ids.

    One template of each row goes in through SQLAlchemy (so every value is stored as the
    server stores it); SQL then copies it with new ids. The ``i``-th queued delivery is
    about victim ``i % count``, due ``i`` seconds after a day ago.
    """
    from sqlalchemy import insert

    from consent_server.db import make_engine
    from consent_server.notice_tables import DeliveryRow, FindingRow
    from consent_server.schema import upgrade
    from consent_server.tables import PreferenceVersionRow, SubjectRow

    engine = make_engine(database_url)
    upgrade(engine)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    subject_id, finding_id = uuid.uuid4(), uuid.uuid4()
    new_id = "lower(hex(randomblob(16)))"
    with engine.begin() as connection:
        connection.execute(insert(SubjectRow), [subject_row(subject_id, "FIND-0", now)])
        connection.execute(insert(PreferenceVersionRow), [_version(subject_id, now)])
        connection.execute(insert(FindingRow), [_finding(finding_id, subject_id, now)])
        connection.execute(insert(DeliveryRow), [_queued(finding_id, subject_id, now)])
        template = {
            name: connection.exec_driver_sql(f"SELECT id FROM {name}").scalar_one()  # noqa: S608
            for name in ("subjects", "preference_versions", "findings", "deliveries")
        }
        _clone(
            connection,
            SubjectRow,
            f"{_numbers(count - 1)}, subjects AS t WHERE t.id = '{template['subjects']}'",
            {"id": new_id, "reference": "'FIND-' || n.i"},
        )
        _clone(
            connection,
            PreferenceVersionRow,
            f"subjects AS s, preference_versions AS t"
            f" WHERE t.id = '{template['preference_versions']}'"
            f" AND s.id != '{template['subjects']}' ORDER BY s.rowid",
            {"id": new_id, "subject_id": "s.id", "on_behalf_of": "s.id"},
        )
        _clone(
            connection,
            FindingRow,
            f"{_numbers(queued - 1)} JOIN subjects AS s ON s.rowid = n.i % {int(count)} + 1,"
            f" findings AS t WHERE t.id = '{template['findings']}'",
            {
                "id": new_id,
                "subject_id": "s.id",
                "case_reference": "'Z-' || n.i",
                "idempotency_key": "'seed-' || n.i",
                "created_at": "strftime('%Y-%m-%d %H:%M:%S', t.created_at, '+' || n.i"
                " || ' seconds') || '.000000'",
            },
        )
        _clone(
            connection,
            DeliveryRow,
            f"findings AS f, deliveries AS t WHERE t.id = '{template['deliveries']}'"
            f" AND f.id != '{template['findings']}' ORDER BY f.rowid",
            {
                "id": new_id,
                "subject_id": "f.subject_id",
                "finding_id": "f.id",
                "due_at": "f.created_at",
                "created_at": "f.created_at",
            },
        )
        ids = [
            uuid.UUID(hex=value)
            for (value,) in connection.exec_driver_sql("SELECT id FROM subjects ORDER BY rowid")
        ]
    engine.dispose()
    return ids


@dataclass
class Phase:
    """Wall-clock samples of one kind of call on one server, and the server's CPU for them."""

    samples: list[float] = field(default_factory=list)
    cpu: float = 0.0

    def timed(self, server: RunningServer, call: Callable[[], T]) -> T:
        cpu, start = cpu_seconds(server.pid), time.perf_counter()
        result = call()
        self.samples.append(time.perf_counter() - start)
        self.cpu += cpu_seconds(server.pid) - cpu
        return result

    def report(self) -> dict[str, float]:
        return {
            **describe(self.samples),
            "per_second": round(len(self.samples) / sum(self.samples), 1),
            "server_cpu_ms": round(self.cpu * 1000 / len(self.samples), 2),
        }


@dataclass
class Run:
    """One database size: its server, a logged-in notifier, its victims and its figures."""

    size: int
    server: RunningServer
    client: ConsentClient
    ids: list[uuid.UUID]
    seed_seconds: float
    record: Phase = field(default_factory=Phase)
    due: Phase = field(default_factory=Phase)
    outcome: Phase = field(default_factory=Phase)

    def record_finding(self, number: int) -> None:
        body = FindingCreate(
            kind=FindingKind.removal_done, case_reference=f"B-{number}", authority="Politie"
        )
        subject_id = self.ids[(number * 7919) % self.size]
        self.record.timed(self.server, lambda: self.client.record_finding(subject_id, body))

    def due_round(self) -> None:
        listed = self.due.timed(self.server, lambda: self.client.due_deliveries(limit=50))
        body = OutcomeCreate(outcome=Outcome.delivered)
        for item in listed:
            self.outcome.timed(
                self.server, partial(self.client.record_outcome, item.delivery.id, body)
            )

    def report(self, queued: int) -> dict[str, object]:
        return {
            "victims": self.size,
            "queued": queued,
            "seed_seconds": round(self.seed_seconds, 1),
            "record_finding": self.record.report(),
            "due_now_limit_50": self.due.report(),
            "outcome": self.outcome.report(),
        }


@contextlib.contextmanager
def prepared(folder: Path, size: int, queued: int) -> Iterator[Run]:
    url = f"sqlite:///{folder / f'findings-{size}.db'}"
    started = time.perf_counter()
    ids = bulk_seed(url, size, queued)
    seed_seconds = time.perf_counter() - started
    with running_server(url) as server:
        server.admin("create-notifier", "--username", NOTIFIER, stdin=PASSPHRASE + "\n")
        with ConsentClient(server.base_url, timeout=60) as client:
            client.login(NOTIFIER, PASSPHRASE)
            yield Run(size, server, client, ids, seed_seconds)


def measure(sizes: list[int], findings: int, queued: int, rounds: int) -> list[Run]:
    """All sizes at once, their calls interleaved, so the machine's load falls on each alike."""
    with tempfile.TemporaryDirectory() as name, contextlib.ExitStack() as stack:
        runs = [stack.enter_context(prepared(Path(name), size, queued)) for size in sizes]
        for number in range(findings):
            for run in runs:
                run.record_finding(number)
        for _round in range(rounds):
            for run in runs:
                run.due_round()
        return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--queued", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    runs = measure(args.sizes, args.findings, args.queued, args.rounds)
    results = [run.report(args.queued) for run in runs]
    small, large = runs[0], runs[-1]
    ratios = {
        name: {
            "median": round(
                statistics.median(getattr(large, name).samples)
                / statistics.median(getattr(small, name).samples),
                2,
            ),
            "server_cpu": round(getattr(large, name).cpu / max(getattr(small, name).cpu, 1e-9), 2),
        }
        for name in ("record", "due", "outcome")
    }
    print(json.dumps({"results": results, "ratio_largest_to_smallest": ratios}, indent=2))


if __name__ == "__main__":
    main()
