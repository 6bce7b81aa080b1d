"""A single-use code (activation code, invitation) is claimed by exactly one account."""

from __future__ import annotations

from sqlalchemy import select

from consent_server import admin
from consent_server.settings import ServerSettings
from consent_server.tables import AccountRow, ActivationCodeRow


def test_a_code_read_by_two_requests_is_claimed_by_the_first_only(
    server_settings: ServerSettings,
) -> None:
    """Both requests read the code unused; the second claim must still fail (compare-and-set),
    and the code keeps the first account as its user."""
    settings = server_settings
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, "CLAIM-1")
        admin.issue_activation_code(db, settings, subject.id)
        first = AccountRow.new("claim.first", "hash", "victim", settings.now())
        second = AccountRow.new("claim.second", "hash", "victim", settings.now())
        db.add_all([first, second])
        db.commit()
        first_id, second_id = first.id, second.id

    with admin.connect(settings) as one, admin.connect(settings) as other:
        # Read in turn: on SQLite an open transaction holds the write lock.
        seen_by_other = other.scalars(select(ActivationCodeRow)).one()
        other.commit()
        seen_by_one = one.scalars(select(ActivationCodeRow)).one()
        assert seen_by_one.used_at is None and seen_by_other.used_at is None
        assert seen_by_one.claim(one, settings.now(), first_id)
        one.commit()
        assert not seen_by_other.claim(other, settings.now(), second_id)
        other.rollback()

    with admin.connect(settings) as db:
        stored = db.scalars(select(ActivationCodeRow)).one()
        assert stored.used_by == first_id
        assert stored.used_at is not None
