"""The start screen's early settings agree with the full settings, and cost no pydantic."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from consent_app.display_settings import read_display_settings
from consent_app.settings import AppSettings
from tests.support.first_frame import DEFERRED_WIDGETS, FIRST_SCREEN_MODULES, first_frame

ENVIRONMENTS = [
    {},
    {"LANG": "nl_NL.UTF-8"},
    {"LANG": "en_GB.UTF-8", "CONSENT_APP_LANGUAGE": "nl"},
    {"consent_app_theme": "high-contrast", "CONSENT_APP_AUTO_LOCK_SECONDS": "42"},
    {"CONSENT_APP_AUTO_LOCK_SECONDS": "600", "CONSENT_APP_AUTO_LOCK_WARNING_SECONDS": "0"},
    {"CONSENT_APP_REDUCE_MOTION": "1"},
    {"consent_app_reduce_motion": "Yes"},
    {"CONSENT_APP_REDUCE_MOTION": "off"},
]


@pytest.mark.parametrize("environ", ENVIRONMENTS)
def test_early_display_settings_match_the_full_settings(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert read_display_settings() == AppSettings().display()


def test_command_line_language_wins_in_both() -> None:
    overrides = {"language": "nl"}
    assert read_display_settings(overrides, environ={"LANG": "en_US"}).language == "nl"
    assert AppSettings(language="nl").display().language == "nl"


def test_unreadable_values_fall_back_to_defaults_instead_of_failing() -> None:
    early = read_display_settings(
        environ={"CONSENT_APP_THEME": "neon", "CONSENT_APP_AUTO_LOCK_SECONDS": "soon"}
    )
    assert early.theme == "default"
    assert early.auto_lock_seconds == 300


def test_drawing_the_start_screen_needs_neither_pydantic_nor_httpx() -> None:
    """What `consent-app` imports before its first screen: Textual and our own light modules."""
    code = (
        "import json, sys\n"
        "from consent_app.launch import build_app\n"
        "import consent_app.screens.start\n"
        "build_app({'language': 'en'})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = set(
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        )
    )
    heavy = {"pydantic", "pydantic_settings", "httpx", "api_client", "keyring", "babel"}
    assert not heavy & loaded


def test_the_first_frame_loads_neither_the_client_nor_widgets_it_does_not_show() -> None:
    first = first_frame()
    heavy = {"pydantic", "pydantic_settings", "httpx", "api_client", "keyring", "babel", "json"}
    assert not heavy & first.loaded_packages()
    assert not DEFERRED_WIDGETS & first.loaded
    assert first.screen_modules() == FIRST_SCREEN_MODULES


def test_each_piece_of_css_is_parsed_once_before_the_first_frame() -> None:
    """Textual would parse the start screen's CSS seven times (see ParseOnceStylesheet)."""
    parsed = first_frame().parsed
    assert "TranslatedButton.BUTTON_CSS" in " ".join(parsed)  # the costliest piece is there
    # Not Textual's whole button CSS, which costs twice as much (see widgets/button_css.py).
    assert "Button.DEFAULT_CSS" not in " ".join(parsed)
    assert any(source.endswith("app.tcss") for source in parsed)
    assert set(parsed.values()) == {1}


def test_an_insecure_server_address_ends_the_app_with_one_translated_line() -> None:
    code = (
        "from consent_app.launch import build_app\n"
        "app = build_app({'language': 'en', 'server_url': 'http://example.org'})\n"
        "app.run(headless=True)\n"
        "raise SystemExit(app.return_code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "The server address must start with https:// (http:// only on this computer)."
    ]
