"""The victim outranks a representative: an undo in one action, as a new version. And staff
filling in preferences with the victim: attributed in history and receipts."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import Client, Response

from api_client.models import Role
from tests.server.helpers import PRIVATE_BODY, preferences_url, put_preferences
from tests.server.world import ASSISTED, add_delegation, new_account
from tests.support.accounts import Login, Seeded, Victim, mint_bearer


def _revert(
    api: Client,
    headers: dict[str, str],
    subject_id: uuid.UUID,
    body: dict[str, Any],
    version: int,
    key: str | None = None,
) -> Response:
    return api.post(
        preferences_url(subject_id) + "/revert",
        json=body,
        headers={**headers, "If-Match": f'"{version}"', "Idempotency-Key": key or uuid.uuid4().hex},
    )


def test_victim_undoes_a_representatives_change_in_one_action(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    assert victim.subject_id is not None
    subject_id = victim.subject_id
    me = login(victim.username, victim.passphrase)
    _, rep_id = new_account(seeded.app, Role.representative, "lawyer")
    add_delegation(seeded.app, subject_id, rep_id, ["view", "edit"])
    rep = mint_bearer(seeded.app, rep_id)

    assert put_preferences(api, me, subject_id, PRIVATE_BODY, 0).status_code == 200
    changed = {**PRIVATE_BODY, "recipients": "representative", "channels": []}
    assert put_preferences(api, rep, subject_id, changed, 1).status_code == 200

    # The app finds the change through the history: the newest version is not the victim's.
    newest = api.get(preferences_url(subject_id) + "/history", headers=me).json()["items"][0]
    assert newest["actor"]["relation"] == "delegate" and newest["method"] == "representative"

    key = uuid.uuid4().hex
    undone = _revert(api, me, subject_id, {"to_version": 1}, 2, key)
    assert undone.status_code == 200
    assert undone.headers["etag"] == '"3"'
    document = undone.json()
    assert document["version"] == 3 and document["updated_by"]["relation"] == "self"
    assert document["recipients"] == "me"
    assert document["channels"] == PRIVATE_BODY["channels"]  # contact details come back too
    assert document["safe_contact"] == PRIVATE_BODY["safe_contact"]

    # Replayed with the same key: the same answer, no fourth version.
    again = _revert(api, me, subject_id, {"to_version": 1}, 2, key)
    assert (again.status_code, again.json()) == (200, document)
    other_body = _revert(api, me, subject_id, {"to_version": 2}, 3, key)
    assert other_body.status_code == 422

    history = api.get(preferences_url(subject_id) + "/history", headers=me).json()["items"]
    assert [(v["version"], v["actor"]["relation"]) for v in history] == [
        (3, "self"),
        (2, "delegate"),
        (1, "self"),
    ]
    assert history[2]["preferences"] == history[0]["preferences"]

    # The representative may edit, but not undo: undoing is the victim's (or staff's) act.
    assert _revert(api, rep, subject_id, {"to_version": 2}, 3).status_code == 403


def test_revert_needs_if_match_idempotency_key_and_a_real_version(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    assert victim.subject_id is not None
    me = login(victim.username, victim.passphrase)
    url = preferences_url(victim.subject_id) + "/revert"
    assert put_preferences(api, me, victim.subject_id, {"inform": "yes"}, 0).status_code == 200
    no_if_match = api.post(url, json={"to_version": 1}, headers={**me, "Idempotency-Key": "k-1"})
    assert no_if_match.status_code == 428
    no_key = api.post(url, json={"to_version": 1}, headers={**me, "If-Match": '"1"'})
    assert no_key.status_code == 400
    assert no_key.json()["type"].endswith("/idempotency-key-missing")
    missing = _revert(api, me, victim.subject_id, {"to_version": 7}, 1)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["code"] == "version-not-found"
    stale = _revert(api, me, victim.subject_id, {"to_version": 1}, 0)
    assert stale.status_code == 412 and stale.json()["current"]["version"] == 1


def test_put_without_idempotency_key_is_refused(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    me = login(victim.username, victim.passphrase)
    response = api.put(
        preferences_url(victim.subject_id),
        json={"inform": "yes"},
        headers={**me, "If-Match": '"0"'},
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/idempotency-key-missing")


def test_assisted_entry_is_attributed_in_history_and_receipts(
    api: Client, seeded: Seeded, victim: Victim, login: Login
) -> None:
    assert victim.subject_id is not None
    staff = login(seeded.staff_username, seeded.staff_passphrase)
    without = put_preferences(api, staff, victim.subject_id, PRIVATE_BODY, 0)
    assert without.status_code == 422
    not_read_back = {**PRIVATE_BODY, "assisted": {**ASSISTED, "read_back_confirmed": False}}
    assert put_preferences(api, staff, victim.subject_id, not_read_back, 0).status_code == 422

    body = {**PRIVATE_BODY, "assisted": ASSISTED}
    assert put_preferences(api, staff, victim.subject_id, body, 0).status_code == 200
    me = login(victim.username, victim.passphrase)
    (version,) = api.get(preferences_url(victim.subject_id) + "/history", headers=me).json()[
        "items"
    ]
    assert version["actor"] == {
        "account_id": str(seeded.staff_id),
        "role": "staff",
        "relation": "staff",
        "label": seeded.staff_username,
    }
    assert version["method"] == "assisted"
    assert version["on_behalf_of"] == str(victim.subject_id)
    assert version["identity_check"] == "passport shown at the desk"
    assert version["read_back_confirmed"] is True

    receipt = api.get(f"/v1/subjects/{victim.subject_id}/receipts/1", headers=me).json()
    assert receipt["collection_method"] == "assisted"
    assert receipt["actor"]["role"] == "staff" and receipt["actor"]["label"] == "staff.member"
    assert receipt["subject_id"] == receipt["on_behalf_of"] == str(victim.subject_id)
    assert receipt["identity_check"] == "passport shown at the desk"
    assert receipt["read_back_confirmed"] is True

    # An undo with staff at the desk is assisted as well, and needs the same record of it.
    assert _revert(api, staff, victim.subject_id, {"to_version": 1}, 1).status_code == 422
    assisted_undo = _revert(
        api, staff, victim.subject_id, {"to_version": 1, "assisted": ASSISTED}, 1
    )
    assert assisted_undo.status_code == 200
    assert assisted_undo.json()["updated_by"]["relation"] == "staff"
    victims_own = _revert(api, me, victim.subject_id, {"to_version": 1, "assisted": ASSISTED}, 2)
    assert victims_own.status_code == 422  # only staff record assisted entries
