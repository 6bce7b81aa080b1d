"""The client and the server must stay free of Textual (and the client of the server)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _modules_after_import(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return set(json.loads(out))


@pytest.mark.parametrize(
    "module",
    ["api_client", "api_client.models", "consent_server.app", "consent_server.cli"],
)
def test_client_and_server_do_not_import_textual(module: str) -> None:
    loaded = _modules_after_import(module)
    assert not {name for name in loaded if name == "textual" or name.startswith("textual.")}


def test_client_does_not_import_the_server() -> None:
    loaded = _modules_after_import("api_client")
    assert not {name for name in loaded if name.split(".")[0] in {"consent_server", "fastapi"}}


def test_app_cli_help_does_not_import_textual() -> None:
    """`consent-app --help` stays quick: Textual is imported only when a screen opens."""
    loaded = _modules_after_import("consent_app.cli")
    assert "textual" not in loaded
