"""An Idempotency-Key is never left "in progress" by a request that failed or a process that
died: the retry is carried out at once instead of waiting (409) for about a minute."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from httpx import Client

from consent_server.access import log_access
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from tests.server.helpers import put_preferences
from tests.support.accounts import Person

BODY = {"inform": "no"}


def test_a_request_that_fails_unexpectedly_frees_its_key(
    lenient_api: Client,
    victim: Person,
    headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert victim.subject_id is not None
    target = "consent_server.versioned_write.log_access"

    def fail_once(*args: object, **kwargs: object) -> None:
        monkeypatch.setattr(target, log_access)
        raise RuntimeError("the disk filled up")  # a fault the tests cannot cause for real

    monkeypatch.setattr(target, fail_once)
    failed = put_preferences(lenient_api, headers, victim.subject_id, BODY, 0, key="retry-me")
    assert failed.status_code == 500
    retried = put_preferences(lenient_api, headers, victim.subject_id, BODY, 0, key="retry-me")
    assert retried.status_code == 200, retried.text
    assert retried.json()["version"] == 1


# Claims the key and writes a version the way the server does, then dies before committing.
_DIE_MID_WRITE = textwrap.dedent(
    """
    import datetime as dt, json, os, signal, sys, uuid
    from api_client.models import PreferenceWrite
    from consent_server import idempotency
    from consent_server.access import SubjectGrant
    from consent_server.context import build_context
    from consent_server.preferences import write_version
    from consent_server.settings import ServerSettings
    from consent_server.tables import AccountRow, SubjectRow

    given = json.loads(sys.argv[1])
    now = dt.datetime.fromisoformat(given["now"])
    settings = ServerSettings(
        database_url=given["url"], data_key=given["key"], clock=lambda: now
    )
    ctx = build_context(settings)
    subject_id, account_id = uuid.UUID(given["subject"]), uuid.UUID(given["account"])
    body = PreferenceWrite.model_validate(given["body"])
    target = f"PUT /v1/subjects/{{subject_id}}/preferences {subject_id}"
    with ctx.sessions() as db:
        claimed = idempotency.begin(db, ctx, idempotency.KeyedWrite(
            account_id, given["idempotency_key"], subject_id,
            idempotency.fingerprint(target, body), 1,
        ))
        assert not isinstance(claimed, idempotency.Replay)
        subject, account = db.get(SubjectRow, subject_id), db.get(AccountRow, account_id)
        write_version(db, ctx, SubjectGrant(subject, "self", frozenset()), account, body, 0)
        db.flush()
        print("mid-write", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_server_killed_mid_write_leaves_its_key_free(
    api: Client,
    server_settings: ServerSettings,
    victim: Person,
    headers: dict[str, str],
    clock: MovableClock,
) -> None:
    assert victim.subject_id is not None
    data_key = server_settings.data_key
    given = {
        "url": server_settings.database_url,
        "key": None if data_key is None else data_key.get_secret_value(),
        "now": clock().isoformat(),
        "subject": str(victim.subject_id),
        "account": str(victim.account_id),
        "idempotency_key": "killed-key",
        "body": BODY,
    }
    died = subprocess.run(
        [sys.executable, "-c", _DIE_MID_WRITE, json.dumps(given)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert died.stdout.strip() == "mid-write"
    # Same clock, no time passes: the retry goes through at once.
    retried = put_preferences(api, headers, victim.subject_id, BODY, 0, key="killed-key")
    assert retried.status_code == 200, retried.text
    assert retried.json()["version"] == 1
    again = put_preferences(api, headers, victim.subject_id, BODY, 0, key="killed-key")
    assert (again.status_code, again.json()["version"]) == (200, 1)  # replayed, not written
    assert uuid.UUID(retried.json()["subject_id"]) == victim.subject_id


def test_duplicates_sent_at_the_same_time_get_one_write_and_one_answer(
    api: Client, victim: Person, headers: dict[str, str]
) -> None:
    """The claim is not committed before the write: a duplicate waits for the first request
    (unique index or write lock) and then replays its answer, whichever comes first."""
    assert victim.subject_id is not None
    subject_id = victim.subject_id

    def send(_: int) -> tuple[int, int]:
        response = put_preferences(api, headers, subject_id, BODY, 0, key="same-moment")
        return response.status_code, response.json().get("version", -1)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(send, range(6)))
    assert answers == [(200, 1)] * 6
    history = api.get(f"/v1/subjects/{subject_id}/preferences/history", headers=headers).json()
    assert [item["version"] for item in history["items"]] == [1]
