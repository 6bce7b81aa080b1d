"""Starting the questions without a server: a record nobody has answered yet."""

from __future__ import annotations

import uuid

from api_client.models import PreferenceChoices, Preferences
from consent_app.screens.wizard import WizardStart

SUBJECT = uuid.UUID("00000000-0000-4000-8000-000000000001")
ACCOUNT = uuid.UUID("00000000-0000-4000-8000-000000000002")


def new_record() -> WizardStart:
    """What the questions start from for a new record (version 0, nothing chosen)."""
    document = Preferences(
        subject_id=SUBJECT,
        version=0,
        updated_at=None,
        updated_by=None,
        **PreferenceChoices().model_dump(),
    )
    return WizardStart(SUBJECT, ACCOUNT, document)
