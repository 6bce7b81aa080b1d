"""The server keeps idempotency records long enough for an offline client (in-process)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from httpx import Client, Response
from sqlalchemy import func, select

from consent_server import idempotency
from consent_server.app import context_of
from consent_server.clock import MovableClock
from consent_server.settings import ServerSettings
from consent_server.tables import IdempotencyRecordRow
from tests.support.accounts import Login, Victim


def put(
    api: Client, headers: dict[str, str], subject: uuid.UUID, body: Any, version: int, key: str
) -> Response:
    return api.put(
        f"/v1/subjects/{subject}/preferences",
        json=body,
        headers={**headers, "If-Match": f'"{version}"', "Idempotency-Key": key},
    )


def record_count(server_app: FastAPI) -> int:
    with context_of(server_app).sessions() as db:
        return db.scalar(select(func.count()).select_from(IdempotencyRecordRow)) or 0


def test_default_retention_covers_a_client_that_was_offline_for_weeks(
    server_settings: ServerSettings,
) -> None:
    assert server_settings.idempotency_retention.days >= 90


def test_a_retry_a_month_later_replays_the_first_answer(
    server_app: FastAPI, api: Client, victim: Victim, login: Login, clock: MovableClock
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert victim.subject_id is not None
    first = put(api, headers, victim.subject_id, {"inform": "no"}, 0, "offline-key")
    clock.advance(days=30)
    headers = login(victim.username, victim.passphrase)  # the old session has expired
    again = put(api, headers, victim.subject_id, {"inform": "no"}, 0, "offline-key")
    assert again.status_code == first.status_code == 200
    assert again.json()["version"] == first.json()["version"] == 1


def test_records_past_the_retention_are_purged_and_the_key_is_free(
    server_app: FastAPI, api: Client, victim: Victim, login: Login, clock: MovableClock
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert victim.subject_id is not None
    put(api, headers, victim.subject_id, {"inform": "no"}, 0, "old-key")
    assert record_count(server_app) == 1
    clock.advance(days=91)
    with context_of(server_app).sessions() as db:
        assert idempotency.purge_expired(db, context_of(server_app), force=True) == 1
        db.commit()
    assert record_count(server_app) == 0
    headers = login(victim.username, victim.passphrase)
    reused = put(api, headers, victim.subject_id, {"inform": "yes"}, 1, "old-key")
    assert reused.status_code == 200 and reused.json()["version"] == 2


def test_an_expired_record_not_yet_purged_does_not_block_its_key(
    server_app: FastAPI, api: Client, victim: Victim, login: Login, clock: MovableClock
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert victim.subject_id is not None
    put(api, headers, victim.subject_id, {"inform": "no"}, 0, "k")
    clock.advance(days=90, minutes=30)
    idempotency._last_purge[id(context_of(server_app))] = clock()  # swept a moment ago
    headers = login(victim.username, victim.passphrase)
    other = put(api, headers, victim.subject_id, {"inform": "yes"}, 1, "k")
    assert other.status_code == 200 and other.json()["version"] == 2


def test_a_validation_failure_is_not_stored_so_it_can_be_corrected(
    server_app: FastAPI, api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert victim.subject_id is not None
    bad = put(api, headers, victim.subject_id, {"inform": "perhaps"}, 0, "fix-me")
    assert bad.status_code == 422
    assert record_count(server_app) == 0
    good = put(api, headers, victim.subject_id, {"inform": "no"}, 0, "fix-me")
    assert good.status_code == 200


def test_a_412_is_not_stored_and_the_key_works_with_the_right_version(
    server_app: FastAPI, api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert victim.subject_id is not None
    assert put(api, headers, victim.subject_id, {"inform": "no"}, 7, "k412").status_code == 412
    assert record_count(server_app) == 0
    assert put(api, headers, victim.subject_id, {"inform": "no"}, 0, "k412").status_code == 200


def test_the_in_progress_timeout_is_a_setting(
    server_app: FastAPI,
    server_settings: ServerSettings,
    api: Client,
    victim: Victim,
    login: Login,
    clock: MovableClock,
) -> None:
    import datetime as dt

    from api_client.models import PreferenceWrite

    server_settings.idempotency_in_progress_timeout = dt.timedelta(seconds=5)
    headers = login(victim.username, victim.passphrase)
    assert victim.subject_id is not None
    target = f"PUT /v1/subjects/{{subject_id}}/preferences {victim.subject_id}"
    with context_of(server_app).sessions() as db:
        db.add(
            IdempotencyRecordRow(
                account_id=victim.account_id,
                key="dying",
                subject_id=victim.subject_id,
                request_hash=idempotency.fingerprint(
                    target, PreferenceWrite.model_validate({"inform": "no"})
                ),
                in_progress=True,
                created_at=clock(),
            )
        )
        db.commit()
    busy = put(api, headers, victim.subject_id, {"inform": "no"}, 0, "dying")
    assert busy.status_code == 409 and busy.headers["retry-after"] == "1"
    clock.advance(seconds=6)
    assert put(api, headers, victim.subject_id, {"inform": "no"}, 0, "dying").status_code == 200
