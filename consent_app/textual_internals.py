"""Every use of Textual's private API, in one place (checked against textual 8.2).

Textual offers no public way for these; when it is upgraded, check each name here in its
source first (``textual/app.py``, ``widgets/_toggle_button.py``, ``widgets/_radio_set.py``).

- Crash output: Textual's crash report is a rich traceback with local variables, which
  could show a passphrase, a token or contact details on screen and in the scrollback.
  :class:`QuietCrashes` overrides the private methods that build and print it, so that only
  :func:`consent_app.crash.crash_line` is printed (``tests/app/test_safety.py`` checks it).
- Leaving at once: :func:`exit_requested` and :func:`drop_exit_output`.
- Toggle marks: :class:`TextMark` draws a checkbox or radio button as plain characters,
  readable without colour; Textual draws the mark only from coloured blocks (``_button``).
- Radio sets: :func:`press_radio_at` sets a set's answer from code, or none, at once
  (``_pressed_button``, ``_selected``: a set otherwise presses a released button again);
  :func:`radio_answer` reads the answer a key just chose, before the set has heard of it.
- Output: :func:`wait_until_written` waits for the writer thread's queue (``_driver``,
  ``_writer_thread._queue``) to empty, so heavy work starts after a frame is out.
- Option lists: :func:`highlighted_line` says on which line the highlighted option starts
  (``_update_lines``, ``_index_to_line``), for the terminal cursor (``focus_cursor``).
- Key order (``key_order``): :func:`run_priority_binding` and :func:`binding_chain` tell
  which binding a key would run, before Textual's own (deferred) dispatch does
  (``App._check_bindings``, ``Screen._modal_binding_chain``).
- The terminal title: :func:`write_to_terminal` (``App._driver``).
- CSS parsing: :class:`ParseOnceStylesheet` keeps what each piece of CSS parsed to for the
  whole process (``Stylesheet._parse_rules``, ``reparse``, ``_variables``, ``_rules``,
  ``_rules_map``, ``_require_parse``, ``_invalid_css``).
- Styles on a screen's first resume: :class:`StyledOnce` (no private name, but it relies on
  Textual calling a subclass's handler before ``Screen._on_screen_resume``).
- Button classes: :func:`button_classes` and :func:`make_compact` give a ``Button`` the
  classes it sets on itself for its variant and look (``watch_variant``, ``watch_flat``,
  ``compact``'s ``toggle_class``), so that it does not restyle itself for each.
- The first screen laid out once: :class:`LaidOutOnce` (``App._init_mode``,
  ``App._on_compose``, ``AwaitMount``, ``Widget._mounted_event``, ``App._compose_screen``).
- The button's CSS: :func:`with_button_css` puts the part of ``Button.DEFAULT_CSS`` this
  app uses in place of the whole in a button's default CSS (``DOMNode._get_default_css``,
  the location Textual files it under).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, on
from textual.app import App
from textual.binding import BindingsMap
from textual.compose import compose
from textual.content import Content
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Button

from consent_app import crash

if TYPE_CHECKING:  # the start screen has neither: not imported before its first frame
    from textual.widgets import OptionList, RadioSet


def exit_requested(app: App[Any]) -> bool:
    """True once ``app.exit()`` was called (Textual keeps no public flag for it)."""
    return bool(app._exit)


def drop_exit_output(app: App[Any]) -> None:
    """Forget anything Textual would print after the app closes."""
    app._exit_renderables.clear()


class QuietCrashes(App[None]):
    """An app whose crash output is one translated line naming the error type."""

    _crash_lines: tuple[str, ...] = ()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's version: return code 1, keep the error for Pilot, render a traceback.
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._crash_lines = (crash.crash_line(error),)
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    def _fatal_error(self) -> None:
        error = sys.exc_info()[1] or RuntimeError()
        self._crash_lines = (crash.crash_line(error),)
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        # Plain lines only; Textual would print rich renderables (tracebacks included).
        lines = self._crash_lines
        if self._exit_renderables and not lines:
            lines = (crash.crash_line(RuntimeError()),)
        self._exit_renderables.clear()
        for line in lines:
            sys.stderr.write(line + "\n")
        self._crash_lines = ()


class TextMark:
    """Mixin for a Checkbox or RadioButton: its state shows as ``MARK_ON`` / ``MARK_OFF``."""

    MARK_ON: ClassVar[str]
    MARK_OFF: ClassVar[str]
    value: bool

    @property
    def _button(self) -> Content:
        return Content(self.MARK_ON if self.value else self.MARK_OFF)


async def run_priority_binding(app: App[Any], key: str) -> bool:
    """Run the priority binding of ``key`` (leave, language) now; True when there was one."""
    return await app._check_bindings(key, priority=True)


def binding_chain(screen: Screen[Any]) -> list[tuple[DOMNode, BindingsMap]]:
    """The bindings a key reaches on ``screen``, from the focused widget up (dialogs stop
    the chain, as Textual does)."""
    return screen._modal_binding_chain


def write_to_terminal(app: App[Any], text: str) -> None:
    """Write control ``text`` (such as the terminal title) to the terminal, when there is one."""
    if not app.is_headless and app._driver is not None:
        app._driver.write(text)


def press_radio_at(radios: RadioSet, index: int) -> None:
    """Press button ``index`` of ``radios`` from code, or none when ``index`` is -1, and
    highlight that row (the first when none).

    At once, not through the set's messages: a set hears of a change only later, and it
    presses a released button again, so answering from code would otherwise race with it.
    """
    from textual.widgets import RadioButton

    buttons = list(radios.query(RadioButton))
    with radios.prevent(RadioButton.Changed):
        for position, button in enumerate(buttons):
            button.value = position == index
    radios._pressed_button = buttons[index] if 0 <= index < len(buttons) else None
    radios._selected = max(index, 0)


def radio_answer(radios: RadioSet) -> int:
    """The index of the pressed button, or -1. Read from the buttons: a set learns of a
    press only through a message, so Space then Ctrl+N typed quickly would find it empty;
    until then the newly pressed button and the one it replaces are both on."""
    from textual.widgets import RadioButton

    buttons = list(radios.query(RadioButton))
    on = [index for index, button in enumerate(buttons) if button.value]
    newer = [index for index in on if buttons[index] is not radios._pressed_button]
    return (newer or on or [-1])[0]


def wait_until_written(app: App[Any], timeout: float = 1.0) -> None:
    """Block (in a worker thread) until what the app wrote has reached the terminal: Textual's
    writer thread has taken everything from its queue and the terminal has read it."""
    writer = getattr(app._driver, "_writer_thread", None)
    if writer is None:  # headless, or not started
        return
    import termios  # only a POSIX terminal has a writer thread

    deadline = time.monotonic() + timeout
    while writer._queue.qsize() and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.005)  # the last piece taken from the queue is being written
    with contextlib.suppress(OSError, ValueError, termios.error):
        termios.tcdrain(writer.fileno())  # until the terminal (tmux, a pty) has read it


def highlighted_line(options: OptionList) -> int | None:
    """The line (from the top of all options) the highlighted option starts on, if any."""
    if options.highlighted is None:
        return None
    options._update_lines()
    return options._index_to_line.get(options.highlighted)


class ParseOnceStylesheet(Stylesheet):
    """A stylesheet that parses each piece of CSS once per process and set of variables.

    Textual parses every source again whenever a widget class brings new default CSS, and
    on every ``refresh_css`` (a theme set, a mode's first screen), into a fresh stylesheet
    whose cache starts empty: before the first frame the start screen's CSS was parsed seven
    times. What a source parses to depends only on its text, where it came from, its tie
    breaker and scope, and the CSS variables (the theme), so the result is kept under all
    of them and shared by every stylesheet of this class.
    """

    _parsed: ClassVar[dict[tuple[object, ...], list[RuleSet]]] = {}
    _variables_key: tuple[tuple[str, str], ...] = ()

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_key = tuple(sorted(self._variables.items()))

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_key = tuple(sorted(variables.items()))

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._variables_key)
        rules = self._parsed.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self._parsed[key] = rules
        return rules

    def reparse(self) -> None:
        """As Textual's (parse into a fresh stylesheet, keep this one if that fails), with a
        fresh stylesheet of this class, so it finds what was parsed before."""
        fresh = ParseOnceStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False


class _MountedOnly(AwaitMount):
    """Waits for the widgets to be mounted, as ``AwaitMount`` does, without then asking
    their parent for another layout."""

    def __await__(self) -> Generator[None, None, None]:
        async def mounted() -> None:
            for widget in self._widgets:
                await widget._mounted_event.wait()

        return mounted().__await__()


class LaidOutOnce(App[None]):
    """An app whose first screen is laid out once before ``Ready``, not twice.

    On its ``Compose`` event Textual's ``App`` makes the first mode's screen and waits until
    it is mounted, then asks it for another layout; then it mounts the screen's children
    into the screen again (``_on_compose``: they are mounted already, so that too only asks
    for another layout). By then the screen has laid itself out with all its children (it
    does when its own children are mounted), so Textual laid out and drew the start screen
    a second time, about 2 % of the CPU time of a start. This app waits for the mount
    without asking again, and mounts only what its own ``compose`` yields (nothing: every
    screen composes itself). Later modes are made as Textual makes them.
    """

    def _init_mode(self, mode: str) -> AwaitMount:
        mounted = super()._init_mode(mode)
        if self._dom_ready:  # a later mode: as Textual does
            return mounted
        widgets = list(mounted._widgets)
        # Textual has queued the same AwaitMount (call_next): emptied, it asks for nothing.
        mounted._widgets = []
        return _MountedOnly(mounted._parent, widgets)

    async def _on_compose(self, event: events.Compose | None = None) -> None:
        if event is not None:  # Textual passes it: then its App._on_compose does not run
            event.prevent_default()
        self._compose_screen = self.screen
        widgets = list(compose(self))
        if widgets:
            await self.mount_all(widgets)


ScreenResult = TypeVar("ScreenResult")


class StyledOnce(Screen[ScreenResult]):
    """A screen that is not styled a second time when it first becomes active.

    Textual applies the stylesheet to each widget as it is mounted, and again to the whole
    screen each time the screen becomes active, the first time too, right after mounting:
    for the start screen a second full pass before the first frame. By its first resume
    nothing those styles depend on has changed (a new theme or stylesheet restyles every
    screen in the stack; focus and hover restyle the widgets they touch), so the first
    resume asks Textual not to (``ScreenResume.refresh_styles``); every later one restyles
    as Textual does. This handler runs before Textual's ``Screen._on_screen_resume``, which
    reads the flag, because Textual calls a subclass's handlers before its bases'.
    """

    _resumed_before = False

    @on(events.ScreenResume)
    def _styled_when_mounted(self, event: events.ScreenResume) -> None:
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False


def button_classes(variant: str) -> str:
    """The classes Textual's ``Button`` (not flat) sets on itself for ``variant``, to be
    given to it when it is made.

    The button sets each while it is being made, and each one set restyles the button at
    once, before it is even mounted. Classes it already has are not set again, so nothing is
    restyled. A default button carries no variant class: setting the variant to the value it
    starts with changes nothing.
    """
    classes = ["-style-default"]  # watch_flat, with flat False
    if variant != "default":
        classes.append(f"-{variant}")  # watch_variant
    return " ".join(classes)


DefaultCss = list[tuple[CSSLocation, str, int, str]]
"""What ``DOMNode._get_default_css`` returns: (location, CSS, tie breaker, scope)."""

BUTTON_CSS_LOCATION = ("Button.DEFAULT_CSS",)
"""How Textual names the button's own CSS in a location (after the file's name)."""


def with_button_css(default_css: DefaultCss, css: str, read_from: CSSLocation) -> DefaultCss:
    """A ``Button`` subclass's default CSS with Textual's ``Button.DEFAULT_CSS`` replaced by
    ``css`` (filed under ``read_from``), at the same tie breaker and scope, so its rules
    weigh exactly as Textual's would. Raises ``LookupError`` if there is none to replace."""
    replaced = [
        (read_from, css, tie_breaker, scope)
        if location[1:] == BUTTON_CSS_LOCATION
        else (location, source, tie_breaker, scope)
        for location, source, tie_breaker, scope in default_css
    ]
    if replaced == default_css:
        raise LookupError("Button.DEFAULT_CSS not found: has Textual renamed it?")
    return replaced


def make_compact(button: Button) -> None:
    """Make a button that is not mounted yet compact, as ``Button(compact=True)`` would,
    without restyling it (``compact`` sets its class ``-textual-compact`` with a restyle)."""
    button.set_reactive(Button.compact, True)
    button.set_class(True, "-textual-compact", update=False)
