"""Round trip of one preference save: typed client -> local consent-server (SQLite) -> back.

Usage: uv run python bench/roundtrip.py [--saves 500]

Login happens once, before the clock starts. Each sample is one `put_preferences` call
(HTTP PUT with If-Match and Idempotency-Key, server writes a new version, answers with the
document). As a baseline from the same run, GET /v1/health through the same client shows what
the HTTP stack alone costs on this machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api_client import ConsentClient, models
from bench.server_process import running_server
from tests.support.topics import ALL_TOPICS


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def describe(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p99_ms": round(percentile(samples, 0.99) * 1000, 2),
        "n": len(samples),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=500)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        running_server(f"sqlite:///{folder}/bench.db") as server,
    ):
        code = server.new_victim_code("BENCH-RT")
        with ConsentClient(server.base_url) as client:
            client.register(code, "bench-user", "correct horse battery staple")
            client.login("bench-user", "correct horse battery staple")
            subject_id = client.me().subjects[0].subject_id
            current = client.get_preferences(subject_id)
            health: list[float] = []
            saves: list[float] = []
            for i in range(args.saves):
                start = time.perf_counter()
                client.health()
                health.append(time.perf_counter() - start)
                write = models.PreferenceWrite(
                    inform=models.Inform.yes if i % 2 else models.Inform.no,
                    topics=ALL_TOPICS,
                    channels=[
                        models.Channel(
                            kind=models.ChannelKind.email, address=f"person{i}@example.org"
                        )
                    ],
                )
                start = time.perf_counter()
                current = client.put_preferences(subject_id, write, if_match=current.version)
                saves.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "save": describe(saves),
                "baseline_health": describe(health),
                "save_over_health_median": round(
                    statistics.median(saves) / statistics.median(health), 2
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
