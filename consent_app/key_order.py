"""Keys take effect in the order they were typed, even when they arrive in one burst.

Textual sends each key to the focused widget's own message queue and moves the focus (or
submits) only once a Tab or an Enter has travelled up to the app as a bubbled event, or
through ``Widget.focus``, which is deferred too. Keys typed right after a Tab therefore
still reach the old field, and keys right after an Enter are handled before the submit's
focus move. Password managers (``username{TAB}password{ENTER}``), pasting and assistive
tools type exactly like that.

:class:`KeyOrderedApp` fixes the order at the one place all keys pass, the app:

- Tab and Shift+Tab move the focus at once, in the app, when they would only move the
  focus anyway. The next key is then sent to the new field.
- A key bound on the focused input itself (Backspace, Ctrl+U, Ctrl+W, the arrows) is run in
  that input's own queue, so it edits the text between the characters typed before and
  after it (Textual would run it only once it has bubbled up to the app, after the
  characters that follow it were already inserted).
- Enter on an input or a button runs its action in that widget's own queue (after the
  keys it has not handled yet), and the app holds every key typed after it until the
  action's messages have been handled by the screen (a :class:`KeysReleased` marker
  follows them up the same path). When the action opened another screen, the keys wait
  until that screen has mounted and set its focus. A limit keeps a lost marker from
  holding keys forever.

The reproduction and the upstream report are in ``docs/upstream/textual-key-order.md``.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input

from consent_app.loaded_classes import TEXT_AREA, is_loaded_instance
from consent_app.textual_internals import binding_chain, run_priority_binding

ReturnType = TypeVar("ReturnType")

FOCUS_ACTIONS = frozenset({"focus_next", "focus_previous", "app.focus_next", "app.focus_previous"})
FOCUS_KEYS = frozenset({"tab", "shift+tab"})
SUBMIT_KEY = "enter"
# Longest a burst waits for a submit's messages; they take milliseconds unless the widget
# went away on the way (then the marker never arrives).
HOLD_LIMIT_SECONDS = 1.5


class KeysReleased(Message, bubble=True):
    """Follows a submit's messages up to the app: everything before it has been handled."""

    def __init__(self, hold: int) -> None:
        super().__init__()
        self.hold = hold


class KeyOrderedApp(App[ReturnType]):
    """An app in which Tab, Shift+Tab and Enter take effect before the keys typed after them."""

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Event] = deque()
        self._hold = 0  # number of the current hold; 0 when keys flow
        self._holds_started = 0
        self._hold_timer: Timer | None = None
        self._hold_screen: object = None  # the screen the held keys were typed on

    @property
    def holding_keys(self) -> bool:
        return self._hold != 0

    async def on_event(self, event: events.Event) -> None:
        ours = isinstance(event, events.Key | events.Paste) and not event.is_forwarded
        if ours and await self._dispatch_in_order(event):  # type: ignore[arg-type]
            return
        await super().on_event(event)

    async def _dispatch_in_order(self, event: events.Key | events.Paste) -> bool:
        """Handle ``event`` here and return True, or return False for Textual's usual path."""
        key = event.key if isinstance(event, events.Key) else None
        if self.holding_keys:
            # Leaving (and the other app-wide keys) never waits for a form.
            if key is not None and await run_priority_binding(self, key):
                return True
            self._held.append(event)
            return True
        if key in FOCUS_KEYS:
            return await self._move_focus_now(key)
        if key == SUBMIT_KEY:
            return self._submit_then_hold()
        if key is not None:
            return await self._edit_in_field_order(key)
        return False

    def _first_binding(self, key: str) -> tuple[DOMNode, Binding] | None:
        """The binding Textual would run for ``key`` once it bubbled up unhandled."""
        for namespace, bindings in binding_chain(self.screen):
            for binding in bindings.key_to_bindings.get(key, ()):
                if not binding.priority:
                    return namespace, binding
        return None

    async def _move_focus_now(self, key: str) -> bool:
        if await run_priority_binding(self, key):
            return True
        # Without importing TextArea (it brings Textual's document model): see loaded_classes.
        if is_loaded_instance(self.focused, TEXT_AREA):  # it may use Tab itself
            return False
        found = self._first_binding(key)
        if found is None or found[1].action not in FOCUS_ACTIONS:
            return False
        namespace, binding = found
        await self.run_action(binding.action, namespace)
        return True

    async def _edit_in_field_order(self, key: str) -> bool:
        """An input's own editing key (Backspace, Ctrl+U, the arrows) runs in the input's
        queue, between the characters typed before and after it."""
        focused = self.focused
        if not isinstance(focused, Input):
            return False
        if await self._check_bindings(key, priority=True):  # leaving comes first
            return True
        found = self._first_binding(key)
        if found is None or found[0] is not focused:
            return False
        focused.call_later(self.run_action, found[1].action, focused)
        return True

    def _submit_then_hold(self) -> bool:
        focused = self.focused
        if not isinstance(focused, Input | Button):
            return False
        found = self._first_binding(SUBMIT_KEY)
        if found is None or found[0] is not focused:
            return False
        self._holds_started += 1
        hold = self._holds_started
        self._hold = hold
        self._hold_screen = self.screen
        self._hold_timer = self.set_timer(HOLD_LIMIT_SECONDS, partial(self._release, hold))
        focused.call_later(self._run_then_mark, found[1].action, focused, hold)
        return True

    async def _run_then_mark(self, action: str, widget: Widget, hold: int) -> None:
        """Runs in ``widget``'s queue, after the keys it already had."""
        try:
            await self.run_action(action, widget)
        finally:
            widget.post_message(KeysReleased(hold))

    async def on_keys_released(self, message: KeysReleased) -> None:
        message.stop()
        screen = self.screen
        if screen is not self._hold_screen and screen.is_running:
            # A new screen: its on_mount (and the focus it sets) runs before anything queued
            # to it now, and that focus callback reaches the app before this release.
            screen.call_later(self.call_later, self._release, message.hold)
            return
        await self._release(message.hold)

    async def _release(self, hold: int) -> None:
        if hold != self._hold:
            return  # an earlier hold that already ended
        self._hold = 0
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        while self._held and not self.holding_keys:
            await self.on_event(self._held.popleft())
