"""Python's garbage collector is paused while the app starts and runs again from its first
frame on, however the start ends (consent_app.collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from consent_app import collector, demo, launch
from consent_app.app import ConsentApp
from tests.support.first_frame import first_frame
from tests.support.pilot import SIZE, MakeApp

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _collector_running_after() -> Iterator[None]:
    yield
    collector.resume()
    gc.enable()


def test_pause_stops_it_and_resume_starts_it_again() -> None:
    collector.pause()
    assert not gc.isenabled()
    collector.resume()
    assert gc.isenabled()


def test_resume_leaves_a_collector_stopped_by_someone_else_stopped() -> None:
    gc.disable()
    collector.pause()
    collector.resume()
    assert not gc.isenabled()


def test_the_demo_starts_without_it_until_its_first_frame() -> None:
    assert not first_frame(demo=True).collecting


async def test_the_first_frame_resumes_it(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    collector.pause()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled()


def test_it_runs_again_when_the_app_fails_before_its_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing_build(*args: object, **kwargs: object) -> None:
        assert not gc.isenabled()  # paused before the app's imports
        raise RuntimeError("no app")

    monkeypatch.setattr(launch, "build_app", failing_build)
    with pytest.raises(RuntimeError, match="no app"):
        launch.run_app({})
    assert gc.isenabled()


def test_it_runs_again_when_the_demo_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_folder() -> None:
        raise OSError("no room")

    monkeypatch.setattr(demo, "demo_folder", no_folder)
    with pytest.raises(OSError, match="no room"):
        demo.run_headless(ConsentApp)
    assert gc.isenabled()
