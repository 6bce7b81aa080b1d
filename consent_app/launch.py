"""Build the app (settings and client deferred until the first screen shows) and run it.

Used by the command line and by the demo; kept apart from ``cli`` so that neither has to
import the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api_client import ConsentClient
    from consent_app.app import ConsentApp
    from consent_app.settings import AppSettings


def build_app(
    overrides: dict[str, object],
    *,
    demo_info: str | Callable[[], str] | None = None,
    app_class: type[ConsentApp] | None = None,
    prepare: Callable[[], object] | None = None,
) -> ConsentApp:
    """The app, with settings and client built in the background after the first screen.

    Importing pydantic and httpx costs more than Textual itself, so the start screen is drawn
    from the few settings it needs (``display_settings``) and the rest follows. ``prepare``
    runs in that background step before the settings (the demo starts its server there).
    """
    from consent_app.app import ConsentApp
    from consent_app.deferred import Deferred
    from consent_app.display_settings import read_display_settings

    def load_settings() -> AppSettings:
        from consent_app.settings import AppSettings

        if prepare is not None:
            prepare()
        return AppSettings(**overrides)  # type: ignore[arg-type]

    settings = Deferred(load_settings)

    def make_client() -> ConsentClient:
        from api_client import ConsentClient

        loaded = settings.get()
        return ConsentClient(loaded.server_url, timeout=loaded.request_timeout_seconds)

    return (app_class or ConsentApp)(
        settings,
        Deferred(make_client),
        display=read_display_settings(overrides),
        demo_info=demo_info,
    )


def run_app(
    overrides: dict[str, object],
    *,
    demo_info: str | Callable[[], str] | None = None,
    prepare: Callable[[], object] | None = None,
) -> int:
    """Run the TUI and return its exit code."""
    from consent_app import collector

    with collector.paused():  # from before the app's imports; the first frame resumes it
        app = build_app(overrides, demo_info=demo_info, prepare=prepare)
        try:
            app.run()
        finally:
            app.close_client()
            app.after_exit()
    return app.return_code or 0
