"""CPU quotas for the load benchmark's server workers: they hold, and they are removed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.cpu_quota import QuotaUnavailable, cpu_quotas, find_controller
from bench.process_cpu import cpu_seconds

V1 = Path("/sys/fs/cgroup/cpu")
needs_cgroup_v1 = pytest.mark.skipif(
    not (os.access(V1, os.W_OK) and (V1 / "cpu.cfs_quota_us").exists()),
    reason="needs a writable cgroup v1 cpu controller (root)",
)


def group_of(pid: int) -> str:
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return path
    return ""


def test_without_a_writable_cpu_controller_the_quota_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(QuotaUnavailable, match="--cpu-per-worker needs the cgroup cpu"):
        find_controller(tmp_path / "no-v1", tmp_path / "no-v2")
    (tmp_path / "v2").mkdir()
    (tmp_path / "v2" / "cgroup.controllers").write_text("memory pids\n")
    with pytest.raises(QuotaUnavailable):
        find_controller(tmp_path / "no-v1", tmp_path / "v2")


def test_cgroup_v2_is_used_when_it_offers_the_cpu_controller(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    assert find_controller(tmp_path / "no-v1", tmp_path) == (tmp_path, 2)
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+cpu"


@needs_cgroup_v1
def test_a_limited_process_gets_no_more_than_its_quota_and_the_groups_go_away() -> None:
    burner = subprocess.Popen(
        [sys.executable, "-c", "import sys\nsys.stdin.readline()\nwhile True: pass\n"],
        stdin=subprocess.PIPE,
    )
    prefix = f"consent-test-{os.getpid()}"
    try:
        with cpu_quotas(prefix) as quotas:
            quotas.limit("worker-0", burner.pid, 0.1)
            assert group_of(burner.pid) == f"/{prefix}/worker-0"
            assert (V1 / prefix / "worker-0" / "cpu.cfs_quota_us").read_text().strip() == "10000"
            assert burner.stdin is not None
            burner.stdin.write(b"go\n")
            burner.stdin.flush()
            before, started = cpu_seconds(burner.pid), time.monotonic()
            time.sleep(2)
            used = cpu_seconds(burner.pid) - before
            assert used <= 0.1 * (time.monotonic() - started) + 0.05
            periods, stopped = quotas.throttled()["worker-0"]
            assert stopped > periods / 2
        assert group_of(burner.pid) == "/"
        assert not (V1 / prefix).exists()
    finally:
        burner.kill()
        burner.wait()


@needs_cgroup_v1
def test_the_groups_are_removed_when_the_run_fails() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    prefix = f"consent-test-fail-{os.getpid()}"
    try:
        with pytest.raises(RuntimeError), cpu_quotas(prefix) as quotas:
            quotas.limit("worker-0", sleeper.pid, 0.5)
            raise RuntimeError("the benchmark failed")
        assert group_of(sleeper.pid) == "/"
        assert not (V1 / prefix).exists()
    finally:
        sleeper.kill()
        sleeper.wait()
