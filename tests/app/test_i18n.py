from __future__ import annotations

import datetime as dt

import pytest

from consent_app import i18n
from consent_app.i18n import Msg, _, detect_language, format_date, set_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LANGUAGE": "en_GB:nl", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_dutch_locale_gives_dutch_everything_else_english(
    environ: dict[str, str], expected: str
) -> None:
    assert detect_language(environ) == expected


def test_switching_language_changes_translations_at_once() -> None:
    set_language("nl")
    assert _("Log in") == "Inloggen"
    set_language("en")
    assert _("Log in") == "Log in"


def test_lazy_message_follows_a_later_switch() -> None:
    message = Msg("Version %(version)s, last changed on %(when)s.", version=3, when="x")
    assert str(message).startswith("Version 3")
    set_language("nl")
    assert str(message).startswith("Versie 3")


def test_lazy_message_repr_never_shows_its_values() -> None:
    assert "geheim" not in repr(Msg("not before %(date)s", date="geheim"))


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        set_language("de")  # type: ignore[arg-type]


def test_dates_are_written_the_way_each_language_writes_them() -> None:
    day = dt.date(2025, 3, 3)
    set_language("nl")
    assert format_date(day) == "3 maart 2025"
    set_language("en")
    assert format_date(day) == "3 March 2025"


def test_catalogs_are_found_in_the_source_checkout() -> None:
    assert any(path.name == "locales" for path in i18n.locale_dirs())


def test_translation_lookup_is_cheap() -> None:
    import timeit

    set_language("nl")
    seconds = timeit.timeit(lambda: _("Log in"), number=10_000)
    assert seconds < 0.05
