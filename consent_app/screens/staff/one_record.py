"""What the staff screens about one victim record share."""

from __future__ import annotations

from api_client.models import Subject
from consent_app.screens.base import AppScreen


class OneRecordScreen(AppScreen):
    """A staff screen about one victim record (``subject``); it holds personal data."""

    HOLDS_PERSONAL_DATA = True

    def __init__(self, subject: Subject) -> None:
        super().__init__()
        self.subject = subject
