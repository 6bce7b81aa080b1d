"""What the screens share that are one list the server gives a page at a time (history,
access log, inbox): the heading, the :class:`PagedList`, the message field and Back."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from consent_app.i18n import Msg
from consent_app.screens.base import AppScreen
from consent_app.widgets.field_message import FieldMessage
from consent_app.widgets.paged_list import ListTexts, PagedList
from consent_app.widgets.translatable import TranslatedButton, TranslatedText
from consent_common.models import Page

Item = TypeVar("Item")


class PagedListScreen(AppScreen, Generic[Item]):
    """One paged list under ``HEADING``: what it says above the list (``TEXTS``), its id
    (``LIST_ID``) and whether Enter chooses a line (``CHOOSABLE``, then the screen hears
    :class:`PagedList.Chosen`). A subclass says how to ``fetch`` a page and how each item
    reads as a ``line``. Failures show in the message field; Back has the focus at first.
    """

    HEADING: ClassVar[Msg]
    TEXTS: ClassVar[ListTexts]
    LIST_ID: ClassVar[str]
    CHOOSABLE: ClassVar[bool]

    def compose_body(self) -> ComposeResult:
        yield TranslatedText(self.HEADING, classes="heading")
        yield PagedList(
            self.fetch,
            self.line,
            self.TEXTS,
            list_id=self.LIST_ID,
            choosable=self.CHOOSABLE,
        )
        yield FieldMessage(id="message", classes="-general")
        yield Horizontal(TranslatedButton(Msg("Back"), id="back", compact=True), classes="buttons")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @property
    def pages(self) -> PagedList[Item]:
        return self.query_one(PagedList)

    def fetch(self, cursor: str | None) -> Page[Item]:
        """The page after ``cursor`` (blocking: runs in a thread worker)."""
        raise NotImplementedError

    def line(self, item: Item) -> str:
        """How ``item`` reads in the list, in the current language."""
        raise NotImplementedError
