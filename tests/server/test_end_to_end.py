"""The whole walking skeleton over real HTTP against a real ``consent-server serve`` process."""

from __future__ import annotations

import uuid

import httpx
import pytest

from consent_server import admin
from consent_server.settings import ServerSettings

pytestmark = pytest.mark.e2e


def test_register_log_in_save_and_read_back_over_http(
    live_server: str, live_server_database_url: str
) -> None:
    settings = ServerSettings(database_url=live_server_database_url)
    suffix = uuid.uuid4().hex[:8]
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, f"staff.{suffix}", "live staff passphrase")
        subject = admin.create_subject(db, settings, f"LIVE-{suffix}")
        code = admin.issue_activation_code(db, settings, subject.id).code

    with httpx.Client(base_url=live_server, timeout=10, follow_redirects=False) as http:
        assert http.get("/v1/health").json() == {"status": "ok"}
        registered = http.post(
            "/v1/registrations",
            json={
                "activation_code": code,
                "username": f"live.{suffix}",
                "passphrase": "live victim passphrase",
            },
        )
        assert registered.status_code == 201, registered.text
        session = http.post(
            "/v1/sessions",
            json={"username": f"live.{suffix}", "passphrase": "live victim passphrase"},
        ).json()
        auth = {"Authorization": f"Bearer {session['access_token']}"}
        url = f"/v1/subjects/{subject.id}/preferences"
        current = http.get(url, headers=auth)
        assert current.headers["etag"] == '"0"' and current.headers["cache-control"] == "no-store"
        saved = http.put(
            url,
            json={"inform": "no", "channels": [{"kind": "app"}]},
            headers={
                **auth,
                "If-Match": current.headers["etag"],
                "Idempotency-Key": uuid.uuid4().hex,
            },
        )
        assert saved.status_code == 200 and saved.json()["version"] == 1
        assert http.get(url, headers=auth).json()["inform"] == "no"
        receipt = http.get(f"/v1/subjects/{subject.id}/receipts/1", headers=auth).json()
        assert receipt["decision"] == "no"
        assert http.delete("/v1/sessions/current", headers=auth).status_code == 204
        assert http.get(url, headers=auth).status_code == 401


def test_concurrent_writes_on_one_version_let_exactly_one_win(
    live_server: str, live_server_database_url: str
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    settings = ServerSettings(database_url=live_server_database_url)
    suffix = uuid.uuid4().hex[:8]
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"RACE-{suffix}")
        code = admin.issue_activation_code(db, settings, subject.id).code
    with httpx.Client(base_url=live_server, timeout=30) as http:
        credentials = {"username": f"race.{suffix}", "passphrase": "racing victim passphrase"}
        http.post("/v1/registrations", json={"activation_code": code, **credentials})
        token = http.post("/v1/sessions", json=credentials).json()["access_token"]

    def write(n: int) -> int:
        headers = {
            "Authorization": f"Bearer {token}",
            "If-Match": '"0"',
            "Idempotency-Key": f"race-{n}",
        }
        body = {"inform": "yes" if n % 2 else "no"}
        with httpx.Client(base_url=live_server, timeout=30) as http:
            url = f"/v1/subjects/{subject.id}/preferences"
            return http.put(url, json=body, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(write, range(8)))
    assert statuses == [200] + [412] * 7
