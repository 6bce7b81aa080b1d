"""Values the server names in English (kinds of representative, reasons, actions) and the
demo panel are shown in the person's language, never raw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

import pytest

from api_client import ConsentClient
from api_client.models import AccessLogEntry, DelegationKind, Permission, Role
from consent_app.access_words import access_line, permissions_text
from consent_app.app import ConsentApp
from consent_app.demo import DemoSeed
from consent_app.i18n import Language, set_language
from consent_app.settings import AppSettings
from tests.support.pilot import SIZE, screen_text

pytestmark = pytest.mark.anyio
AT = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def dutch() -> Iterator[None]:
    set_language("nl")
    yield
    set_language("en")


def _line(action: str, reason: str | None, role: Role = Role.staff) -> str:
    entry = AccessLogEntry(at=AT, actor_role=role, actor_label="sam", action=action, reason=reason)
    return access_line(entry)


@pytest.mark.parametrize(
    ("action", "reason", "dutch_words", "english_words"),
    [
        ("invitation.create", "lawyer", "als advocaat", ["lawyer", "waarom"]),
        ("invitation.accept", "support_worker", "als ", ["support_worker", "waarom"]),
        ("work-list.read", "re-consent", "waarom: een gesprek over de keuzes", ["re-consent"]),
        ("subject.find", None, "gevonden door te zoeken", ["subject.find", "iets anders"]),
        ("preferences.write-replayed", None, "opnieuw verstuurd", ["replayed", "iets anders"]),
        ("delegation.verified", "rep.one", "vertegenwoordiger gecontroleerd", ["verified"]),
        ("delegation.conflict-of-interest", "rep.one", "belangenconflict", ["conflict-of"]),
    ],
)
def test_access_log_lines_in_dutch_have_no_english_server_names(
    dutch: None, action: str, reason: str | None, dutch_words: str, english_words: list[str]
) -> None:
    line = _line(action, reason)
    assert dutch_words in line
    for word in english_words:
        assert word not in line


def test_every_kind_of_representative_reads_as_words(dutch: None) -> None:
    for kind in DelegationKind:
        line = _line("invitation.create", kind.value, Role.victim)
        assert kind.value not in line


async def test_the_demo_panel_follows_the_language(offline_client: ConsentClient) -> None:
    seed = DemoSeed("staff", "ab12-cd34", ["7KQ2-M9XD-4HPA-R3TB"], "R3TB-7KQ2-M9XD-4HPA")
    info = partial(seed.describe, "http://127.0.0.1:8123")
    app = ConsentApp(AppSettings(language="nl"), offline_client, demo_info=info)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "medewerker: staff / ab12-cd34" in text
        assert "vertegenwoordiger: R3TB-7KQ2-M9XD-4HPA" in text
        assert "representative:" not in text
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "staff: staff / ab12-cd34" in text and "representative:" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "see the choices, change the choices and be told about new findings"),
        ("nl", "de keuzes zien, de keuzes veranderen en horen over nieuwe vondsten"),
    ],
)
def test_what_a_representative_may_do_reads_as_a_sentence(
    language: Language, expected: str
) -> None:
    """The last of several permissions is joined with "and", in the person's language."""
    set_language(language)
    try:
        assert permissions_text(reversed(list(Permission))) == expected
        single = permissions_text([Permission.edit])
        assert single in expected and "," not in single and " and " not in single
    finally:
        set_language("en")
