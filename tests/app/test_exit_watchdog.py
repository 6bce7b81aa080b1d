"""When leaving after SIGHUP or SIGTERM hangs (the terminal is gone and the app's orderly exit
waits on it), the last resort still removes what must not stay behind and ends the process.
A real process gets a real signal; its "app" never leaves, as a hung one would not."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = """
import os, signal, sys, time
from pathlib import Path
from consent_app import exit_signals

exit_signals.GRACE_SECONDS = 0.5
exit_signals.install()
exit_signals.route_to_app(lambda: None)  # an app that never manages to leave
leftover = Path(sys.argv[1])
leftover.write_text("personal data")
exit_signals.on_last_resort(leftover.unlink)
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("sent", [signal.SIGHUP, signal.SIGTERM])
def test_a_hung_exit_after_a_signal_still_cleans_up_and_ends(
    tmp_path: Path, sent: signal.Signals
) -> None:
    leftover = tmp_path / "demo.db"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(leftover)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        assert leftover.exists()
        started = time.monotonic()
        child.send_signal(sent)
        assert child.wait(timeout=20) == 128 + sent
        assert time.monotonic() - started < 15  # not the 60 s the hung "app" would take
        assert not leftover.exists()
    finally:
        child.kill()
        child.wait()
