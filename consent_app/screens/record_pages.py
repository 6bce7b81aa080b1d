"""What the screens share that page through a list about one record (history, access log)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.widgets import Button

from consent_app.record_context import page_of_record
from consent_app.screens.base import AppScreen

if TYPE_CHECKING:
    from api_client import ConsentClient
    from api_client.models import Page

Item = TypeVar("Item")

PAGE_SIZE = 10


class RecordPagesScreen(AppScreen, Generic[Item]):
    """A list about one record, a page at a time (a :class:`PagedList` given ``fetch``)."""

    HOLDS_PERSONAL_DATA = True

    def __init__(self, subject_id: uuid.UUID | None = None) -> None:
        """``subject_id``: the record to show; by default the account's own."""
        super().__init__()
        self.subject_id = subject_id

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def read_page(
        self, client: ConsentClient, subject_id: uuid.UUID, cursor: str | None
    ) -> Page[Item]:
        """The page after ``cursor`` of this list for the record (blocking)."""
        raise NotImplementedError

    def fetch(self, cursor: str | None) -> Page[Item]:
        client = self.consent_app.client
        # Set from the worker; read on the UI thread only once a page has been shown.
        self.subject_id, page = page_of_record(
            client, self.subject_id, lambda subject_id: self.read_page(client, subject_id, cursor)
        )
        return page
