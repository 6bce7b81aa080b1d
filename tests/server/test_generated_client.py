"""A client no one here wrote: openapi-python-client generates one from the served
``/openapi.json`` (no hand edits), and it walks the victim's journey against a real
``consent-server serve`` process on loopback."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from consent_server import admin
from consent_server.settings import ServerSettings

pytestmark = pytest.mark.e2e
PACKAGE = "consent_contract_client"
PASSPHRASE = "a journey through the contract"


@pytest.fixture
def generated(live_server: str, tmp_path: Path) -> Iterator[ModuleType]:
    """The generated package, imported from a temporary folder, forgotten afterwards."""
    document = tmp_path / "openapi.json"
    document.write_bytes(httpx.get(f"{live_server}/openapi.json", timeout=10).content)
    config = tmp_path / "config.json"
    config.write_text('{"post_hooks": []}')  # leave the generated code exactly as generated
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert generator is not None
    command = [generator, "generate", "--path", str(document), "--meta", "none"]
    command += ["--output-path", str(tmp_path / PACKAGE), "--config", str(config)]
    finished = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


class _Operations:
    """The generated modules of one tag, one per operation: ``preferences.read_history``."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __getattr__(self, operation: str) -> Any:
        return _module(f"{self.tag}.{operation}")


def test_the_generated_client_walks_the_victim_journey(
    generated: ModuleType, live_server: str, live_server_database_url: str
) -> None:
    settings = ServerSettings(database_url=live_server_database_url)
    suffix = uuid.uuid4().hex[:8]
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"GEN-{suffix}")
        code = admin.issue_activation_code(db, settings, subject.id).code
    models = _module("models")
    client_module = _module("client")
    anonymous = client_module.Client(base_url=live_server, raise_on_unexpected_status=True)
    username = f"generated.{suffix}"

    registered = _module("api.accounts.register").sync_detailed(
        client=anonymous,
        body=models.RegistrationRequest(
            activation_code=code, username=username, passphrase=PASSPHRASE
        ),
    )
    assert registered.status_code == 201 and registered.parsed.username == username

    session = _module("api.sessions.log_in").sync(
        client=anonymous, body=models.SessionRequest(username=username, passphrase=PASSPHRASE)
    )
    assert isinstance(session, models.Session)
    client = client_module.AuthenticatedClient(
        base_url=live_server, token=session.access_token, raise_on_unexpected_status=True
    )
    me = _module("api.me.read_me").sync(client=client)
    subject_id = me.subjects[0].subject_id
    assert subject_id == subject.id

    preferences = _Operations("api.preferences")
    read = preferences.read_preferences.sync_detailed(subject_id, client=client)
    assert read.status_code == 200 and read.headers["etag"] == '"0"'

    # GET, change, PUT: the document read is sent back as the body.
    document = read.parsed.to_dict()
    document["inform"] = "yes"
    write = models.PreferenceWrite.from_dict(document)
    key = str(uuid.uuid4())
    written = preferences.write_preferences.sync_detailed(
        subject_id, client=client, body=write, if_match=read.headers["etag"], idempotency_key=key
    )
    assert written.status_code == 200, written.content
    assert written.parsed.version == 1 and written.headers["etag"] == '"1"'

    replayed = preferences.write_preferences.sync_detailed(
        subject_id, client=client, body=write, if_match=read.headers["etag"], idempotency_key=key
    )
    assert replayed.status_code == 200 and replayed.parsed.version == 1

    stale = preferences.write_preferences.sync_detailed(
        subject_id,
        client=client,
        body=write,
        if_match=read.headers["etag"],
        idempotency_key=str(uuid.uuid4()),
    )
    assert stale.status_code == 412
    assert isinstance(stale.parsed, models.Problem)
    assert stale.parsed.type_.endswith("/precondition-failed")
    assert stale.parsed.current.version == 1

    history = preferences.read_history.sync(subject_id, client=client)
    assert [item.version for item in history.items] == [1]
    receipt = preferences.read_receipt.sync(subject_id, 1, client=client)
    assert receipt.version == 1 and receipt.decision.value == "yes"
