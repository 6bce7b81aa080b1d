"""A text field can be seen when it is empty, in both themes: staff home's search field sat
on the page with nearly the page's own colour (and none at all in high contrast)."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widgets import Input

from api_client import ConsentClient
from api_client.models import Role
from consent_app.app import ConsentApp
from consent_app.display_settings import ThemeName
from consent_app.outbox import Outbox
from consent_app.screens.staff.home import StaffHomeScreen
from consent_app.settings import AppSettings
from tests.support.pilot import SIZE, screen_text
from tests.support.roles import People, log_in

pytestmark = pytest.mark.anyio

EDGE = "▏"


def _contrast(one: Color, other: Color) -> float:
    """WCAG 2 contrast ratio."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in color.rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["default", "high-contrast"])
async def test_the_empty_search_field_on_staff_home_is_marked_and_contrasts(
    people: People, app_client: ConsentClient, theme: ThemeName
) -> None:
    staff = people.account(Role.staff, "staff")
    box = Outbox.in_memory()
    app = ConsentApp(
        AppSettings(language="nl", theme=theme), app_client, outbox_factory=lambda: box
    )
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, staff)
        screen = app.screen
        assert isinstance(screen, StaffHomeScreen)
        field = screen.query_one("#record", Input)
        assert field.value == "" and not field.has_focus
        row = field.region.y
        line = screen_text(app).splitlines()[row]
        assert line[field.region.x] == EDGE, line  # a mark that needs no colour
        page = screen.query_one("#body").background_colors[1]
        edge = field.styles.border_left[1]
        assert _contrast(edge, page) >= 3  # WCAG 1.4.11: a field's edge stands out
