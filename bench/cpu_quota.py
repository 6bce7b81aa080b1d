"""CPU quotas for benchmark processes with Linux control groups (cgroup v1 or v2).

``bench/load.py --cpu-per-worker Q`` puts every server worker process into a control group
of its own that may use at most Q cores (Q × the period per period), so that the server,
and not the machine, is what limits throughput. The groups are removed again at the end
(their processes moved back to the root group first), also when the run fails.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PERIOD_US = 100_000
V1_ROOT = Path("/sys/fs/cgroup/cpu")
V2_ROOT = Path("/sys/fs/cgroup")


class QuotaUnavailable(RuntimeError):
    """Neither a writable cgroup v1 cpu controller nor cgroup v2 with cpu is available."""


def _v2_has_cpu(root: Path) -> bool:
    with contextlib.suppress(OSError):
        return "cpu" in (root / "cgroup.controllers").read_text().split()
    return False


def _writable(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK)


@dataclass
class CpuQuotas:
    """Control groups created by this run, one per limited process."""

    top: Path
    """The controller's root group, where the processes go back to."""
    root: Path
    """This run's group; the limited groups are inside it."""
    version: int
    groups: dict[str, Path] = field(default_factory=dict)

    def limit(self, name: str, pid: int, cores: float) -> None:
        """Put process ``pid`` (all its threads) into group ``name`` allowed ``cores``."""
        group = self.groups.get(name)
        if group is None:
            group = self.root / name
            group.mkdir(exist_ok=True)
            self.groups[name] = group
            quota = max(1000, round(cores * PERIOD_US))
            if self.version == 1:
                (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
                (group / "cpu.cfs_quota_us").write_text(str(quota))
            else:
                (group / "cpu.max").write_text(f"{quota} {PERIOD_US}")
        (group / "cgroup.procs").write_text(str(pid))

    def throttled(self) -> dict[str, tuple[int, int]]:
        """Per group: (periods in which it ran, periods in which the quota stopped it)."""
        result = {}
        for name, group in self.groups.items():
            stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines())
            result[name] = (int(stat.get("nr_periods", 0)), int(stat.get("nr_throttled", 0)))
        return result

    def remove_all(self) -> None:
        """Move every process back to the root group and remove the groups."""
        for group in self.groups.values():
            with contextlib.suppress(OSError):
                for pid in (group / "cgroup.procs").read_text().split():
                    with contextlib.suppress(OSError):  # it may have ended meanwhile
                        (self.top / "cgroup.procs").write_text(pid)
            with contextlib.suppress(FileNotFoundError):
                group.rmdir()
        self.groups.clear()


def find_controller(v1_root: Path = V1_ROOT, v2_root: Path = V2_ROOT) -> tuple[Path, int]:
    """The cpu controller's root and its cgroup version; QuotaUnavailable when neither is
    usable."""
    if _writable(v1_root) and (v1_root / "cpu.cfs_quota_us").exists():
        return v1_root, 1
    if _v2_has_cpu(v2_root) and _writable(v2_root):
        with contextlib.suppress(OSError):  # let child groups have the cpu controller
            (v2_root / "cgroup.subtree_control").write_text("+cpu")
        return v2_root, 2
    raise QuotaUnavailable(
        f"--cpu-per-worker needs the cgroup cpu controller writable: neither {v1_root} "
        f"(cgroup v1) nor {v2_root} with cpu in cgroup.controllers (cgroup v2) is; run as "
        "root on a machine where cgroups are mounted read-write"
    )


@contextlib.contextmanager
def cpu_quotas(prefix: str) -> Iterator[CpuQuotas]:
    """Groups named ``prefix-…``, removed when the block ends however it ends."""
    root, version = find_controller()
    quotas = CpuQuotas(root, root / prefix, version)
    quotas.root.mkdir(exist_ok=True)
    if version == 2:
        with contextlib.suppress(OSError):
            (quotas.root / "cgroup.subtree_control").write_text("+cpu")
    try:
        yield quotas
    finally:
        quotas.remove_all()
        with contextlib.suppress(FileNotFoundError):
            quotas.root.rmdir()
