"""An error that escapes the app is logged with where it happened, never with its message.

uvicorn logs such an error with its traceback ("Exception in ASGI application"), and an
exception's message can carry what a person typed or a row's values.
"""

from __future__ import annotations

import logging
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from consent_server.crypto import generate_data_key
from consent_server.log_format import MESSAGE_HIDDEN, HiddenMessagesFormatter
from tests.support.server_processes import server_env, serving

PERSONAL = "Jansen 06-12345678"

# The real `consent-server serve` (its uvicorn options, its logging) with one route added
# that fails: an unexpected error is a fault the app itself cannot be made to cause.
FAULTY_SERVER = textwrap.dedent(
    f"""
    import sys
    import consent_server.app as server_app

    real_create_app = server_app.create_app

    def create_app(settings):
        app = real_create_app(settings)

        @app.get("/v1/fault")
        def fault():
            raise ValueError({PERSONAL!r})

        return app

    server_app.create_app = create_app
    from consent_server.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.e2e
def test_the_servers_log_of_an_unexpected_error_holds_no_message(tmp_path: Path) -> None:
    env = server_env(f"sqlite:///{tmp_path / 'server.db'}", generate_data_key())
    log = tmp_path / "server.log"
    with serving(env, log, program=("-c", FAULTY_SERVER)) as server:
        assert httpx.get(f"{server.base_url}/v1/fault", timeout=10).status_code == 500
    text = log.read_text(errors="replace")
    assert "Exception in ASGI application" in text
    assert "builtins.ValueError: " + MESSAGE_HIDDEN in text
    assert "in fault" in text  # where it happened is still there
    assert PERSONAL not in text


def _raise_with_a_cause() -> None:
    try:
        {"known": 1}[PERSONAL]
    except KeyError as error:
        raise RuntimeError(f"lookup failed for {PERSONAL}") from error


def test_a_traceback_keeps_the_chain_and_the_frames_without_the_messages() -> None:
    try:
        _raise_with_a_cause()
    except RuntimeError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = HiddenMessagesFormatter("%(message)s").format(record)
    assert PERSONAL not in text
    assert "builtins.KeyError: " + MESSAGE_HIDDEN in text
    assert "builtins.RuntimeError: " + MESSAGE_HIDDEN in text
    assert text.index("KeyError") < text.index("Which led to") < text.index("RuntimeError")
    assert "in _raise_with_a_cause" in text
