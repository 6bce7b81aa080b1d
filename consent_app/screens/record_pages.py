"""What the paged-list screens about one record share (history, access log)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Generic, TypeVar

from consent_app.record_context import page_of_record
from consent_app.screens.paged_screen import PagedListScreen

if TYPE_CHECKING:
    from api_client import ConsentClient
    from api_client.models import Page

Item = TypeVar("Item")

PAGE_SIZE = 10


class RecordPagesScreen(PagedListScreen[Item], Generic[Item]):
    """A list about one record, a page at a time; a subclass says how to ``read_page``."""

    HOLDS_PERSONAL_DATA = True

    def __init__(self, subject_id: uuid.UUID | None = None) -> None:
        """``subject_id``: the record to show; by default the account's own."""
        super().__init__()
        self.subject_id = subject_id

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
