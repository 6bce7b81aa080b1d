"""Child process for the start-up benchmark: run one app until its first screen is ready.

`python bench/first_screen_child.py bare|app|demo` prints one line
`ready <peak_rss_kib> <cpu_seconds>` as soon as Textual has mounted and drawn the first
screen, then exits. The parent measures wall time from spawning this process to reading that
line, so interpreter start and imports count; ``cpu_seconds`` is this process's own user and
system time up to that moment (all threads), which a busy machine disturbs much less than
wall time.
"""

from __future__ import annotations

import resource
import sys


def _report_and_exit(app: object) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    sys.stdout.write(f"ready {usage.ru_maxrss} {cpu:.4f}\n")
    sys.stdout.flush()
    app.exit()  # type: ignore[attr-defined]


def _pause_collector() -> None:
    """As ``run_app`` does before it imports the app; a ``--before`` checkout from before
    ``consent_app.collector`` existed starts without."""
    try:
        from consent_app import collector
    except ImportError:
        return
    collector.pause()


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello, world")

        def on_ready(self) -> None:
            _report_and_exit(self)

    Hello().run(headless=True)


def run_bare_interactive() -> None:
    """The same hello-world in a real terminal (for the tmux measurement)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello, world")

    Hello().run()


def run_consent_app() -> None:
    """The real app as `consent-app` builds it (settings and client follow the first screen)."""
    _pause_collector()
    from consent_app.app import ConsentApp
    from consent_app.launch import build_app

    class Measured(ConsentApp):
        # Textual calls the handler of every class in the MRO, so the app's own runs too.
        def on_ready(self) -> None:
            _report_and_exit(self)

    app = build_app({"language": "en"}, app_class=Measured)
    try:
        app.run(headless=True)
    finally:
        app.close_client()


def run_demo() -> None:
    """`consent-app --demo` as ``run_demo`` wires it: the backend starts behind the screen."""
    _pause_collector()
    from consent_app.app import ConsentApp
    from consent_app.demo import run_headless

    class Measured(ConsentApp):
        def on_ready(self) -> None:
            _report_and_exit(self)

    run_headless(Measured)


if __name__ == "__main__":
    runners = {
        "bare": run_bare,
        "bare-interactive": run_bare_interactive,
        "app": run_consent_app,
        "demo": run_demo,
    }
    runners[sys.argv[1]]()
