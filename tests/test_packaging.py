"""The wheel installs without the server: a victim's home install pulls no backend libraries.

Builds the wheel, installs it with its base dependencies only (no extras) into a fresh
virtual environment, offline from uv's cache and pinned by uv.lock, and uses it as a person
at home would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER_LIBRARIES = ["fastapi", "uvicorn", "sqlalchemy", "alembic", "argon2", "psycopg"]


def _uv(*args: str, env: dict[str, str] | None = None) -> None:
    uv = shutil.which("uv")
    command = [uv] if uv else [sys.executable, "-m", "uv"]
    subprocess.run([*command, *args], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def home_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the wheel and its base dependencies; returns its bin folder."""
    folder = tmp_path_factory.mktemp("home-install")
    _uv("build", "--wheel", "--offline", "--quiet", "--out-dir", str(folder / "dist"))
    [wheel] = (folder / "dist").glob("*.whl")
    venv = folder / "venv"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["UV_PROJECT_ENVIRONMENT"] = str(venv)
    # The base dependencies at the versions uv.lock pins (offline: from the cache), then the
    # wheel itself, so what is tested is the built artefact, not the source folder.
    _uv("sync", "--locked", "--offline", "--no-dev", "--no-install-project", "--quiet", env=env)
    _uv("pip", "install", "--offline", "--no-deps", "--quiet", "--python", str(venv), str(wheel))
    return venv / "bin"


def _run(bin_folder: Path, *args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONSENT_", "PYTHON"))}
    env["CONSENT_APP_LANGUAGE"] = language
    return subprocess.run(
        [str(bin_folder / args[0]), *args[1:]],
        cwd=bin_folder.parent,  # not the checkout: nothing may come from the source folder
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_app_runs_from_the_wheel_without_the_server(home_install: Path) -> None:
    done = _run(home_install, "consent-app", "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: consent-app" in done.stdout


def test_the_client_imports_and_no_server_library_is_installed(home_install: Path) -> None:
    code = (
        "import importlib.util, json, api_client, consent_app.app\n"
        f"names = {SERVER_LIBRARIES!r}\n"
        "print(json.dumps({n: importlib.util.find_spec(n) is not None for n in names}))\n"
    )
    done = _run(home_install, "python", "-c", code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == dict.fromkeys(SERVER_LIBRARIES, False)


def test_the_server_command_without_the_server_says_how_to_install_it(home_install: Path) -> None:
    done = _run(home_install, "consent-server", "migrate")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert 'pip install "consent-app[server]"' in line


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "The demo needs the server part"), ("nl", "Voor de demo is het serverdeel nodig")],
)
def test_the_demo_without_the_server_says_how_to_install_it(
    home_install: Path, language: str, words: str
) -> None:
    done = _run(home_install, "consent-app", "--demo", language=language)
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert words in line
    assert 'pip install "consent-app[demo]"' in line
