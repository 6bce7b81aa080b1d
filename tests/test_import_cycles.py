"""No module of the app imports itself through others.

Every import that runs counts, also one inside a function: a lazy import that dodges a
cycle at start-up still ties the modules together (see ``tests.support.import_graph``).
Screens reach each other by name through ``consent_app.navigation``, which imports a screen
only when it is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import consent_app
from consent_app import navigation
from tests.support.import_graph import Edge, cycles, import_edges

APP_ROOT = Path(consent_app.__file__).parent


def _app_edges() -> list[Edge]:
    return import_edges(APP_ROOT, "consent_app")


def test_the_app_has_no_import_cycle() -> None:
    found = cycles(_app_edges())
    assert found == [], "modules that import each other (directly or round about): " + "; ".join(
        " ↔ ".join(group) for group in found
    )


def test_the_navigation_table_loads_screens_only_when_shown() -> None:
    # Screens import the table for the names (``ScreenName``); the table imports a screen's
    # module only when it is first shown, never at import, so the start stays fast and the
    # names do not tie every screen to every other.
    static = [edge.target for edge in _app_edges() if edge.source == "consent_app.navigation"]
    assert static == []


@pytest.mark.parametrize("name", list(navigation.ScreenName))
def test_every_screen_name_opens_a_screen(name: navigation.ScreenName) -> None:
    module = navigation.SCREENS[name].partition(":")[0]
    assert module.startswith("consent_app.screens.")
    navigation.screen_class(name)  # imports it; raises when the entry is wrong


def test_finds_a_cycle_made_by_a_lazy_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def later():\n    from pkg.a import thing\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n"
    )
    edges = import_edges(package, "pkg")
    assert cycles(edges) == [["pkg.a", "pkg.b"]]
    assert [edge.lazy for edge in edges if edge.source == "pkg.b"] == [True]
