"""Textual calls an event handler such as ``on_mount`` once for every class in a screen's
lineage that defines it. A subclass that also calls ``super().on_mount()`` runs the base's
handler twice: the assisted wizard set itself up twice and lost the answers held across the
auto-lock (tests/app/test_lock_keeps_answers.py), and the representatives list was asked for
twice (the second request cancelled the first, so far always before it was sent)."""

from __future__ import annotations

import ast
from pathlib import Path

APP_SOURCES = Path(__file__).resolve().parents[2] / "consent_app"


def _handlers_calling_their_base(source: str) -> list[str]:
    """Names of ``on_*`` / ``_on_*`` handlers that call the same handler on ``super()``."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        name = function.name
        if not name.lstrip("_").startswith("on_") or name == "on_event":
            continue  # on_event is the message pump itself, not a dispatched handler
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == name
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id == "super"
            ):
                found.append(f"{name} (line {function.lineno})")
    return found


def test_the_check_finds_a_handler_calling_its_base() -> None:
    source = "class A(B):\n    def on_mount(self) -> None:\n        super().on_mount()\n"
    assert _handlers_calling_their_base(source) == ["on_mount (line 2)"]


def test_no_event_handler_calls_its_base_handler_again() -> None:
    offenders = {
        str(path.relative_to(APP_SOURCES)): found
        for path in sorted(APP_SOURCES.rglob("*.py"))
        if (found := _handlers_calling_their_base(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
