"""Translations and locale-aware formatting.

Every user-facing string goes through :func:`_` (or :func:`N_` where the text must be
translated later, at display time). Catalogs are gettext ``.po`` files under
``locales/<lang>/LC_MESSAGES/consent_app.po`` with compiled ``.mo`` files beside them; in an
installed wheel the same tree lives in ``consent_app/_locales``.

Adding or changing strings (run from the repository root)::

    uv run pybabel extract -F locales/babel.cfg -k N_ -k Msg -o locales/consent_app.pot consent_app
    uv run pybabel update -i locales/consent_app.pot -d locales -D consent_app --no-fuzzy-matching
    # translate the new entries in locales/nl/... and locales/en/... (en: copy the msgid)
    uv run pybabel compile -d locales -D consent_app --statistics

``_`` is one dictionary lookup on the active catalog, so it is cheap to call in render paths.
This module does not import Textual, so the CLI can use it without paying for the UI.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Literal

DOMAIN = "consent_app"
Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")
DEFAULT_LANGUAGE: Language = "en"

# Each language is named in itself, so a person who cannot read the current one still
# recognises their own. These names are deliberately not translated.
LANGUAGE_NAMES: dict[Language, str] = {"nl": "Nederlands", "en": "English"}

_PACKAGE_DIR = Path(__file__).resolve().parent


def locale_dirs() -> list[Path]:
    """Where catalogs may live: the wheel layout first, then the source checkout."""
    candidates = [_PACKAGE_DIR / "_locales", _PACKAGE_DIR.parent / "locales"]
    return [path for path in candidates if path.is_dir()]


@cache
def _translations(language: Language) -> gettext_module.NullTranslations:
    for directory in locale_dirs():
        try:
            return gettext_module.translation(DOMAIN, localedir=directory, languages=[language])
        except FileNotFoundError:
            continue
    # Without a catalog the English source text is shown: better than nothing on screen.
    return gettext_module.NullTranslations()


_active_language: Language = DEFAULT_LANGUAGE
_active: gettext_module.NullTranslations = gettext_module.NullTranslations()


def set_language(language: Language) -> None:
    """Make ``language`` the language of every later call to :func:`_`."""
    global _active_language, _active
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    _active_language = language
    _active = _translations(language)


def current_language() -> Language:
    return _active_language


def other_language() -> Language:
    """The language the switch key changes to (there are two for now)."""
    return "en" if _active_language == "nl" else "nl"


def detect_language(environ: Mapping[str, str] | None = None) -> Language:
    """Dutch when the person's locale is Dutch, otherwise English.

    Reads the same variables as gettext, in gettext's order.
    """
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            first = value.split(":")[0].strip().lower()
            if first in {"c", "posix", "c.utf-8"}:
                return DEFAULT_LANGUAGE
            return "nl" if first.startswith("nl") else "en"
    return DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active.gettext(message)


gettext = _
"""Alias for callers that prefer the standard name (``from consent_app.i18n import gettext``)."""


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now.

    Used for texts kept around and translated when shown, so they follow a language switch.
    """
    return message


# --- formatting ----------------------------------------------------------------------------

_BABEL_LOCALES: dict[Language, str] = {"nl": "nl_NL", "en": "en_GB"}


def babel_locale() -> str:
    return _BABEL_LOCALES[_active_language]


def format_date(value: dt.date) -> str:
    """A date as people write it in the active language: "3 maart 2025" / "3 March 2025"."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="long", locale=babel_locale())


def format_datetime(value: dt.datetime) -> str:
    """Date and time in local time, without seconds: "3 maart 2025 14:05"."""
    from babel.dates import format_date as babel_format_date
    from babel.dates import format_time as babel_format_time

    local = value.astimezone() if value.tzinfo is not None else value
    day = babel_format_date(local, format="long", locale=babel_locale())
    time = babel_format_time(local, format="short", locale=babel_locale())
    return f"{day} {time}"


def format_number(value: int | float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


class Msg:
    """A message translated when shown, so it follows a later language switch.

    ``Msg("Version %(version)s", version=3)`` is extracted like ``_`` (keyword ``Msg``) and
    rendered with ``str()`` in whatever language is active at that moment.
    """

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        text = _(self.msgid)
        return text % self.params if self.params else text

    def __repr__(self) -> str:  # never includes params: they may be personal
        return f"Msg({self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)
