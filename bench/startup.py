"""Start-up benchmark: time to first screen and peak memory, consent-app and
`consent-app --demo` against bare Textual.

Usage: uv run python bench/startup.py [--runs 15] [--no-tmux]

Two ways, each alternating the programs so machine noise hits all alike:
- headless: spawn `first_screen_child.py`, stop the clock when it says the screen is ready;
- tmux: start the real command in a detached 80x24 tmux session and poll the pane until the
  first screen's text appears (a real terminal, as a person would start it).
Prints a JSON summary (medians, ratios app/bare and demo/bare) that docs/benchmarks.md quotes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = HERE / "first_screen_child.py"
KINDS = ("bare", "app", "demo")
TMUX_MARKERS = {"bare": "Hello, world", "app": "Log in", "demo": "Log in"}


def headless_once(kind: str) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), kind], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    if not line.startswith("ready"):
        raise RuntimeError(f"{kind} did not report ready")
    return elapsed, int(line.split()[1])


def tmux_once(kind: str) -> float:
    session = f"bench-{uuid.uuid4().hex[:8]}"
    if kind == "bare":
        command = f"{sys.executable} {CHILD} bare-interactive"
    elif kind == "demo":
        command = f"{sys.executable} -m consent_app.cli --demo --language en"
    else:
        command = f"{sys.executable} -m consent_app.cli --language en"
    start = time.perf_counter()
    # A tmux server of its own (-L): the default one is shared with anything else using tmux
    # on this machine and exits when its last session ends, racing the next new-session.
    subprocess.run(
        [
            "tmux",
            "-L",
            session,
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            f"cd {ROOT} && exec {command}",
        ],
        check=True,
    )
    try:
        deadline = start + 30
        while time.perf_counter() < deadline:
            pane = subprocess.run(
                ["tmux", "-L", session, "capture-pane", "-p", "-t", session],
                capture_output=True,
                text=True,
            ).stdout
            if TMUX_MARKERS[kind] in pane:
                return time.perf_counter() - start
            time.sleep(0.002)
        raise RuntimeError(f"{kind} did not draw its first screen in tmux")
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], capture_output=True)


def summarise(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "min_ms": round(min(samples) * 1000, 1),
    }


def ratios(samples: dict[str, list[float]]) -> dict[str, float]:
    """Median of each program over the bare Textual app's median."""
    bare = statistics.median(samples["bare"])
    return {k: round(statistics.median(v) / bare, 3) for k, v in samples.items() if k != "bare"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-tmux", action="store_true")
    args = parser.parse_args()
    headless: dict[str, list[float]] = {kind: [] for kind in KINDS}
    memory: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for kind in KINDS:  # warm the file cache once, unmeasured
        headless_once(kind)
    for _ in range(args.runs):
        for kind in KINDS:
            seconds, peak = headless_once(kind)
            headless[kind].append(seconds)
            memory[kind].append(peak)
    result: dict[str, object] = {
        "headless": {k: summarise(v) for k, v in headless.items()},
        "headless_ratio": ratios(headless),
        "peak_rss_mib": {k: round(statistics.median(v) / 1024, 1) for k, v in memory.items()},
    }
    if not args.no_tmux:
        in_tmux: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for _ in range(args.runs):
            for kind in KINDS:
                in_tmux[kind].append(tmux_once(kind))
        result["tmux"] = {k: summarise(v) for k, v in in_tmux.items()}
        result["tmux_ratio"] = ratios(in_tmux)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
