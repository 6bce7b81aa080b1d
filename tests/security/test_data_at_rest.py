"""Contact details and safe-contact notes are encrypted at rest and kept apart from decisions.

"At rest" is what someone with a copy of the database sees: on SQLite the file and its
write-ahead log byte for byte, on PostgreSQL every stored value (see ``stored_bytes``).
"""

from __future__ import annotations

import base64
import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Client, Response
from pydantic import SecretStr
from sqlalchemy import inspect, select, update

from consent_server.app import context_of
from consent_server.crypto import DataKeyError, generate_data_key, load_cipher
from consent_server.settings import ServerSettings
from consent_server.tables import ContactDetailsRow, PreferenceVersionRow
from tests.support.accounts import Login, Victim
from tests.support.databases import BOTH_BACKENDS, stored_bytes
from tests.support.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]

EMAIL = "verborgen.persoon@example.org"
PHONE = "+31 6 98765432"
ALT_ADDRESS = "Postbus 9123, 3500 AA Utrecht"
SENDER = "Fietsclub De Zwaluw"
HOURS = "di en do 10:15-11:45"
SECRETS = (EMAIL, PHONE, ALT_ADDRESS, SENDER, HOURS, "98765432", "Zwaluw", "10:15-11:45")


def private_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "inform": "yes",
        "recipients": "me",
        "channels": [{"kind": "email", "address": EMAIL}, {"kind": "phone", "address": PHONE}],
        "safe_contact": {
            "hours": HOURS,
            "days": ["tue", "thu"],
            "no_voicemail": True,
            "alternative_address": ALT_ADDRESS,
            "discreet_sender": SENDER,
            "household_must_not_know": True,
        },
    }
    body.update(changes)
    return body


def put(
    api: Client, headers: dict[str, str], subject: uuid.UUID | None, body: Any, version: int
) -> Response:
    return api.put(
        f"/v1/subjects/{subject}/preferences",
        json=body,
        headers={**headers, "If-Match": f'"{version}"', "Idempotency-Key": uuid.uuid4().hex},
    )


@pytest.mark.parametrize("database_url", BOTH_BACKENDS, indirect=True)
def test_contact_details_never_reach_storage_in_plain_text(
    server_app: FastAPI, server_settings: ServerSettings, api: Client, victim: Victim, login: Login
) -> None:
    headers = login(victim.username, victim.passphrase)
    key = uuid.uuid4().hex
    first = {**headers, "If-Match": '"0"', "Idempotency-Key": key}
    url = f"/v1/subjects/{victim.subject_id}/preferences"
    assert api.put(url, json=private_body(), headers=first).status_code == 200
    assert api.put(url, json=private_body(), headers=first).status_code == 200  # replay
    stale = put(api, headers, victim.subject_id, private_body(inform="no"), 0)
    assert stale.status_code == 412  # the conflict answer carries the details: not stored
    assert put(api, headers, victim.subject_id, private_body(inform="no"), 1).status_code == 200
    api.get(f"{url}/history", headers=headers)
    api.get(f"/v1/subjects/{victim.subject_id}/receipts/1", headers=headers)
    raw = stored_bytes(server_app, server_settings)
    assert b"$argon2id$" in raw  # the scan really sees stored rows
    for secret in SECRETS:
        assert secret.encode() not in raw, secret
        assert secret.encode("utf-16-le") not in raw, secret
    # And the people who may read it still get it back.
    assert api.get(url, headers=headers).json()["channels"][0]["address"] == EMAIL


def test_decisions_and_contact_details_live_in_separate_tables(server_app: FastAPI) -> None:
    engine = context_of(server_app).engine
    columns = {c["name"] for c in inspect(engine).get_columns("contact_details")}
    assert columns == {"id", "preference_version_id", "subject_id", "ciphertext"}
    decisions = {c["name"] for c in inspect(engine).get_columns("preference_versions")}
    for free_text in ("address", "hours", "alternative_address", "discreet_sender", "channels"):
        assert free_text not in decisions


def test_ciphertext_is_bound_to_its_version(
    server_app: FastAPI, api: Client, victim: Victim, login: Login
) -> None:
    """Copying one version's ciphertext onto another does not decrypt (GCM associated data)."""
    headers = login(victim.username, victim.passphrase)
    assert put(api, headers, victim.subject_id, private_body(), 0).status_code == 200
    other = private_body(channels=[{"kind": "post", "address": "Elders 1"}])
    assert put(api, headers, victim.subject_id, other, 1).status_code == 200
    with context_of(server_app).sessions() as db:
        rows = db.execute(
            select(PreferenceVersionRow.version, ContactDetailsRow.ciphertext).join(
                ContactDetailsRow,
                ContactDetailsRow.preference_version_id == PreferenceVersionRow.id,
            )
        ).all()
        by_version = dict(rows)
        db.execute(
            update(ContactDetailsRow)
            .where(ContactDetailsRow.ciphertext == by_version[2])
            .values(ciphertext=by_version[1])
        )
        db.commit()
    quiet = TestClient(server_app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = quiet.get(f"/v1/subjects/{victim.subject_id}/preferences", headers=headers)
    assert response.status_code == 500
    assert EMAIL not in response.text and "Elders" not in response.text


def test_another_key_cannot_read_the_details(
    server_app: FastAPI, server_settings: ServerSettings, victim: Victim, login: Login, api: Client
) -> None:
    headers = login(victim.username, victim.passphrase)
    assert put(api, headers, victim.subject_id, private_body(), 0).status_code == 200
    with context_of(server_app).sessions() as db:
        blob = db.scalars(select(ContactDetailsRow.ciphertext)).one()
    stranger = load_cipher(
        ServerSettings(
            database_url=server_settings.database_url, data_key=SecretStr(generate_data_key())
        )
    )
    with pytest.raises(DataKeyError):
        stranger.decrypt(blob, f"{victim.subject_id}:1")


def test_a_server_database_needs_a_configured_key() -> None:
    """Only a local SQLite file gets a generated key file beside it; a server needs config."""
    settings = ServerSettings(database_url="postgresql+psycopg://db.invalid/consent")
    with pytest.raises(DataKeyError):
        load_cipher(settings)


def test_the_configured_key_does_not_show_in_settings_output() -> None:
    key = generate_data_key()
    settings = ServerSettings(database_url="sqlite:///x.sqlite3", data_key=SecretStr(key))
    assert key not in repr(settings) and key not in str(settings)
    assert key not in settings.model_dump_json()


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout
    return [REPO / name for name in listed.decode().split("\0") if name]


_KEY_LIKE = re.compile(rb"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{43}=(?![A-Za-z0-9_\-=])")


def test_no_data_key_is_kept_in_the_repository() -> None:
    files = _tracked_files()
    assert files, "not a git checkout"
    assert [f for f in files if f.suffix in {".key", ".pem"} or f.name.endswith(".sqlite3")] == []
    found = []
    for path in files:
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        for match in _KEY_LIKE.finditer(path.read_bytes()):
            if len(base64.urlsafe_b64decode(match.group())) == 32:
                found.append(f"{path.relative_to(REPO)}: {match.group()[:6].decode()}...")
    assert found == []
