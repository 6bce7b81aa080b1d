"""Does everything on a screen fit? Cut texts and widgets nobody can see, found by rendering.

:func:`layout_problems` scrolls each widget with text (and each focusable widget) into view,
then compares the widget's full text with what the terminal shows in the widget's region.
A text is cut when the shown characters, without spaces (text may wrap), do not contain the
full text without spaces: an ellipsis, a clipped end or a widget pushed past its container's
edge all fail. A focusable widget is unreachable when, scrolled to, it is still not wholly
inside every container around it: a Tab would land on something nobody can see.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, RadioButton, Static

from consent_app.app import ConsentApp
from tests.support.pilot import screen_text

# Drawn over a widget's first column to show focus; not part of any text.
_OUTLINE = str.maketrans("", "", "▌▐▎")


def _squash(text: str) -> str:
    return "".join(text.translate(_OUTLINE).split())


def _label(widget: Widget) -> str | None:
    """The full text ``widget`` is meant to show, or None when it shows none of its own."""
    if isinstance(widget, Button | Checkbox | RadioButton):
        label = widget.label
        return label.plain if isinstance(label, Content) else str(label)
    if isinstance(widget, Input):
        return widget.placeholder if not widget.value else None
    if isinstance(widget, Static):
        return widget.visual.plain if hasattr(widget.visual, "plain") else None
    return None


def _shown(app: ConsentApp, region: Region) -> str:
    """The characters the terminal shows inside ``region`` (clipped to the screen)."""
    lines = screen_text(app).split("\n")
    visible = region.intersection(Region(0, 0, app.size.width, app.size.height))
    return "\n".join(line[visible.x : visible.right] for line in lines[visible.y : visible.bottom])


def _is_shown(widget: Widget) -> bool:
    node: Widget | None = widget
    while isinstance(node, Widget):
        if not node.display or not node.visible:
            return False
        node = node.parent if isinstance(node.parent, Widget) else None
    return True


def _clipped_by(widget: Widget) -> Widget | None:
    """The first container around ``widget`` that hides part of it, if any."""
    region = widget.region
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        bounds = ancestor.region
        fits_across = bounds.x <= region.x and region.right <= bounds.right
        fits_down = region.height > bounds.height or (
            bounds.y <= region.y and region.bottom <= bounds.bottom
        )
        if not (fits_across and fits_down):
            return ancestor
    return None


def _name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


async def layout_problems(app: ConsentApp, pilot: Pilot[None]) -> list[str]:
    """Every cut text and unreachable focusable widget on the active screen, as sentences."""
    screen = app.screen
    problems: list[str] = []
    for widget in list(screen.query("*")):
        if not _is_shown(widget) or not widget.is_attached:
            continue
        label = _label(widget)
        if not widget.focusable and not (label and label.strip()):
            continue
        screen.scroll_to_widget(widget, animate=False, immediate=True)
        await pilot.pause()
        if widget.focusable and (clipper := _clipped_by(widget)) is not None:
            problems.append(
                f"{_name(widget)} ({label!r}) lies outside {_name(clipper)} and cannot be seen"
            )
            continue
        if label and _squash(label) not in _squash(_shown(app, widget.region)):
            if widget.region.height >= app.size.height - 2:
                continue  # taller than the screen: not all of it can show at once
            shown = " ".join(_shown(app, widget.region).split())
            problems.append(f"{_name(widget)} is cut: {label!r} shows as {shown!r}")
        if isinstance(widget, OptionList):
            problems += await _cut_options(app, pilot, widget)
    return problems


async def _cut_options(app: ConsentApp, pilot: Pilot[None], options: OptionList) -> list[str]:
    """Options are checked one by one, each scrolled into view by highlighting it."""
    problems: list[str] = []
    before = options.highlighted
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        text = prompt if isinstance(prompt, str) else getattr(prompt, "plain", str(prompt))
        options.scroll_to_highlight()
        options.highlighted = index
        await pilot.pause()
        shown = _shown(app, options.region)
        if _squash(text) not in _squash(shown):
            shown = " ".join(shown.split())
            problems.append(f"{_name(options)} option {index} is cut: {text!r} in {shown!r}")
    options.highlighted = before
    await pilot.pause()
    return problems
