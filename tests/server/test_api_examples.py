"""Every curl example in docs/api.md works as printed: each block runs in bash, top to
bottom, against a real ``consent-server serve`` on loopback, with its placeholders set as
environment variables; and every operation of the contract has an example."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_client.models import Role
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.topics import ALL_TOPICS_JSON

pytestmark = pytest.mark.e2e
API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"```sh\n# (\w+)\n(.*?)```", re.S)
PASSPHRASE = "a long and private passphrase"
NEW_PASSPHRASE = "another long private passphrase"
# After these the victim's access token no longer works (a refresh replaces it; a new
# passphrase or logging out ends it): log in again.
SESSION_ENDING = {"refreshSession", "changePassphrase", "logOut"}


def _examples() -> list[tuple[str, str]]:
    return [(match[1], match[2]) for match in BLOCK.finditer(API_DOC.read_text())]


class People:
    """The accounts and records the placeholders stand for, made on the live server."""

    def __init__(self, base: str, database_url: str) -> None:
        self.base = base
        self.settings = ServerSettings(database_url=database_url)
        self.suffix = uuid.uuid4().hex[:8]
        self.http = httpx.Client(base_url=base, timeout=20)

    def record_with_code(self, role: str = "victim") -> tuple[uuid.UUID, str]:
        with admin.connect(self.settings) as db:
            subject = admin.create_subject(db, self.settings, f"EX-{uuid.uuid4().hex[:10]}")
            return subject.id, admin.issue_activation_code(db, self.settings, subject.id, role).code

    def registered(self, name: str, role: str = "victim") -> tuple[str, uuid.UUID]:
        subject_id, code = self.record_with_code(role)
        username = f"{name}.{self.suffix}"
        body = {"activation_code": code, "username": username, "passphrase": PASSPHRASE}
        assert self.http.post("/v1/registrations", json=body).status_code == 201
        return username, subject_id

    def log_in(self, username: str, passphrase: str = PASSPHRASE) -> dict[str, str]:
        response = self.http.post(
            "/v1/sessions", json={"username": username, "passphrase": passphrase}
        )
        assert response.status_code == 201, response.text
        session: dict[str, str] = response.json()
        return session

    def finding(self, notifier_token: str, subject_id: uuid.UUID) -> dict[str, Any]:
        response = self.http.post(
            f"/v1/subjects/{subject_id}/findings",
            json={"kind": "material_online", "case_reference": "ZAAK-1", "authority": "Politie"},
            headers={
                "Authorization": f"Bearer {notifier_token}",
                "Idempotency-Key": uuid.uuid4().hex,
            },
        )
        assert response.status_code == 201, response.text
        finding: dict[str, Any] = response.json()
        return finding

    def queued_delivery(self, notifier_token: str) -> str:
        """A finding for a victim reached by e-mail: its delivery waits for an outcome."""
        victim, subject_id = self.registered("example.mail")
        token = self.log_in(victim)["access_token"]
        body = {
            "inform": "yes",
            "topics": ALL_TOPICS_JSON,  # topics left out are unticked
            "recipients": "me",
            "channels": [{"kind": "email", "address": "example@example.org"}],
        }
        headers = {
            "Authorization": f"Bearer {token}",
            "If-Match": '"0"',
            "Idempotency-Key": uuid.uuid4().hex,
        }
        written = self.http.put(
            f"/v1/subjects/{subject_id}/preferences", json=body, headers=headers
        )
        assert written.status_code == 200, written.text
        (delivery,) = self.finding(notifier_token, subject_id)["deliveries"]
        assert delivery["state"] == "queued", delivery
        return str(delivery["id"])

    def account(self, name: str, role: Role) -> str:
        username = f"{name}.{self.suffix}"
        with admin.connect(self.settings) as db:
            admin.create_account(db, self.settings, username, PASSPHRASE, role)
        return self.log_in(username)["access_token"]


def test_every_curl_example_in_the_api_docs_works_as_printed(
    live_server: str, live_server_database_url: str
) -> None:
    examples = _examples()
    documented = {name for name, _ in examples}
    contract = httpx.get(f"{live_server}/openapi.json", timeout=10).json()
    operations = {
        operation["operationId"]
        for item in contract["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert documented == operations
    assert len(examples) == len(documented)

    people = People(live_server, live_server_database_url)
    victim, subject = people.registered("example.victim")
    session = people.log_in(victim)
    bearer = {"Authorization": f"Bearer {session['access_token']}"}
    rep_username, _ = people.registered("example.rep", "representative")
    other_rep, _ = people.registered("example.rep2", "representative")
    mandate = people.http.post(
        f"/v1/subjects/{subject}/delegations",
        json={"representative_username": other_rep, "kind": "lawyer", "permissions": ["view"]},
        headers=bearer,
    )
    invitation = people.http.post(
        "/v1/invitations",
        json={"subject_id": str(subject), "kind": "lawyer", "permissions": ["view"]},
        headers=bearer,
    )
    people.http.post(
        "/v1/invitations",
        json={"subject_id": str(subject), "kind": "guardian", "permissions": ["view"]},
        headers=bearer,
    )
    pending = people.http.get(f"/v1/subjects/{subject}/invitations", headers=bearer).json()
    new_subject, _ = people.record_with_code()
    _, code = people.record_with_code()
    notifier = people.account("example.notifier", Role.notifier)
    delivery = people.queued_delivery(notifier)
    waiting_subject, _ = people.record_with_code()
    people.finding(notifier, waiting_subject)  # no decision yet: on the first-contact list
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("CONSENT_")},
        "BASE": live_server,
        "TOKEN": session["access_token"],
        "REFRESH": session["refresh_token"],
        "PASSPHRASE": PASSPHRASE,
        "NEW_PASSPHRASE": NEW_PASSPHRASE,
        "SUBJECT": str(subject),
        "STAFF_TOKEN": people.account("example.staff", Role.staff),
        "REP_TOKEN": people.account("example.rep3", Role.representative),
        "NOTIFIER_TOKEN": notifier,
        "DELIVERY": delivery,
        "WAITING_SUBJECT": str(waiting_subject),
        "REFERENCE": f"EX-NEW-{people.suffix}",
        "NEW_SUBJECT": str(new_subject),
        "CODE": code,
        "USERNAME": f"example.new.{people.suffix}",
        "INVITATION": invitation.json()["code"],
        "REP_USERNAME": rep_username,
        "DELEGATION": mandate.json()["id"],
        "PENDING": pending[-1]["id"],
    }
    for name, block in examples:
        env["KEY"] = str(uuid.uuid4())
        finished = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert finished.returncode == 0, (name, finished.stdout, finished.stderr)
        if name in SESSION_ENDING:
            if name == "changePassphrase":
                env["PASSPHRASE"] = NEW_PASSPHRASE
            env["TOKEN"] = people.log_in(victim, env["PASSPHRASE"])["access_token"]
    people.http.close()
