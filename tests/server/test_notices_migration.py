"""Migration 0003: preferences written before volume control read as "each" and "none"."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import insert

from api_client import models
from consent_server.db import make_engine, make_session_factory
from consent_server.preferences import load_version
from consent_server.schema import alembic_config, upgrade
from consent_server.tables import PreferenceVersionRow, SubjectRow


def test_old_documents_read_as_each_and_none(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = alembic_config()
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    subject_id = uuid.uuid4()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(
            insert(SubjectRow),
            {
                "id": subject_id,
                "reference": "OLD-1",
                "language": "nl",
                "needs_reconsent": False,
                "coming_of_age_marked": False,
                "current_version": 1,
                "created_at": now,
            },
        )
        old_columns = {
            column.name
            for column in PreferenceVersionRow.__mapper__.columns
            if column.name not in ("frequency", "reassurance")
        }
        values: dict[str, object] = {
            "id": uuid.uuid4(),
            "subject_id": subject_id,
            "version": 1,
            "inform": "yes",
            "topic_new_findings": True,
            "topic_proceedings": True,
            "topic_compensation": True,
            "topic_removal": True,
            "recipients": "me",
            "channel_kinds": ["app"],
            "safe_days": [],
            "no_voicemail": False,
            "no_post_to_home": False,
            "household_must_not_know": False,
            "language": "nl",
            "actor_relation": "self",
            "method": "self",
            "on_behalf_of": subject_id,
            "questions_locale": "nl",
            "questions_version": "1",
            "created_at": now,
        }
        connection.execute(
            insert(PreferenceVersionRow).values(
                **{k: v for k, v in values.items() if k in old_columns}
            )
        )
    upgrade(engine)
    with make_session_factory(engine)() as db:
        row = load_version(db, subject_id, 1)
        assert row is not None
        assert models.Frequency(row.frequency) is models.Frequency.each
        assert models.Reassurance(row.reassurance) is models.Reassurance.none
    engine.dispose()
