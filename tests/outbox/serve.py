"""A real ``consent-server`` for the fault tests, optionally stalling inside a write.

    python serve.py PORT [before-write|after-commit]

Settings come from ``CONSENT_*`` variables. With a stall mode the first preference write
touches the file named by ``STALL_MARKER`` and then sleeps, so the test can SIGKILL the
process at a known point: after the idempotency key was claimed but before the version was
written (``before-write``), or after the version was committed but before the answer went
out (``after-commit``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from consent_server import versioned_write as router  # where PUT writes
from consent_server.app import create_app
from consent_server.routers import preferences as preferences_endpoints  # where it answers
from consent_server.settings import ServerSettings


def _stall() -> None:
    Path(os.environ["STALL_MARKER"]).touch()
    time.sleep(60)


def _stalled_after(write: Callable[..., Any]) -> Callable[..., Any]:
    def stalled(*args: Any, **kwargs: Any) -> Any:
        written = write(*args, **kwargs)
        _stall()
        return written

    return stalled


def main() -> None:
    port, mode = int(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "")
    # The router module's own globals: patching them changes what its PUT handler calls.
    router_globals = vars(router)
    if mode == "before-write":
        original_write = router_globals["append_version"]

        def stalled_write(*args: Any, **kwargs: Any) -> Any:
            _stall()
            return original_write(*args, **kwargs)

        router_globals["append_version"] = stalled_write
    elif mode == "after-commit":
        # write_once (FastAPI's operation) and write_new_key (its fast path) commit and return
        # the answer; the endpoint module calls them by name.
        endpoint_globals = vars(preferences_endpoints)
        for name in ("write_once", "write_new_key"):
            endpoint_globals[name] = _stalled_after(endpoint_globals[name])
    app = create_app(ServerSettings())
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
