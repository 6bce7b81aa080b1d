"""The real `consent-app --demo` in a real 80x24 terminal, driven as a person would."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.tmux import TmuxSession

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not TmuxSession.available(), reason="tmux is not installed"),
]

ROOT = Path(__file__).resolve().parents[2]
USERNAME = "e2e-person"
PASSPHRASE = "a calm and private passphrase"


@pytest.fixture
def demo() -> Iterator[TmuxSession]:
    consent_app = Path(sys.executable).with_name("consent-app")
    # The shell stays after the app ends, so the test can read what the terminal kept.
    session = TmuxSession(
        f"cd {ROOT} && {consent_app} --demo --language en; echo app-ended; sleep 120"
    )
    try:
        yield session
    finally:
        session.close()


def test_register_choose_no_send_and_the_server_records_no(demo: TmuxSession) -> None:
    start = demo.wait_for("codes:", timeout=120)
    code = re.search(r"codes: (\S+)", start).group(1)  # type: ignore[union-attr]
    server = re.search(r"server (http://127\.0\.0\.1:\d+)", start).group(1)  # type: ignore[union-attr]

    demo.keys("Tab", "Enter")  # "Register with an activation code"
    demo.wait_for("Choose a username")
    demo.type(code)
    demo.keys("Tab")
    demo.type(USERNAME)
    demo.keys("Tab")
    demo.type(PASSPHRASE)
    demo.keys("Tab")
    demo.type(PASSPHRASE)
    demo.keys("Enter")
    demo.wait_for("Change my choices")

    demo.keys("Enter")  # "Change my choices"
    demo.wait_for("Do you want to be told")
    demo.keys("Down", "Space")  # "No, I do not want to be told" (nothing chosen yet)
    assert "(•) No, I do not want to be told" in demo.screen()
    demo.keys("C-n")
    demo.wait_for("Check your answers")
    demo.keys("Enter")  # "Confirm and send"
    receipt = demo.wait_for("Receipt")
    assert "Sent. Version 1" in demo.wait_for("Sent.")
    assert "No, you do not want to be informed" in receipt

    with httpx.Client(base_url=server, timeout=30) as api:
        session = api.post("/v1/sessions", json={"username": USERNAME, "passphrase": PASSPHRASE})
        assert session.status_code == 201
        headers = {"Authorization": f"Bearer {session.json()['access_token']}"}
        subject = api.get("/v1/me", headers=headers).json()["subjects"][0]["subject_id"]
        recorded = api.get(f"/v1/subjects/{subject}/preferences", headers=headers).json()
    assert recorded["inform"] == "no"
    assert recorded["version"] == 1

    demo.keys("C-q")  # leave instantly
    demo.wait_for("app-ended", timeout=30)
    kept = demo.history()
    for trace in (USERNAME, "Receipt", code, "Your choices", "informed"):
        assert trace not in kept
