"""What the indexes written by every read and write of preferences cost, in process.

Usage:
    uv run python bench/index_writes.py                 # 10 alternated batches of 1,500
    uv run python bench/index_writes.py --batches 12

Two apps from ``create_app`` on SQLite files (WAL), as bench/hot_path.py builds them: one on
the newest schema, one taken back one migration (Alembic's ``downgrade -1``: before
migration 0010, every victim's access-log entry in the staff index, every version in the
yearly-message index, contact details indexed by record). For each it prints the WAL frames
(pages written) per GET and per PUT of a victim's own preferences, counted from the growth of
the ``-wal`` file with automatic checkpoints off, and then the process CPU per mixed request
(70 % reads, 30 % writes) of both, batch by batch in alternating order, with the ratio
newest / before: the machine's noise hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402

from bench import hot_path  # noqa: E402
from consent_server.app import context_of  # noqa: E402
from consent_server.schema import alembic_config  # noqa: E402
from tests.support import wal_frames  # noqa: E402

BODY = json.dumps(
    {"inform": "yes", "channels": [{"kind": "email", "address": "hot@example.org"}]}
).encode()


def prepared(back_one_migration: bool) -> tuple[Any, str, uuid.UUID]:
    folder = tempfile.mkdtemp(prefix="index-writes-")
    app, token, subject = hot_path.prepared_app(f"sqlite:///{folder}/consent.db")
    engine = context_of(app).engine
    if back_one_migration:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")
    return app, token, subject


async def frames(app: Any, token: str, subject: uuid.UUID, count: int) -> dict[str, float]:
    """WAL frames per GET and per PUT, ``count`` of each."""
    path = f"/v1/subjects/{subject}/preferences"
    auth = {"Authorization": f"Bearer {token}"}
    version = int((await hot_path.call(app, "GET", path, auth)).headers["etag"].strip('"'))
    found = {}
    for kind in ("GET", "PUT"):
        with wal_frames.counting(context_of(app).engine) as written:
            for _ in range(count):
                if kind == "GET":
                    answer = await hot_path.call(app, "GET", path, auth)
                else:
                    key = uuid.uuid4().hex
                    headers = {**auth, "If-Match": f'"{version}"', "Idempotency-Key": key}
                    answer = await hot_path.call(app, "PUT", path, headers, BODY)
                    version = int(answer.headers["etag"].strip('"'))
                if answer.status != 200:
                    raise RuntimeError(f"{kind} answered {answer.status}: {answer.body!r}")
        found[kind] = round(written.written / count, 2)
    return found


async def measure(batches: int, requests: int) -> dict[str, Any]:
    apps = {"newest": prepared(False), "before": prepared(True)}
    result: dict[str, Any] = {"wal_frames_per_request": {}}
    for name, app in apps.items():
        await hot_path.run(*app, 300)  # warm up
        result["wal_frames_per_request"][name] = await frames(*app, 200)
    cpu: dict[str, list[float]] = {name: [] for name in apps}
    for number in range(batches):
        order = list(apps) if number % 2 else list(apps)[::-1]
        for name in order:
            cpu[name].append((await hot_path.run(*apps[name], requests))["mixed_cpu_ms"])
    for name, values in cpu.items():
        result[f"{name}_mixed_cpu_ms"] = {
            "min": min(values),
            "median": round(statistics.median(values), 3),
        }
    result["ratio_newest_to_before"] = {
        "min": round(min(cpu["newest"]) / min(cpu["before"]), 3),
        "median": round(statistics.median(cpu["newest"]) / statistics.median(cpu["before"]), 3),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1500, help="requests per batch")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(measure(args.batches, args.requests)), indent=2))


if __name__ == "__main__":
    main()
