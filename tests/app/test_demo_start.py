"""`consent-app --demo` draws its start screen first and starts the embedded server behind it."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from consent_app.demo import DemoBackend
from consent_app.launch import build_app
from tests.support.first_frame import DEFERRED_WIDGETS, FIRST_SCREEN_MODULES, first_frame
from tests.support.pilot import SIZE, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_the_demo_start_screen_is_drawn_before_the_server_stack_is_imported(
    tmp_path: Path,
) -> None:
    first = first_frame(demo=True, tmp_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # its demo folder is gone
    heavy = {"fastapi", "sqlalchemy", "uvicorn", "alembic", "httpx", "consent_server", "click"}
    heavy |= {"pydantic", "api_client", "keyring"}
    assert not heavy & first.loaded_packages()
    assert not {"secrets", "hashlib", "json"} & first.loaded  # the seed's passphrases come later
    assert not DEFERRED_WIDGETS & first.loaded
    assert first.screen_modules() == FIRST_SCREEN_MODULES
    assert first.demo_panel is not None
    assert "The server on this computer is starting" in first.demo_panel


async def test_the_codes_appear_once_the_embedded_server_is_up_and_it_stops_after(
    tmp_path: Path,
) -> None:
    backend = DemoBackend(tmp_path)
    app = build_app(
        {"language": "en", "server_url": backend.base_url},
        demo_info=backend.describe,
        prepare=backend.start,
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            deadline = time.monotonic() + 60
            while "codes:" not in screen_text(app) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            await settle(app, pilot)
            assert backend.seed is not None
            shown = screen_text(app)
            assert "is starting" not in shown
            assert f"codes: {'  '.join(backend.seed.victim_codes)}" in shown
            assert app.client.health().status == "ok"
    finally:
        backend.stop()
    port = int(backend.base_url.rsplit(":", 1)[1])
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


async def test_a_demo_that_closes_before_its_server_started_does_not_start_it(
    tmp_path: Path,
) -> None:
    backend = DemoBackend(tmp_path)
    backend.stop()
    with pytest.raises(RuntimeError):
        backend.start()
    assert json.dumps(backend.describe())  # still describable, no codes
    assert backend.seed is None
