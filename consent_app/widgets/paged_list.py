"""A list the server gives a page at a time: the first page on mount, more on request.

Used by the history, the access log and the inbox. It owns the line above the list
(loading, nothing there yet, how to use it), the list itself, and the button that loads the
next page; a failed request is told in the screen's general message field, and whatever was
loaded stays. Each page is asked for in a thread worker through the screen's
:meth:`~consent_app.screens.base.AppScreen.call_api`, so failures read as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from consent_app.i18n import Msg
from consent_app.widgets.option_lines import refill
from consent_app.widgets.translatable import TranslatedButton, TranslatedText
from consent_common.models import Page

if TYPE_CHECKING:
    from consent_app.screens.base import AppScreen

T = TypeVar("T")
Item = TypeVar("Item")

FetchPage = Callable[[str | None], Page[T]]
"""Blocking (runs in a thread worker): the page after the cursor, the first for ``None``."""


@dataclass(frozen=True)
class ListTexts:
    """What the line above the list says, and the button that loads more."""

    loading: Msg
    empty: Msg
    shown: Msg
    more: Msg


class PagedList(Vertical, Generic[T]):
    """Items fetched page by page, newest first, shown one line each.

    With ``choosable`` the lines are an option list (id ``list_id``): Enter on one posts
    :class:`PagedList.Chosen`. Without, they are bullet lines of text (id ``list_id``).
    After a page arrives the list takes the focus when it can be chosen from, else the
    "more" button does when there is more to load.
    """

    DEFAULT_CSS: ClassVar[str] = """
    PagedList { height: auto; }
    PagedList > #more { margin-top: 1; }
    """

    class Chosen(Message, Generic[Item]):
        """Enter on an item of a choosable list."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    def __init__(
        self,
        fetch: FetchPage[T],
        line: Callable[[T], str],
        texts: ListTexts,
        *,
        list_id: str,
        choosable: bool,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._fetch = fetch
        self._line = line
        self._texts = texts
        self._list_id = list_id
        self._choosable = choosable
        self.items: list[T] = []
        self.next_cursor: str | None = None
        self.loaded = False
        self.failed = False

    def compose(self) -> ComposeResult:
        yield TranslatedText(self._intro, id="intro", classes="note")
        if self._choosable:
            yield OptionList(id=self._list_id, compact=True)
        else:
            yield TranslatedText(self._bullets, id=self._list_id)
        yield TranslatedButton(self._texts.more, id="more", compact=True)

    def on_mount(self) -> None:
        self.query_one("#more").display = False
        self.query_one(f"#{self._list_id}").display = False
        self.reload()

    def reload(self) -> None:
        """Start again from the newest page (what was shown stays until it arrives)."""
        self._load(None, replace=True)

    def _intro(self) -> str:
        if self.failed and not self.items:
            return ""  # the message field says what went wrong; "nothing yet" would not be true
        if not self.loaded:
            return str(self._texts.loading)
        return str(self._texts.shown if self.items else self._texts.empty)

    def _bullets(self) -> str:
        return "\n".join(f"• {self._line(item)}" for item in self.items)

    def _load(self, cursor: str | None, *, replace: bool) -> None:
        self._screen().call_api(
            lambda: self._fetch(cursor),
            lambda page: self._page_loaded(page, replace=replace),
            group=f"{self._list_id}-load",  # a newer request for this list cancels the older
            failed=self._failed,
        )

    def _screen(self) -> AppScreen:
        return self.screen  # type: ignore[return-value]  # only AppScreens hold one

    def _page_loaded(self, page: Page[T], *, replace: bool) -> None:
        self.loaded = True
        self.failed = False
        self.items = [*page.items] if replace else [*self.items, *page.items]
        self.next_cursor = page.next_cursor
        self.retranslate()
        more = self.query_one("#more", Button)
        more.display = self.next_cursor is not None
        if self._choosable and self.items:
            self.query_one(f"#{self._list_id}", OptionList).focus()
        elif more.display:
            more.focus()

    def _failed(self, text: Msg) -> None:
        self.loaded = True
        self.failed = True
        self.query_one("#intro", TranslatedText).retranslate()
        self._screen().show_message(text)

    def retranslate(self) -> None:
        """Lines are built from data in the current language: build them again."""
        self.query_one("#intro", TranslatedText).retranslate()
        shown = self.query_one(f"#{self._list_id}")
        shown.display = bool(self.items)
        if isinstance(shown, TranslatedText):
            shown.retranslate()
            return
        assert isinstance(shown, OptionList)
        refill(shown, (Option(self._line(item)) for item in self.items), keep_place=True)

    @on(Button.Pressed, "#more")
    def more(self, event: Button.Pressed) -> None:
        event.stop()
        if self.next_cursor is not None:
            self._load(self.next_cursor, replace=False)

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.items):
            self.post_message(self.Chosen(self.items[event.option_index]))
