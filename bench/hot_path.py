"""Our own CPU cost per request, in process: no HTTP server, no load generator, no network.

Usage:
    uv run python bench/hot_path.py                       # CPU ms per GET and per PUT
    uv run python bench/hot_path.py --profile 40          # and the 40 costliest functions
    uv run python bench/hot_path.py --database postgres   # the same on PostgreSQL

The app from ``create_app`` on a SQLite file (WAL) is called as an ASGI application, one
request after another on one event loop: GET and PUT of a victim's own preferences with a
real access token (the same requests as bench/load.py, minus the transport). It prints
process CPU time per request, the least and the median of --batches batches (on a shared
machine other work only ever adds to it), and the number of Python function calls per
request, counted under cProfile in a batch of its own: a figure the machine's load cannot
move, for comparing two versions of the code. uvicorn's HTTP parsing is not included;
bench/load.py includes it.

The same requests then go to bench/baseline_server.py's app (bare FastAPI + sqlite3 doing
the essential work: token lookup, row read, audit insert, commit) in the same process, the
two alternating batch by batch, and the ratio of CPU per request is printed: the part of
goal 1 of issue 14 that is our own layers, with uvicorn and the network left out.
`--no-baseline` leaves it out.

GET and PUT of preferences take the fast path (consent_server/fast_path.py);
`--without-fast-path` measures FastAPI's own handling of the same operations instead.

`--database postgres` runs our app on a throwaway PostgreSQL cluster (fsync on, as
bench/load.py starts it) instead of SQLite; the baseline stays on SQLite. It also prints
PostgreSQL's own CPU per request (its server processes') and the round trips to it per
GET and per PUT, counted from libpq's trace (tests/support/round_trips.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import baseline_server  # noqa: E402
from bench.process_cpu import postmaster_pid, tree_cpu_seconds  # noqa: E402
from consent_common.models import Role  # noqa: E402
from consent_server import admin  # noqa: E402
from consent_server.app import context_of, create_app  # noqa: E402
from consent_server.auth import start_session  # noqa: E402
from consent_server.crypto import generate_data_key  # noqa: E402
from consent_server.routers.preferences import PreferenceRoute  # noqa: E402
from consent_server.settings import ServerSettings  # noqa: E402
from consent_server.tables import SubjectRow  # noqa: E402
from tests.support.round_trips import counting_round_trips  # noqa: E402

Asgi = Any
PASSPHRASE = "a long and unusual bench passphrase"  # noqa: S105 - a throwaway bench account


class Answer:
    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""


async def call(
    app: Asgi, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> Answer:
    """One request straight into the ASGI app, the way uvicorn hands it over."""
    raw_headers = [(b"host", b"bench")] + [
        (name.lower().encode(), value.encode()) for name, value in headers.items()
    ]
    if body:
        raw_headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    answer = Answer()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    await app(scope, receive, send)
    return answer


def prepared_app(database_url: str) -> tuple[Asgi, str, uuid.UUID]:
    """The app on a fresh database with one victim account; its access token and record."""
    settings = ServerSettings(
        database_url=database_url,
        data_key=generate_data_key(),  # type: ignore[arg-type]
    )
    app = create_app(settings)
    ctx = context_of(app)
    with ctx.sessions() as db:
        subject = admin.create_subject(db, settings, reference="HOT-1")
        account = admin.create_account(db, settings, "hot.path.user", PASSPHRASE, Role.victim)
        row = db.get(SubjectRow, subject.id)
        assert row is not None
        row.account_id = account.id
        db.commit()
        session = start_session(db, ctx, account)
    return app, session.access_token, subject.id


def prepared_baseline(folder: str) -> tuple[Asgi, str, uuid.UUID]:
    """The baseline app on its own database with one account, its token and its record."""
    path = f"{folder}/baseline.db"
    (account,) = baseline_server.seed(path, 1, PASSPHRASE)
    return baseline_server.create_app(path), account.token, uuid.UUID(account.subject_id)


async def run(app: Asgi, token: str, subject_id: uuid.UUID, count: int) -> dict[str, float]:
    path = f"/v1/subjects/{subject_id}/preferences"
    auth = {"Authorization": f"Bearer {token}"}
    body = json.dumps(
        {"inform": "yes", "channels": [{"kind": "email", "address": "hot@example.org"}]}
    ).encode()
    version = int(  # where the previous batch left off
        (await call(app, "GET", path, auth)).headers["etag"].strip('"')
    )
    run_id = uuid.uuid4().hex  # fresh keys: a batch measures writes, not replays
    cpu = {"read": 0.0, "write": 0.0}
    counts = {"read": 0, "write": 0}
    for number in range(count):
        write = number % 10 >= 7  # 70 % reads, 30 % writes, like bench/load.py
        start = time.process_time()
        if write:
            headers = {**auth, "If-Match": f'"{version}"', "Idempotency-Key": f"{run_id}-{number}"}
            answer = await call(app, "PUT", path, headers, body)
        else:
            answer = await call(app, "GET", path, auth)
        kind = "write" if write else "read"
        cpu[kind] += time.process_time() - start
        counts[kind] += 1
        if answer.status != 200:
            raise RuntimeError(f"{kind} answered {answer.status}: {answer.body!r}")
        version = int(answer.headers["etag"].strip('"'))
    return {
        "read_cpu_ms": round(cpu["read"] * 1000 / max(1, counts["read"]), 3),
        "write_cpu_ms": round(cpu["write"] * 1000 / max(1, counts["write"]), 3),
        "mixed_cpu_ms": round(sum(cpu.values()) * 1000 / count, 3),
    }


@contextlib.contextmanager
def our_database(kind: str, folder: str) -> Iterator[str]:
    """A fresh SQLite file, or a throwaway PostgreSQL cluster as bench/load.py starts one."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/hot.db"
        return
    from tests.support.pg_cluster import throwaway_cluster

    with throwaway_cluster(durable=True) as url:
        yield url


def round_trips(app: Asgi, token: str, subject_id: uuid.UUID) -> dict[str, int]:
    """Round trips to PostgreSQL of one GET and of one PUT (warmed up: statements prepared)."""
    with counting_round_trips(context_of(app).engine) as counted:
        asyncio.run(run(app, token, subject_id, 20))  # psycopg prepares from the fifth use
        found: dict[str, int] = {}
        for kind, requests in (("read", 1), ("write", 8)):
            counted.restart()
            asyncio.run(run(app, token, subject_id, requests))
            found[kind] = counted.count()
    # A run begins with a GET (the current version); its request 7 is its first PUT.
    read = found["read"] // 2
    return {"read": read, "write": found["write"] - 8 * read}


def function_calls(app: Asgi, token: str, subject_id: uuid.UUID, count: int) -> float:
    """Python function calls per request (mixed): a count, so the machine's load cannot move it."""
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(run(app, token, subject_id, count))
    profiler.disable()
    total: int = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    return round(total / count)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000, help="requests per batch")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--warm-up", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="print this many functions")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--without-fast-path", action="store_true")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.without_fast_path:
        PreferenceRoute.fast_handlers = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        our_database(args.database, folder) as database_url,
    ):
        apps = {"consent": prepared_app(database_url)}
        if not args.no_baseline:
            apps["baseline"] = prepared_baseline(folder)
        for app, token, subject_id in apps.values():
            asyncio.run(run(app, token, subject_id, args.warm_up))
        calls = {name: function_calls(*prepared, args.requests) for name, prepared in apps.items()}
        postgres = postmaster_pid(database_url) if args.database == "postgres" else None
        postgres_cpu = 0.0
        profiler = cProfile.Profile() if args.profile else None
        batches: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
        for _ in range(args.batches):  # interleaved, so both see the same machine
            for name, (app, token, subject_id) in apps.items():
                ours = name == "consent"
                if profiler is not None and ours:
                    profiler.enable()
                before = tree_cpu_seconds(postgres) if postgres and ours else 0.0
                batches[name].append(asyncio.run(run(app, token, subject_id, args.requests)))
                if postgres and ours:
                    postgres_cpu += tree_cpu_seconds(postgres) - before
                if profiler is not None:
                    profiler.disable()
        trips = round_trips(*apps["consent"]) if postgres else None
        if profiler is not None:
            stats = pstats.Stats(profiler, stream=sys.stderr)
            stats.sort_stats("tottime").print_stats(args.profile)
            stats.sort_stats("cumulative").print_stats(args.profile)
        context_of(apps["consent"][0]).engine.dispose()
    # The least of the batches: on a shared machine, other work only ever adds to it.
    result: dict[str, Any] = {"requests_per_batch": args.requests}
    for name, runs in batches.items():
        result[name] = {"calls_per_request": calls[name]} | {
            measure: {
                "min": min(batch[measure] for batch in runs),
                "median": statistics.median(batch[measure] for batch in runs),
            }
            for measure in runs[0]
        }
    if postgres:
        result["consent"]["postgres_cpu_ms_per_request"] = round(
            postgres_cpu * 1000 / (args.batches * args.requests), 3
        )
        result["consent"]["round_trips"] = trips
    if "baseline" in result:
        ours, theirs = result["consent"]["mixed_cpu_ms"], result["baseline"]["mixed_cpu_ms"]
        result["cpu_ratio_mixed_min"] = round(ours["min"] / theirs["min"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
