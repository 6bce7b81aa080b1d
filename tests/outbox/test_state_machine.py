"""Any interleaving of saves, failures, restarts and conflicts ends with the server holding
every confirmed change exactly once, in the order it was confirmed.

The server is the real app in-process on a SQLite file. Failures come from a transport that
drops the connection before the request reaches the server, or after the server answered (the
answer is lost): faults that cannot be caused deterministically otherwise.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from api_client import ConsentClient
from api_client.models import Inform, PreferenceChoices, PreferenceWrite
from consent_app.conflicts import MergeChoice
from consent_app.outbox import EntryState, Outbox
from consent_app.sync import SyncEngine
from consent_server import admin
from consent_server.app import context_of, create_app
from consent_server.settings import ServerSettings
from tests.support.testclient import TestClient

from .helpers import publish_questions

PASSPHRASE = "a long and private passphrase"


class FaultyTransport(httpx.BaseTransport):
    """Passes requests to the app, unless told to fail before or after it handles them."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.mode = "ok"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.mode == "down":
            raise httpx.ConnectError("connection refused", request=request)
        response = self.inner.handle_request(request)
        if self.mode == "lose-answer":
            response.read()
            raise httpx.ReadError("connection reset", request=request)
        return response


@pytest.fixture
def in_process_server(fresh_sqlite_url: str) -> Iterator[tuple[ServerSettings, TestClient]]:
    settings = ServerSettings(
        database_url=fresh_sqlite_url,
        registrations_per_client=100_000,  # one new person per example
        login_attempts_per_client=100_000,
    )
    app = create_app(settings)
    with TestClient(app, base_url="http://127.0.0.1") as api:
        yield settings, api
    context_of(app).engine.dispose()


def test_outbox_and_sync_lose_nothing_and_duplicate_nothing(
    in_process_server: tuple[ServerSettings, TestClient], tmp_path: Path
) -> None:
    server_settings, api = in_process_server
    directories = itertools.count()
    # Every change carries a marker ("c<n>" mine, "o<n>" someone else's) in questions_version;
    # there are at most 25 examples of 20 steps.
    publish_questions(
        server_settings.database_url, *(f"{who}{n}" for who in "co" for n in range(600))
    )

    def new_person() -> tuple[uuid.UUID, str]:
        with admin.connect(server_settings) as db:
            subject = admin.create_subject(db, server_settings, f"R-{uuid.uuid4().hex[:10]}")
            code = admin.issue_activation_code(db, server_settings, subject.id).code
            subject_id = subject.id
        username = f"v{uuid.uuid4().hex[:12]}"
        body = {"activation_code": code, "username": username, "passphrase": PASSPHRASE}
        assert api.post("/v1/registrations", json=body).status_code == 201
        return subject_id, username

    class OutboxMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.subject_id, username = new_person()
            self.transport = FaultyTransport(api._transport)
            self.device = ConsentClient("http://127.0.0.1", transport=self.transport, max_retries=0)
            self.device.login(username, PASSPHRASE)
            self.other = ConsentClient("http://127.0.0.1", transport=api._transport)
            self.other.login(username, PASSPHRASE)  # a second device: the other editor
            self.path = tmp_path / f"device-{next(directories)}" / "store.bin"
            self.key = bytes(range(32))
            self.ticks = itertools.count(step=1000)
            self.restart()
            self.known = self.other.get_preferences(self.subject_id)
            self.confirmed: list[tuple[str, uuid.UUID]] = []
            self.withdrawn: set[uuid.UUID] = set()
            self.counter = itertools.count(1)

        @rule()
        def restart(self) -> None:
            """The app is closed and opened again: everything comes back from the file."""
            self.outbox = Outbox(self.path, self.key)
            self.engine = SyncEngine(
                self.outbox, self.device, monotonic=lambda: float(next(self.ticks))
            )

        @rule(protective=st.booleans(), inform=st.sampled_from(list(Inform)))
        def confirm(self, protective: bool, inform: Inform) -> None:
            """The person confirms a change, built on what they see (their unsent change first)."""
            seen = self.outbox.latest_write(self.subject_id) or self.known
            base = PreferenceChoices.model_validate(
                seen.model_dump(include=set(PreferenceChoices.model_fields))
            )
            marker = f"c{next(self.counter)}"
            choices = base.model_dump(mode="json")
            if protective and base.inform is not Inform.no:
                choices["inform"] = "no"
            else:
                choices["inform"] = inform.value
                choices["safe_contact"]["hours"] = marker
            write = PreferenceWrite.model_validate({**choices, "questions_version": marker})
            entry = self.outbox.enqueue(
                self.subject_id, write, base_version=self.known.version, base=base
            )
            self.confirmed.append((marker, entry.entry_id))

        @rule(mode=st.sampled_from(["ok", "down", "lose-answer"]))
        def network(self, mode: str) -> None:
            self.transport.mode = mode

        @rule()
        def flush(self) -> None:
            self.engine.flush_once()
            if self.transport.mode == "ok":
                self.known = self.device.get_preferences(self.subject_id)

        @rule()
        def someone_else_says_yes(self) -> None:
            current = self.other.get_preferences(self.subject_id)
            marker = f"o{next(self.counter)}"
            choices = current.model_dump(include=set(PreferenceChoices.model_fields), mode="json")
            choices.update(inform="yes", language="en" if current.language == "nl" else "nl")
            write = PreferenceWrite.model_validate({**choices, "questions_version": marker})
            self.other.put_preferences(self.subject_id, write, if_match=current.version)

        @precondition(lambda self: bool(self.outbox.needs_decision()))
        @rule(choice=st.sampled_from(list(MergeChoice)))
        def decide(self, choice: MergeChoice) -> None:
            entry = self.outbox.needs_decision()[0]
            self.outbox.resolve(entry.entry_id, choice)
            if choice is MergeChoice.keep_theirs:
                self.withdrawn.add(entry.entry_id)

        @invariant()
        def no_change_is_lost_from_the_outbox(self) -> None:
            kept = {entry.entry_id for entry in self.outbox.entries()}
            assert {entry_id for _, entry_id in self.confirmed} <= kept

        def teardown(self) -> None:
            try:
                self.heal_and_check()
            finally:
                self.device.close()
                self.other.close()

        def heal_and_check(self) -> None:
            self.transport.mode = "ok"
            self.engine.reconnected()
            for _ in range(50):
                self.engine.flush_once()
                for entry in self.outbox.needs_decision():
                    self.outbox.resolve(entry.entry_id, MergeChoice.keep_mine)
                if not any(
                    e.state in (EntryState.pending, EntryState.needs_decision)
                    for e in self.outbox.entries()
                ):
                    break
            states = {e.entry_id: e for e in self.outbox.entries()}
            expected = [m for m, entry_id in self.confirmed if entry_id not in self.withdrawn]
            for marker, entry_id in self.confirmed:
                wanted = EntryState.withdrawn if entry_id in self.withdrawn else EntryState.sent
                assert states[entry_id].state is wanted, (marker, states[entry_id].state)
            versions = []
            cursor = None
            while True:
                page = self.other.history(self.subject_id, cursor=cursor, limit=100)
                versions.extend(page.items)
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
            versions.sort(key=lambda v: v.version)
            mine = [v.questions_version for v in versions if v.questions_version.startswith("c")]
            assert mine == expected
            for marker, entry_id in self.confirmed:
                if entry_id not in self.withdrawn:
                    number = states[entry_id].result_version
                    [version] = [v for v in versions if v.version == number]
                    assert version.questions_version == marker

    OutboxMachine.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    OutboxMachine.TestCase().runTest()
