"""Demo seeding: a victim with an account, an app-only "yes", and one finding in the inbox.

Goes through the same code as the API (preference write, notification plan, finding
decision), so the demo shows what a real finding looks like.
"""

from __future__ import annotations

import datetime as dt
import uuid

from consent_common import models
from consent_common.notices import FindingKind
from consent_server import admin
from consent_server.access import SubjectGrant
from consent_server.context import build_context
from consent_server.findings import record_finding
from consent_server.notice_tables import FindingRow
from consent_server.plans import notification_plan
from consent_server.preferences import write_version
from consent_server.questions import newest_version
from consent_server.settings import ServerSettings


def seed_inbox(
    settings: ServerSettings,
    *,
    victim: tuple[str, str],
    notifier: tuple[str, str],
    reference: str = "DEMO-INBOX",
) -> uuid.UUID:
    """Create the two accounts (username, passphrase) and the finding; returns the subject id."""
    context = build_context(settings)
    try:
        with context.sessions() as db:
            account = admin.create_account(db, settings, *victim, models.Role.victim)
            notifying = admin.create_notifier(db, settings, *notifier)
            subject = admin.create_subject(db, settings, reference=reference)
            subject.account_id = account.id
            grant = SubjectGrant(subject, "self", frozenset(models.Permission))
            choices = models.PreferenceWrite(
                inform=models.Inform.yes,
                # The demo victim chose every topic (none is ticked unless chosen).
                topics=models.Topics(
                    new_findings=True, proceedings=True, compensation=True, removal=True
                ),
                channels=[models.Channel(kind=models.ChannelKind.app)],
                questions_version=newest_version(db),
            )
            write_version(db, context, grant, account, choices, 0)
            db.commit()
            deadline = (context.now() + dt.timedelta(days=60)).date()
            finding = FindingRow(
                id=uuid.uuid4(),
                subject_id=subject.id,
                kind=FindingKind.case_joinable.value,
                case_reference="DEMO-ZAAK-1",
                authority="Politie (demo)",
                join_deadline=deadline,
                created_at=context.now(),
                created_by=notifying.id,
                idempotency_key="demo-seed",
                request_hash="demo-seed",
            )
            plan = notification_plan(db, context, subject)
            record_finding(db, context, notifying, subject, plan, finding)
            db.commit()
            return subject.id
    finally:
        context.engine.dispose()
