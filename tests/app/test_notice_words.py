"""Notices in words: every key the server sends and every access-log action it writes about
findings and deliveries has a text in Dutch and English."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest

from api_client.models import AccessLogEntry, Role
from api_client.notices import FindingKind, NoticeItem, ResponseKind, WithheldReason
from consent_app import access_words, notice_words
from consent_app.i18n import set_language
from consent_server.notice_tables import FindingRow
from consent_server.notice_texts import item_of

CHANNELS = ("app", "email", "phone", "post", "in_person")
SERVER_ACTIONS = [
    *(f"finding.recorded.{kind.value}" for kind in FindingKind),
    "finding.replayed",
    *(f"notice.withheld.{reason.value}" for reason in WithheldReason),
    "notice.in_app.you.app",
    "notice.in_app.rep.app",
    *(f"notice.queued.you.{channel}" for channel in CHANNELS),
    *(f"notice.contact-read.{channel}" for channel in CHANNELS),
    *(
        f"notice.outcome.{outcome}.{channel}"
        for outcome in ("delivered", "not_reached", "refused")
        for channel in CHANNELS
    ),
    "notice.list",
    "notice.read",
    *(f"notice.response.{kind.value}" for kind in ResponseKind),
    "notice-responses.read",
    "digest.released",
    "first-contact.list",
    "first-contact.done",
    "reassurance.sent",
]


@pytest.fixture(params=["nl", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


def _item(kind: FindingKind) -> NoticeItem:
    row = FindingRow(
        id=uuid.uuid4(),
        kind=kind.value,
        case_reference="Z-1",
        authority="Politie",
        join_deadline=None,
        created_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC),
    )
    return item_of(row)


@pytest.mark.parametrize("action", SERVER_ACTIONS)
def test_every_notices_action_reads_as_words(language: str, action: str) -> None:
    entry = AccessLogEntry(
        at=dt.datetime(2026, 3, 3, 10, 15, tzinfo=dt.UTC),
        actor_role=Role.notifier,
        actor_label="police.desk",
        action=action,
    )
    line = access_words.access_line(entry)
    assert notice_words.action_text(action) is not None, action
    assert action not in line and "%(" not in line


def test_dutch_lines_are_dutch() -> None:
    set_language("nl")
    try:
        assert notice_words.action_text("notice.outcome.delivered.phone") == (
            "vertelde het je per telefoon"
        )
    finally:
        set_language("en")
    assert notice_words.action_text("notice.outcome.delivered.phone") == "told you by phone"
    assert notice_words.action_text("notice.unknown.thing") is None


@pytest.mark.parametrize("kind", list(FindingKind))
def test_each_kind_has_a_calm_title_and_text_for_the_victim_and_for_a_representative(
    language: str, kind: FindingKind
) -> None:
    item = _item(kind)
    own = notice_words.body(item, for_representative=False)
    theirs = notice_words.body(item, for_representative=True)
    assert notice_words.title(item) and own and theirs and own != theirs
    assert "person you represent" in theirs or "persoon die je vertegenwoordigt" in theirs
    for action in item.actions:
        assert notice_words.answer_label(action)
    assert notice_words.reassurance_body(for_representative=False) != (
        notice_words.reassurance_body(for_representative=True)
    )
