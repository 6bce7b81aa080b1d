"""Staff's identity-check note ("in person, passport"): encrypted at rest like contact
details, shown to the victim and staff only, and encrypted by a migration where it was
stored in plain text before."""

from __future__ import annotations

import uuid

from alembic import command
from fastapi import FastAPI
from httpx import Client
from sqlalchemy import Engine, inspect, select

from api_client.models import Role
from consent_server.app import context_of
from consent_server.schema import alembic_config
from consent_server.settings import ServerSettings
from consent_server.tables import PreferenceVersionRow
from tests.server.helpers import preferences_url, put_preferences
from tests.server.world import add_delegation, new_account
from tests.support.accounts import Person, Seeded, mint_bearer
from tests.support.databases import stored_bytes

NOTE = "in person, passport NL-4711-XQ"
ASSISTED = {"identity_check": NOTE, "read_back_confirmed": True}


def _assisted_entry(api: Client, seeded: Seeded, subject_id: uuid.UUID) -> None:
    staff = mint_bearer(seeded.app, seeded.staff_id)
    body = {"inform": "yes", "assisted": ASSISTED}
    response = put_preferences(api, staff, subject_id, body, 0)
    assert response.status_code == 200, response.text


def _seen_by(api: Client, headers: dict[str, str], subject_id: uuid.UUID) -> list[object]:
    history = api.get(preferences_url(subject_id) + "/history", headers=headers)
    receipt = api.get(f"/v1/subjects/{subject_id}/receipts/1", headers=headers)
    assert history.status_code == receipt.status_code == 200, (history.text, receipt.text)
    return [history.json()["items"][0]["identity_check"], receipt.json()["identity_check"]]


def test_the_note_is_shown_to_the_victim_and_staff_only(
    api: Client, seeded: Seeded, victim: Person
) -> None:
    assert victim.subject_id is not None
    _assisted_entry(api, seeded, victim.subject_id)
    _, rep_id = new_account(seeded.app, Role.representative, "rep")
    add_delegation(seeded.app, victim.subject_id, rep_id, ["view", "edit"])
    victims = mint_bearer(seeded.app, victim.account_id)
    staff = mint_bearer(seeded.app, seeded.staff_id)
    representative = mint_bearer(seeded.app, rep_id)
    assert _seen_by(api, victims, victim.subject_id) == [NOTE, NOTE]
    assert _seen_by(api, staff, victim.subject_id) == [NOTE, NOTE]
    assert _seen_by(api, representative, victim.subject_id) == [None, None]
    # The representative still sees that it was an assisted, read-back entry.
    history = api.get(preferences_url(victim.subject_id) + "/history", headers=representative)
    newest = history.json()["items"][0]
    assert (newest["method"], newest["read_back_confirmed"]) == ("assisted", True)


def test_the_note_never_reaches_storage_in_plain_text(
    api: Client, seeded: Seeded, server_app: FastAPI, server_settings: ServerSettings
) -> None:
    _assisted_entry(api, seeded, seeded.subject_id)
    assert NOTE.encode() not in stored_bytes(server_app, server_settings)
    with context_of(server_app).sessions() as db:
        sealed = db.scalar(select(PreferenceVersionRow.identity_check_ciphertext))
    assert sealed is not None and NOTE.encode() not in sealed


def _migrate(engine: Engine, app: FastAPI, target: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["cipher"] = lambda: context_of(app).cipher
        (command.downgrade if down else command.upgrade)(config, target)


def test_the_migration_encrypts_notes_stored_in_plain_text_and_back(
    api: Client, seeded: Seeded, server_app: FastAPI, server_settings: ServerSettings
) -> None:
    _assisted_entry(api, seeded, seeded.subject_id)
    engine = context_of(server_app).engine
    staff = mint_bearer(seeded.app, seeded.staff_id)
    try:
        # Back to the schema before the change: the note is plain text there.
        _migrate(engine, server_app, "0002", down=True)
        columns = {c["name"] for c in inspect(engine).get_columns("preference_versions")}
        assert "identity_check" in columns and "identity_check_ciphertext" not in columns
        with engine.connect() as connection:
            plain = connection.exec_driver_sql(
                "SELECT identity_check FROM preference_versions"
            ).scalar()
        assert plain == NOTE
    finally:
        _migrate(engine, server_app, "head")
    columns = {c["name"] for c in inspect(engine).get_columns("preference_versions")}
    assert "identity_check" not in columns
    engine.dispose()  # let SQLite write everything to the file before it is read
    assert NOTE.encode() not in stored_bytes(server_app, server_settings)
    assert _seen_by(api, staff, seeded.subject_id) == [NOTE, NOTE]


def test_the_migration_will_not_run_without_the_data_key_when_there_are_notes(
    api: Client, seeded: Seeded, server_app: FastAPI
) -> None:
    _assisted_entry(api, seeded, seeded.subject_id)
    engine = context_of(server_app).engine
    _migrate(engine, server_app, "0002", down=True)
    config = alembic_config()
    try:
        try:
            with engine.begin() as connection:  # rolled back whole when the step fails
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except RuntimeError as error:
            assert "data key" in str(error)
        else:
            raise AssertionError("migrated notes without a key")
    finally:
        _migrate(engine, server_app, "head")
