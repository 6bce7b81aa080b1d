"""Deferred start: the start screen is drawn first, then settings and client are built.

Importing pydantic and httpx costs more than Textual itself; :class:`Deferred` values let
the app show its first screen before them. A broken configuration is reported once, calmly,
after the terminal is restored.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from consent_app.navigation import ScreenName

if TYPE_CHECKING:
    from consent_app.app import ConsentApp

# How long after the first screen is ready to start building: Textual writes to the terminal
# from its own thread, which an import holding the GIL would delay.
PREPARE_DELAY_SECONDS = 0.15


class Startup:
    def __init__(self, app: ConsentApp) -> None:
        self._app = app
        self.problem: str | None = None
        """One translated line for stderr when the configuration is unusable."""

    def begin(self, *, already_built: bool) -> None:
        """Call once the start screen is ready."""
        if already_built:  # nothing to build (tests, or built by the caller)
            self._prepare()
        else:
            self._app.set_timer(PREPARE_DELAY_SECONDS, self._prepare, name="prepare")

    def _prepare(self) -> None:
        self._app.run_worker(self._build, thread=True, exclusive=True, group="prepare")

    def _build(self) -> None:
        from consent_app.textual_internals import wait_until_written

        # The first screen reaches the terminal before anything heavy (the demo imports the
        # whole server stack here) competes with Textual's writer for the processor.
        wait_until_written(self._app)
        try:
            self._app.build_client()  # builds the settings first
        except Exception as error:  # bad configuration: say so once, calmly, and stop
            from consent_app.messages import startup_problem

            self._app.from_worker(self._stop, startup_problem(error))
            return
        if self._app.demo_info is not None:  # the demo's codes exist now
            self._app.from_worker(self._app.refresh_demo_info)
        # Changes confirmed here that could not be read: say so first, then carry on.
        problem = self._app.sync.unreadable_changes()
        if problem is not None:
            opens = partial(self._app.open_screen, callback=self._after_outbox_problem)
            self._app.from_worker(opens, ScreenName.unreadable_outbox, *problem)
            return
        self._app.from_worker(self._app.remember.restore)

    def _after_outbox_problem(self, _removed: bool | None) -> None:
        self._app.remember.restore()

    def _stop(self, line: str) -> None:
        self.problem = line  # printed by ConsentApp.run() once the terminal is restored
        self._app.exit(return_code=2)
