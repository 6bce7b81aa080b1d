"""Start-up benchmark: time to first screen, CPU time and peak memory of consent-app and
`consent-app --demo` against bare Textual.

Usage: uv run python bench/startup.py [--runs 15] [--no-tmux] [--no-bytecode-cache]
                                      [--before DIR]

Two ways, each alternating the programs so machine noise hits all alike:
- headless: spawn `first_screen_child.py`, stop the clock when it says the screen is ready;
  the child also reports its own CPU time (user + system) up to that moment, the figure a
  busy machine disturbs least;
- tmux: start the real command in a detached 80x24 tmux session and poll the pane until the
  first screen's text appears (a real terminal, as a person would start it).

Bytecode: a person's install has `__pycache__` (Python writes it on the first import), so
children run with bytecode caching allowed whatever this environment says
(PYTHONDONTWRITEBYTECODE is dropped), after one unmeasured run of each program that writes
the caches. `--no-bytecode-cache` measures the other case: only the standard library's
bytecode is read from a cache; Textual, the other libraries and our code are compiled from
source at every start.

`--before DIR` also runs the app and the demo from another checkout (for instance
`git archive <commit> | tar -x -C DIR`) with the same interpreter, interleaved with the rest,
and prints now/before ratios.

Prints a JSON summary (medians, ratios over bare Textual) that docs/benchmarks.md quotes.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = HERE / "first_screen_child.py"
# Bytecode settings of this environment that children never inherit (see Bytecode).
DROPPED = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
TMUX_MARKERS = {"bare": "Hello, world", "app": "Log in", "demo": "Log in"}


@dataclass(frozen=True)
class Program:
    """One thing to start: ``kind`` (bare, app, demo) from the code in ``tree``."""

    name: str
    kind: str
    tree: Path


@dataclass(frozen=True)
class Bytecode:
    """The bytecode-cache environment of every child.

    ``prefix`` None: caching allowed where Python normally keeps it. Otherwise children
    read and write caches only under ``prefix`` (PYTHONPYCACHEPREFIX), and ``writable``
    False stops them writing there.
    """

    prefix: Path | None = None
    writable: bool = True

    def env(self, base: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in base.items() if k not in DROPPED}
        if self.prefix is not None:
            env["PYTHONPYCACHEPREFIX"] = str(self.prefix)
        if not self.writable:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def shell_prefix(self) -> str:
        """The same for a command run by tmux (whose server may have another environment)."""
        unset = " ".join(f"-u {name}" for name in DROPPED)
        sets = [f"{k}={shlex.quote(v)}" for k, v in self.env({}).items()]
        return f"env {unset} {' '.join(sets)}".rstrip()


@contextmanager
def bytecode_cache(enabled: bool, programs: list[Program], tmux: bool) -> Iterator[Bytecode]:
    """Children's bytecode setting, after one unmeasured start of each program.

    Enabled: those starts write the caches, as a person's first start does. Disabled: they
    write into a private prefix, and everything but the standard library is removed from it
    again, so later starts compile the libraries and our code from source.
    """
    if enabled:
        warm_up(programs, Bytecode(), tmux)
        yield Bytecode()
        return
    prefix = Path(tempfile.mkdtemp(prefix="startup-pycache-"))
    try:
        warm_up(programs, Bytecode(prefix), tmux)
        stdlib = prefix / Path(sysconfig.get_paths()["stdlib"]).relative_to("/")
        keep = prefix / "stdlib-kept"
        shutil.move(stdlib, keep)
        for entry in prefix.iterdir():
            if entry != keep:
                shutil.rmtree(entry)
        stdlib.parent.mkdir(parents=True)
        shutil.move(keep, stdlib)
        yield Bytecode(prefix, writable=False)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def warm_up(programs: list[Program], setting: Bytecode, tmux: bool) -> None:
    """One unmeasured start of each program (the file cache, and the bytecode caches)."""
    for program in programs:
        headless_once(program, setting)
        if tmux:
            tmux_once(program, setting)


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


def headless_once(program: Program, setting: Bytecode) -> tuple[float, int, float]:
    """Wall seconds to the ready line, the child's peak RSS (KiB) and CPU seconds."""
    env = setting.env({**os.environ, "PYTHONPATH": str(program.tree)})
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), program.kind],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=program.tree,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    words = line.split()
    if len(words) != 3 or words[0] != "ready":
        raise RuntimeError(f"{program.name} did not report ready")
    return elapsed, int(words[1]), float(words[2])


def tmux_once(program: Program, setting: Bytecode) -> float:
    session = f"bench-{uuid.uuid4().hex[:8]}"
    if program.kind == "bare":
        command = f"{sys.executable} {CHILD} bare-interactive"
    elif program.kind == "demo":
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
            f"cd {shlex.quote(str(program.tree))} && exec {setting.shell_prefix()} {command}",
        ],
        check=True,
        env=setting.env(dict(os.environ)),
    )
    try:
        deadline = start + 30
        while time.perf_counter() < deadline:
            pane = subprocess.run(
                ["tmux", "-L", session, "capture-pane", "-p", "-t", session],
                capture_output=True,
                text=True,
            ).stdout
            if TMUX_MARKERS[program.kind] in pane:
                return time.perf_counter() - start
            time.sleep(0.002)
        raise RuntimeError(f"{program.name} did not draw its first screen in tmux")
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], capture_output=True)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def summarise(samples: list[float]) -> dict[str, float]:
    return {"median_ms": median_ms(samples), "min_ms": round(min(samples) * 1000, 1)}


def ratio(samples: dict[str, list[float]], kind: str, over: str) -> dict[str, float]:
    """``kind`` over ``over``: the ratio of their medians, and the median of the ratios
    within each round (the two ran one after the other, under about the same load, so the
    paired figure moves less when the machine's load drifts during the run)."""
    mine, theirs = samples[kind], samples[over]
    return {
        "of_medians": round(statistics.median(mine) / statistics.median(theirs), 3),
        "paired": round(statistics.median(a / b for a, b in zip(mine, theirs, strict=True)), 3),
    }


def ratios(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Every program over bare Textual."""
    return {kind: ratio(samples, kind, "bare") for kind in samples if kind != "bare"}


def now_over_before(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """The app and the demo over the same from the ``--before`` checkout."""
    return {
        kind: ratio(samples, kind, before)
        for kind in ("app", "demo")
        if (before := f"{kind}-before") in samples
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-tmux", action="store_true")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile everything but the standard library from source at every start",
    )
    parser.add_argument("--before", type=Path, help="a checkout to compare app and demo with")
    args = parser.parse_args()
    programs = [Program(kind, kind, ROOT) for kind in ("bare", "app", "demo")]
    if args.before is not None:
        before = args.before.resolve()
        programs += [Program(f"{kind}-before", kind, before) for kind in ("app", "demo")]
    load_at_start = os.getloadavg()
    headless = {program.name: Samples() for program in programs}
    in_tmux: dict[str, list[float]] = {program.name: [] for program in programs}
    tmux = not args.no_tmux
    with bytecode_cache(not args.no_bytecode_cache, programs, tmux) as setting:
        for _ in range(args.runs):
            for program in programs:
                seconds, peak, cpu = headless_once(program, setting)
                headless[program.name].wall.append(seconds)
                headless[program.name].cpu.append(cpu)
                headless[program.name].rss_kib.append(peak)
        if tmux:
            for _ in range(args.runs):
                for program in programs:
                    in_tmux[program.name].append(tmux_once(program, setting))
    walls = {name: s.wall for name, s in headless.items()}
    cpus = {name: s.cpu for name, s in headless.items()}
    result: dict[str, object] = {
        "bytecode_cache": not args.no_bytecode_cache,
        "runs": args.runs,
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "headless_wall": {k: summarise(v) for k, v in walls.items()},
        "headless_wall_ratio": ratios(walls),
        "headless_cpu": {k: summarise(v) for k, v in cpus.items()},
        "headless_cpu_ratio": ratios(cpus),
        "peak_rss_mib": {
            k: round(statistics.median(s.rss_kib) / 1024, 1) for k, s in headless.items()
        },
    }
    if args.before is not None:
        result["now_over_before_wall"] = now_over_before(walls)
        result["now_over_before_cpu"] = now_over_before(cpus)
    if not args.no_tmux:
        result["tmux_wall"] = {k: summarise(v) for k, v in in_tmux.items()}
        result["tmux_wall_ratio"] = ratios(in_tmux)
        if args.before is not None:
            result["now_over_before_tmux"] = now_over_before(in_tmux)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
