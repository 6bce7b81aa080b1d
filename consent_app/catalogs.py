"""Keep the translation catalogs in step with the source (a developer tool, not used at run time).

    uv run python -m consent_app.catalogs            # extract, update, fill English, compile

English is the source language: its catalog copies each msgid, so the catalog is complete
and a future English rewording can be done in the catalog alone. Dutch (and any later
language) needs a human translation; new entries stay empty until someone writes them, and
the test suite fails until then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from consent_app.i18n import DOMAIN, LANGUAGES

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "locales"
SOURCE = REPO / "consent_app"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Msg": None}
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
HEADER_COMMENT = (
    "# Messages of the consent app. Regenerate with: uv run python -m consent_app.catalogs"
)
# A fixed date keeps the files stable: git already records when each change was made.
FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """The messages the source uses now, as a template catalog."""
    template = Catalog(
        project=DOMAIN,
        version="1",
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER_COMMENT,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        msgid_bugs_address="consent app team",
    )
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), method_map, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        template.add(
            message,
            None,
            [(f"consent_app/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        no_location=True,
        sort_output=True,
        width=100,
        omit_header=False,
        ignore_obsolete=True,
    )
    return buffer.getvalue()


def update() -> dict[str, int]:
    """Write the template, merge it into each catalog and compile; return untranslated counts."""
    template = extract()
    TEMPLATE.write_bytes(_po_bytes(template))
    missing: dict[str, int] = {}
    for language in LANGUAGES:
        catalog = read(po_path(language), language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.header_comment = HEADER_COMMENT
        catalog.last_translator = "consent app team"
        catalog.language_team = f"{language} (consent app team)"
        catalog.msgid_bugs_address = "consent app team"
        catalog.revision_date = FIXED_DATE
        if language == "en":
            for message in catalog:
                if message.id and not any(_strings(message)):
                    message.string = message.id
        po_path(language).write_bytes(_po_bytes(catalog))
        mo_path(language).write_bytes(compiled(catalog))
        missing[language] = sum(1 for m in catalog if m.id and not all(_strings(m)))
    return missing


def _strings(message: object) -> tuple[str, ...]:
    string = message.string  # type: ignore[attr-defined]
    return tuple(string) if isinstance(string, tuple | list) else (string,)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m consent_app.catalogs")
    parser.parse_args(argv)
    missing = update()
    for language, count in missing.items():
        print(f"{language}: {count} untranslated")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
