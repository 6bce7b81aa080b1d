"""The catalogs are complete, in step with the source, and compiled as committed."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess

import pytest
from babel.messages.catalog import Catalog, Message

from consent_app import catalogs
from consent_app.i18n import LANGUAGES

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def _catalog(language: str) -> Catalog:
    return catalogs.read(catalogs.po_path(language), language)


def _strings(message: Message) -> list[str]:
    """The translation(s) of a message; an untranslated one as the empty string."""
    string = message.string
    return list(string) if isinstance(string, tuple | list) else [string or ""]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _key(message: Message) -> str:
    return _ids(message)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = _catalog(language)
    untranslated = [_key(m) for m in catalog if m.id and not all(_strings(m))]
    fuzzy = [_key(m) for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_holds_exactly_the_messages_the_source_uses(language: str) -> None:
    used = {_key(m) for m in catalogs.extract() if m.id}
    present = {_key(m) for m in _catalog(language) if m.id}
    assert sorted(present - used) == [], "unused messages: run python -m consent_app.catalogs"
    assert sorted(used - present) == [], "new messages: run python -m consent_app.catalogs"


def test_template_is_in_step_with_the_source() -> None:
    used = {_key(m) for m in catalogs.extract() if m.id}
    template = {_key(m) for m in catalogs.read(catalogs.TEMPLATE) if m.id}
    assert template == used


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_in_each_translation_match_the_original(language: str) -> None:
    mismatches = []
    for message in _catalog(language):
        if not message.id:
            continue
        expected = sorted(PLACEHOLDER.findall(_ids(message)[-1]))
        for string in _strings(message):
            if sorted(PLACEHOLDER.findall(string)) != expected:
                mismatches.append(_key(message))
    assert mismatches == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_matches_the_po(language: str) -> None:
    with catalogs.mo_path(language).open("rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, object] = {}
    for message in _catalog(language):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            for index, string in enumerate(_strings(message)):
                expected[(message.id[0], index)] = string
        else:
            expected[message.id] = message.string
    committed_messages = {key: value for key, value in committed.items() if key != ""}
    assert committed_messages == expected, "run: uv run python -m consent_app.catalogs"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_check_is_clean(language: str) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogs.po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert "warning" not in result.stderr
