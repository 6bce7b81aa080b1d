"""Small findings of the outside review (issue 10, "Also"): duplicate JSON keys, a lax
``to_version``, an over-long Idempotency-Key, ``reason``'s pattern, the SQLite file's mode."""

from __future__ import annotations

import os
import re
import stat
import uuid
from pathlib import Path

import pytest
from httpx import Client

from api_client.models import Role
from consent_server.app import context_of, create_app
from consent_server.idempotency import check_key
from consent_server.problems import ProblemError
from consent_server.settings import ServerSettings
from tests.server.helpers import preferences_url, put_preferences
from tests.server.world import new_account
from tests.support.accounts import Person, Seeded, mint_bearer


def _write_headers(headers: dict[str, str], version: int, key: str | None = None) -> dict[str, str]:
    return {
        **headers,
        "If-Match": f'"{version}"',
        "Idempotency-Key": key or uuid.uuid4().hex,
        "Content-Type": "application/json",
    }


@pytest.mark.parametrize(
    "body",
    [
        b'{"inform": "no", "inform": "yes"}',
        b'{"inform": "no", "safe_contact": {"hours": "9-12", "hours": "18-22"}}',
        b'{"inform": "no", "channels": [{"kind": "app", "kind": "post"}]}',
    ],
)
def test_a_key_named_twice_is_refused_and_nothing_is_stored(
    api: Client, victim: Person, headers: dict[str, str], body: bytes
) -> None:
    assert victim.subject_id is not None
    url = preferences_url(victim.subject_id)
    response = api.put(url, content=body, headers=_write_headers(headers, 0))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/duplicate-json-key")
    assert api.get(url, headers=headers).json()["version"] == 0


def test_duplicate_keys_are_refused_on_every_endpoint(api: Client, seeded: Seeded) -> None:
    login = api.post(
        "/v1/sessions",
        content=b'{"username": "someone", "username": "staff.member", "passphrase": "x"}',
        headers={"Content-Type": "application/json"},
    )
    assert (login.status_code, login.json()["type"].split("/")[-1]) == (422, "duplicate-json-key")
    staff = mint_bearer(seeded.app, seeded.staff_id)
    created = api.post(
        "/v1/subjects",
        content=b'{"reference": "CASE-A", "reference": "CASE-B"}',
        headers={**staff, "Content-Type": "application/json"},
    )
    assert created.status_code == 422
    # Equal keys in different objects are fine.
    fine = api.post(
        "/v1/subjects",
        content=b'{"reference": "CASE-C", "language": "nl"}',
        headers={**staff, "Content-Type": "application/json"},
    )
    assert fine.status_code == 201, fine.text


@pytest.mark.parametrize("to_version", ["1", 1.0, True])
def test_to_version_is_a_whole_number_not_a_string_or_a_float(
    api: Client, victim: Person, headers: dict[str, str], to_version: object
) -> None:
    assert victim.subject_id is not None
    assert put_preferences(api, headers, victim.subject_id, {"inform": "no"}, 0).status_code == 200
    assert put_preferences(api, headers, victim.subject_id, {"inform": "yes"}, 1).status_code == 200
    url = preferences_url(victim.subject_id) + "/revert"
    response = api.post(url, json={"to_version": to_version}, headers=_write_headers(headers, 2))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "to_version"]
    good = api.post(url, json={"to_version": 1}, headers=_write_headers(headers, 2))
    assert good.status_code == 200


@pytest.mark.parametrize("path", ["", "/revert"])
def test_an_idempotency_key_over_200_characters_is_a_400_like_other_bad_keys(
    api: Client, victim: Person, headers: dict[str, str], path: str
) -> None:
    assert victim.subject_id is not None
    url = preferences_url(victim.subject_id) + path
    body = {"to_version": 1} if path else {"inform": "no"}
    for bad in ("k" * 201, "with space"):
        response = api.request(
            "POST" if path else "PUT", url, json=body, headers=_write_headers(headers, 0, bad)
        )
        assert response.status_code == 400, (len(bad), response.text)
        assert response.json()["type"].endswith("/invalid-idempotency-key")
    if not path:
        longest = api.put(url, json=body, headers=_write_headers(headers, 0, "k" * 200))
        assert longest.status_code == 200


def test_the_reason_pattern_is_ascii_in_the_check_and_in_the_published_contract(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    _, notifier = new_account(seeded.app, Role.notifier, "notifier")
    headers = mint_bearer(seeded.app, notifier)
    url = f"/v1/subjects/{victim.subject_id}/notification-plan"
    for reason in ("Nº 12", "Zaak º4", "é", "٣"):
        response = api.get(url, params={"reason": reason}, headers=headers)
        assert response.status_code == 422, reason
    assert api.get(url, params={"reason": "Case 12/4 (#3)"}, headers=headers).status_code == 200
    operation = api.get("/openapi.json").json()["paths"][
        "/v1/subjects/{subject_id}/notification-plan"
    ]
    (parameter,) = [p for p in operation["get"]["parameters"] if p["name"] == "reason"]
    published = parameter["schema"]["anyOf"][0]["pattern"]
    assert "\\w" not in published
    assert re.fullmatch(published, "Nº 12") is None
    assert re.fullmatch(published, "Case 12/4 (#3)") is not None


def test_a_new_sqlite_database_and_its_wal_files_are_for_the_owner_only(
    tmp_path: Path,
) -> None:
    database = tmp_path / "fresh" / "server.sqlite3"
    before = os.umask(0o022)
    try:
        app = create_app(ServerSettings(database_url=f"sqlite:///{database}"))
    finally:
        os.umask(before)
    try:
        with context_of(app).engine.connect() as connection:  # WAL files exist while open
            connection.exec_driver_sql("SELECT 1")
            files = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm")]
            assert all(path.exists() for path in files)
            modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
        assert set(modes.values()) == {0o600}, modes
    finally:
        context_of(app).engine.dispose()


@pytest.mark.parametrize(
    ("key", "usable"),
    [
        ("!", True),
        ("~" * 200, True),
        ("a-b_c.d:e/f", True),
        ("", False),
        ("k" * 201, False),
        ("with space", False),
        ("tab\there", False),
        ("del\x7f", False),
        ("caf\u00e9", False),
        ("line\n", False),
    ],
)
def test_an_idempotency_key_is_1_to_200_printable_ascii_characters(key: str, usable: bool) -> None:
    if usable:
        assert check_key(key) == key
    else:
        with pytest.raises(ProblemError) as refused:
            check_key(key)
        assert refused.value.problem.status == 400
