"""A value built in a background thread, so the first screen does not wait for it.

The app's settings (pydantic-settings) and its API client (httpx, pydantic models) cost
more to import than Textual itself. They are not needed to draw the start screen, so the
app starts building them once that screen is shown and takes them when first needed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Deferred(Generic[T]):
    """Build ``factory()`` once, in a thread started by :meth:`start` or on first :meth:`get`."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self._value: T | None = None
        self._error: BaseException | None = None

    @classmethod
    def ready(cls, value: T) -> Deferred[T]:
        """An already built value (tests and callers that have one at hand)."""
        deferred: Deferred[T] = cls(lambda: value)
        deferred._value = value
        deferred._started = True
        deferred._done.set()
        return deferred

    @property
    def is_ready(self) -> bool:
        return self._done.is_set()

    def start(self) -> None:
        """Begin building in a daemon thread (no-op when already begun)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._build, name="deferred-build", daemon=True).start()

    def get(self) -> T:
        """The value, building it here if nobody started it; re-raises a build error."""
        with self._lock:
            build_here = not self._started
            self._started = True
        if build_here:
            self._build()
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def _build(self) -> None:
        try:
            self._value = self._factory()
        except BaseException as error:  # handed to whoever calls get()
            self._error = error
        finally:
            self._done.set()
