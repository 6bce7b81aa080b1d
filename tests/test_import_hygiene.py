"""Each part loads only what it needs, checked in a fresh interpreter's ``sys.modules``.

- client, server and shared models never load Textual;
- the server never loads the HTTP client package (``api_client``) or httpx: it shares only
  ``consent_common`` with the client;
- the app, everywhere except the demo, never loads the server or its libraries, so a home
  install without the ``server`` extra works;
- ``consent-app --help`` does not load Textual.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import consent_app

SERVER_LIBRARIES = {"consent_server", "fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn"}


def _modules_after_import(*modules: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return set(json.loads(out))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def _app_modules_except_the_demo() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(consent_app.__path__, "consent_app.")
        if info.name != "consent_app.demo"
    )


@pytest.mark.parametrize(
    "module",
    [
        "consent_common.models",
        "consent_common.activation_code",
        "api_client",
        "api_client.models",
        "consent_server.app",
        "consent_server.cli",
    ],
)
def test_client_server_and_shared_models_do_not_import_textual(module: str) -> None:
    assert "textual" not in _top_level(_modules_after_import(module))


def test_the_server_does_not_load_the_http_client() -> None:
    loaded = _top_level(
        _modules_after_import("consent_server.app", "consent_server.cli", "consent_server.admin")
    )
    assert "api_client" not in loaded
    assert "httpx" not in loaded


def test_shared_models_load_neither_client_nor_server() -> None:
    loaded = _top_level(_modules_after_import("consent_common.models"))
    assert not loaded & {"api_client", "httpx", *SERVER_LIBRARIES}


def test_client_does_not_import_the_server() -> None:
    assert not _top_level(_modules_after_import("api_client")) & SERVER_LIBRARIES


def test_the_app_outside_the_demo_does_not_import_the_server() -> None:
    modules = _app_modules_except_the_demo()
    assert "consent_app.app" in modules and "consent_app.screens.home" in modules
    assert not _top_level(_modules_after_import(*modules)) & SERVER_LIBRARIES


def test_app_cli_help_does_not_import_textual() -> None:
    """`consent-app --help` stays quick: Textual is imported only when a screen opens."""
    loaded = _modules_after_import("consent_app.cli")
    assert "textual" not in loaded


def test_the_plain_mode_does_not_import_textual() -> None:
    """`consent-app --plain` runs without Textual, so it starts fast and draws nothing."""
    loaded = _modules_after_import(
        "consent_app.cli", "consent_app.plain.run", "consent_app.plain.session"
    )
    assert {"consent_app.plain.wizard", "consent_app.plain.inbox_pages"} <= loaded
    assert "textual" not in _top_level(loaded)


def test_the_plain_mode_greets_before_loading_the_client() -> None:
    """The first lines of `--plain` need neither the client nor the outbox: those are built
    in a thread while the person answers the language question."""
    loaded = _top_level(
        _modules_after_import(
            "consent_app.cli",
            "consent_app.plain.run",
            "consent_app.plain.start",
            "consent_app.display_settings",
            "consent_app.deferred",
        )
    )
    assert not loaded & {"api_client", "httpx", "pydantic", "keyring", "cryptography", "textual"}
