"""What the app does before its first frame, seen from a fresh interpreter.

:func:`first_frame` starts ``consent-app`` (or the demo) headless in a new Python process,
as the start-up benchmark does, and reports at Textual's ``Ready`` (the first screen drawn):
the modules loaded by then, how often each piece of CSS was parsed and how often each
widget of the first screen was styled.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFERRED_WIDGETS = frozenset(
    {
        # Textual's: the text area costs more to import than all of ours the start needs.
        "textual.widgets._text_area",
        "textual.document",
        "textual.widgets._radio_set",
        "textual.widgets._radio_button",
        "textual.widgets._checkbox",
        "textual.widgets._toggle_button",
        # Ours, for the forms and choices of the other screens.
        "consent_app.widgets.passphrase_input",
        "consent_app.widgets.text_field",
        "consent_app.widgets.field_message",
        "consent_app.widgets.toggles",
        "consent_app.widgets.choices",
    }
)
"""Widgets the start screen does not show and must not import before its first frame."""

FIRST_SCREEN_MODULES = frozenset(
    {"consent_app.screens", "consent_app.screens.base", "consent_app.screens.start"}
)
"""The only screen modules loaded at the first frame: every other screen (the wizard, the
homes, login) is imported when it is first opened (see ``navigation``)."""

_REPORT = """
import collections, sys
from textual.css import stylesheet

parsed = collections.Counter()
_parse = stylesheet.parse

def counting_parse(scope, css, read_from, **options):
    parsed[" ".join(read_from).rstrip()] += 1
    return _parse(scope, css, read_from, **options)

stylesheet.parse = counting_parse

styled = collections.Counter()
_apply = stylesheet.Stylesheet.apply

def counting_apply(self, node, **options):
    styled[id(node)] += 1
    return _apply(self, node, **options)

stylesheet.Stylesheet.apply = counting_apply

from textual.screen import Screen

layouts = []
_refresh_layout = Screen._refresh_layout

def counting_refresh_layout(self, *args, **options):
    layouts.append(type(self).__name__)
    return _refresh_layout(self, *args, **options)

Screen._refresh_layout = counting_refresh_layout

from consent_app.app import ConsentApp

class FirstFrame(ConsentApp):
    def on_ready(self) -> None:
        import gc

        collecting = gc.isenabled()  # the app's own on_ready, after this one, resumes it
        loaded = sorted(sys.modules)  # before this report imports json
        import json
        panel = self.screen.query("#demo-info")
        widgets = list(self.screen.walk_children())
        print(json.dumps({
            "loaded": loaded,
            "parsed": parsed,
            "demo_panel": str(panel.first().render()) if panel else None,
            "styled": [[repr(widget), styled[id(widget)]] for widget in widgets],
            "focused": repr(self.screen.focused),
            "layouts": layouts,
            "collecting": collecting,
        }))
        self.exit()
"""

_RUN_APP = """
from consent_app.launch import build_app
build_app({"language": "en"}, app_class=FirstFrame).run(headless=True)
"""

_RUN_DEMO = """
from consent_app.demo import run_headless
run_headless(FirstFrame)
"""


@dataclass(frozen=True)
class FirstFrame:
    loaded: frozenset[str]
    """Every module imported when the first screen was drawn."""
    parsed: dict[str, int]
    """How often each CSS source (file or ``Class.DEFAULT_CSS``) was parsed by then."""
    demo_panel: str | None
    """The demo panel's text, in the demo."""
    styled: list[tuple[str, int]]
    """Each widget of the first screen (``repr``) and how often styles were applied to it."""
    focused: str
    """The focused widget (``repr``)."""
    layouts: list[str]
    """The screen (class name) of each layout by then."""
    collecting: bool
    """Whether Python's cyclic garbage collector was running (see consent_app.collector)."""

    def loaded_packages(self) -> set[str]:
        return {name.split(".")[0] for name in self.loaded}

    def screen_modules(self) -> set[str]:
        return {name for name in self.loaded if name.startswith("consent_app.screens")}


def first_frame(*, demo: bool = False, tmp_dir: Path | None = None) -> FirstFrame:
    """Start the app (or the demo) in a fresh interpreter and report its first frame."""
    env = dict(os.environ)
    if tmp_dir is not None:
        env["TMPDIR"] = str(tmp_dir)
    done = subprocess.run(
        [sys.executable, "-c", _REPORT + (_RUN_DEMO if demo else _RUN_APP)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    report = json.loads(done.stdout)
    return FirstFrame(
        frozenset(report["loaded"]),
        report["parsed"],
        report["demo_panel"],
        [(widget, count) for widget, count in report["styled"]],
        report["focused"],
        report["layouts"],
        report["collecting"],
    )
