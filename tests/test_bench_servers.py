"""The benchmarks' servers run the code they are told to run.

``bench/load.py --compare-source DIR`` measures a server from another source tree (an
export of an older commit) against this one; if that server quietly imported this tree's
code, every "before and after" would compare the code with itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.server_process import running_server

FAKE_CLI = """
import os, sys
with open(os.environ["BENCH_MARKER"], "a") as marker:
    marker.write(sys.argv[1] + "\\n")
sys.exit(0 if sys.argv[1] == "migrate" else 3)
"""


def test_a_server_from_another_source_tree_runs_that_trees_code(tmp_path: Path) -> None:
    source = tmp_path / "older"
    (source / "consent_server").mkdir(parents=True)
    (source / "consent_server" / "__init__.py").write_text("")
    (source / "consent_server" / "cli.py").write_text(FAKE_CLI)
    marker = tmp_path / "ran"
    with (
        pytest.raises(RuntimeError, match="did not start"),
        running_server(
            f"sqlite:///{tmp_path}/unused.db",
            extra_env={"BENCH_MARKER": str(marker)},
            source=source,
        ),
    ):
        pass  # the fake server exits at once
    assert marker.read_text().split() == ["migrate", "serve"]
